import Foundation
import Testing

/// The teaching views and rewind in the release binary: keys 1–4 and v switch the main panel while
/// the status line stays; b steps back and s forward again repeats the same numbers.
@Suite("views and rewind in tmux", .serialized)
struct ViewsAndRewindTests {
    typealias Lab = InteractiveLabTests

    @Test("keys 2, 3, 4, v and 1 switch the main panel; the status line stays")
    func views() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal(width: 120, height: 36)
        defer { terminal.close() }
        try #require(Lab.startLab(terminal, "scene sin-cubic --paused --optimizer adam", title: SceneFiles.title(of: "sin-cubic") ?? "sin") != nil)
        terminal.send("s")
        try #require(terminal.waitForStatus("one step") { $0.step == 1 } != nil)
        terminal.send("2")
        try #require(terminal.waitForScreen("the landscape") { $0.contains("contours") && $0.contains("optimum") } != nil)
        terminal.send("3")
        let optimizer = try #require(terminal.waitForScreen("the optimizer view") { $0.contains("exp_avg") })
        #expect(optimizer.contains("exp_avg_sq") && optimizer.contains("Adam"), "\(optimizer)")
        terminal.send("4")
        try #require(terminal.waitForScreen("the graph view's prompt") { $0.contains("press s") || $0.contains("MseLossBackward0") } != nil)
        terminal.send("s")
        let graph = try #require(terminal.waitForScreen("the graph") { $0.contains("MseLossBackward0") })
        #expect(graph.contains("AccumulateGrad"), "\(graph)")
        #expect(LabStatus(screen: graph)?.step == 2, "the status line stays in every view")
        terminal.send("v")
        try #require(terminal.waitForScreen("v: back to the fit") { $0.contains("data") && $0.contains("fit") && !$0.contains("MseLossBackward0") } != nil)
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("b goes back a step and s forward again gives the same loss; the status says how far back")
    func rewind() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal(width: 140, height: 36)
        defer { terminal.close() }
        try #require(Lab.startLab(terminal, "scene sin-cubic --paused", title: SceneFiles.title(of: "sin-cubic") ?? "sin") != nil)
        terminal.send("s", "s", "s", "s", "s")
        let fifth = try #require(terminal.waitForStatus("step 5") { $0.step == 5 })
        #expect(terminal.screen().contains("back 5"), "the status should say how far back b goes:\n\(terminal.screen())")
        terminal.send("b")
        let back = try #require(terminal.waitForStatus("step 4") { $0.step == 4 })
        #expect(back.loss != fifth.loss)
        terminal.send("s")
        let again = try #require(terminal.waitForStatus("step 5 again") { $0.step == 5 })
        #expect(again.loss == fifth.loss, "forward again after b must repeat the numbers: \(fifth.loss) then \(again.loss)")
        terminal.send("B")
        let start = try #require(terminal.waitForStatus("back to the oldest step") { $0.step == 0 })
        #expect(start.state == "paused")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }
}
