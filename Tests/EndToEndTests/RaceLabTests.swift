import Foundation
import Testing

/// A race's standings as the lab shows them: the heading's step and one row per runner.
struct RaceStandings: Equatable, CustomStringConvertible {
    struct Row: Equatable {
        var optimizer: String
        var learningRate: String
        var loss: String
        var isSelected: Bool
    }

    var step: Int
    var rows: [Row]

    /// Reads `▶ running  step 12  speed …` and the rows `▶ M Momentum  lr 1e-7  loss 4211  …`.
    init?(screen: String) {
        var step: Int?
        var rows: [Row] = []
        for line in screen.split(separator: "\n").map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "│| ")) }) {
            let words = line.split(separator: " ").map(String.init)
            if step == nil, words.count >= 4, ["running", "paused", "done", "diverged"].contains(words[1]), words[2] == "step" {
                step = Int(words[3])
                continue
            }
            let selected = words.first == "▶"
            let cells = selected ? Array(words.dropFirst()) : words
            guard cells.count >= 6, cells[0].count == 1, cells[2] == "lr", cells[4] == "loss" else { continue }
            rows.append(Row(optimizer: cells[1], learningRate: cells[3], loss: cells[5], isSelected: selected))
        }
        guard let step, !rows.isEmpty else { return nil }
        self.step = step
        self.rows = rows
    }

    var selected: String? { rows.first { $0.isSelected }?.optimizer }

    func row(_ optimizer: String) -> Row? { rows.first { $0.optimizer == optimizer } }

    var description: String { "step \(step): " + rows.map { "\($0.isSelected ? "▶" : "")\($0.optimizer) lr \($0.learningRate) loss \($0.loss)" }.joined(separator: ", ") }
}

/// `tinylab race` in the lab, in the release binary: tab, +, x, b and q.
@Suite("race in the lab in tmux", .serialized)
struct RaceLabTests {
    typealias Lab = InteractiveLabTests

    static func waitForStandings(_ terminal: TmuxTerminal, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                                 until condition: (RaceStandings) -> Bool) -> RaceStandings? {
        terminal.waitForScreen(what, settled: true, sourceLocation: sourceLocation) { screen in
            RaceStandings(screen: screen).map(condition) ?? false
        }.flatMap(RaceStandings.init(screen:))
    }

    @Test("tab moves the selection, + doubles only the selected runner's rate, b steps every runner back, x drops the selected runner, q exits 0")
    func raceKeys() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        terminal.type(Lab.command("race sin-cubic --optimizers sgd,momentum,adam --paused"))
        let start = try #require(Self.waitForStandings(terminal, "the race to be drawn") { $0.rows.count == 3 })
        #expect(start.step == 0 && start.rows.map(\.optimizer) == ["SGD", "Momentum", "Adam"], "\(start)")
        #expect(start.selected == "SGD", "\(start)")
        let screen = terminal.screen()
        #expect(screen.contains("sin-cubic · race") && screen.contains("SGD S") && screen.containsBraille, "\(screen)")

        terminal.send("Tab")
        try #require(Self.waitForStandings(terminal, "tab to select Momentum") { $0.selected == "Momentum" } != nil)
        terminal.send("+")
        let doubled = try #require(Self.waitForStandings(terminal, "+ to double Momentum's rate") {
            $0.row("Momentum")?.learningRate != start.row("Momentum")?.learningRate
        })
        let before = try #require(start.row("Momentum").flatMap { Double($0.learningRate) }, "\(start)")
        let after = try #require(doubled.row("Momentum").flatMap { Double($0.learningRate) }, "\(doubled)")
        #expect(abs(after / before - 2) < 0.01, "\(start) then \(doubled)")
        for other in ["SGD", "Adam"] {
            #expect(doubled.row(other)?.learningRate == start.row(other)?.learningRate, "only the selected runner's rate changes: \(doubled)")
        }

        terminal.send("s")
        terminal.send("s")
        let two = try #require(Self.waitForStandings(terminal, "two steps") { $0.step == 2 })
        terminal.send("s")
        let three = try #require(Self.waitForStandings(terminal, "a third step") { $0.step == 3 })
        #expect(three.rows.map(\.loss) != two.rows.map(\.loss))
        terminal.send("b")
        let back = try #require(Self.waitForStandings(terminal, "b to go back a step") { $0.step == 2 })
        #expect(back.rows.map(\.loss) == two.rows.map(\.loss), "every runner is back at step 2: \(back) vs \(two)")

        terminal.send("x")
        let dropped = try #require(Self.waitForStandings(terminal, "x to drop Momentum") { $0.rows.count == 2 })
        #expect(dropped.rows.map(\.optimizer) == ["SGD", "Adam"] && dropped.selected == "Adam", "\(dropped)")
        #expect(terminal.screen().contains("Momentum left the race"))

        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }
}
