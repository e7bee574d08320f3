import FrameTesting
import Lab
@testable import LabApp
import LabFixtures
@testable import Plot
import Testing

/// In a race every runner stays visible where the runners' curves, trails and paths overlap: the
/// selected runner on top, the others sharing the cells they cross.
struct RaceVisibilityTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var scene: String
        var view: LabView
        var selectNext = 0
        var testDescription: String { "\(scene) \(view.rawValue), runner \(selectNext) selected" }
    }

    /// The main panel's and the loss panel's text: left and right of the split the `├` row marks
    /// (`┴`, in ASCII an inner `+`), between the title row and that row.
    static func panels(_ lines: [String]) -> (main: String, loss: String) {
        let bottom = lines.indices.dropFirst().first { lines[$0].hasPrefix("├") || lines[$0].hasPrefix("+") } ?? lines.count - 1
        let separator = Array(lines[bottom])
        let split = separator.indices.dropFirst().first { separator[$0] == "┴" || separator[$0] == "+" } ?? separator.count / 2
        var main = "", loss = ""
        for line in lines[2..<bottom] {
            let characters = Array(line)
            main += String(characters[..<split]) + "\n"
            loss += String(characters[split...]) + "\n"
        }
        return (main, loss)
    }

    @Test("every runner's letter (its path's small one or its point's capital) shows on the main panel and the loss panel", arguments: [
        Case(scene: "parabola", view: .fit), Case(scene: "parabola", view: .landscape),
        Case(scene: "sin-cubic", view: .fit), Case(scene: "sin-cubic", view: .landscape),
        Case(scene: "sin-cubic", view: .landscape, selectNext: 2), Case(scene: "noisy-quadratic", view: .fit, selectNext: 1),
    ])
    func everyRunnerShows(_ race: Case) throws {
        var lab = LabModel(race: try LabRaces.race(race.scene), view: race.view)
        for _ in 0..<race.selectNext { lab.apply(.selectNextRunner) }
        let picture = LabRaces.picture(&lab, rounds: 60)
        for (size, options) in [((100, 30), RenderOptions.mono), ((160, 48), .ascii), ((80, 24), .mono)] {
            let lines = render(picture, width: size.0, height: size.1, options: options).lines
            let (main, loss) = Self.panels(lines)
            for letter in ["s", "m", "a"] {
                #expect(main.contains(letter) || main.contains(letter.uppercased()), "\(race) \(size): no \(letter) on the main panel:\n\(lines.joined(separator: "\n"))")
                #expect(loss.contains(letter), "\(race) \(size): no \(letter) on the loss panel:\n\(lines.joined(separator: "\n"))")
            }
        }
    }

    @Test("where two layers draw the same cells the selected one takes every other cell and the other the rest")
    func overlayShares() {
        func layer(_ letter: Character, slot: Int) -> Canvas {
            var canvas = Canvas(columns: 10, rows: 1, unicode: false)
            let ink = Palette(.mono).ink(RunnerInk(slot: slot, letter: letter))
            for column in 0..<10 { canvas.mark(column: column, row: 0, ink: ink) }
            return canvas
        }
        var canvas = Canvas(columns: 10, rows: 1, unicode: false)
        canvas.overlay([layer("s", slot: 0), layer("m", slot: 1), layer("a", slot: 4)], onTop: 0)
        let row = String((0..<10).map { canvas.character(column: $0, row: 0) ?? " " })
        #expect(row == "smsasmsasm")
    }
}
