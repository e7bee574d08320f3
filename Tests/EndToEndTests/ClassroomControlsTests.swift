import Foundation
import Testing

/// The controls a teacher uses on a projector, in the release binary: `--paused`, R, O with its
/// notice, and the scene menu (`tinylab` alone, and m in the lab).
@Suite("classroom controls in tmux", .serialized)
struct ClassroomControlsTests {
    typealias Lab = InteractiveLabTests

    @Test("--paused opens at step 0 and stays there; s steps once; R goes back to the scene's defaults")
    func pausedStartAndDefaults() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        let status = try #require(Lab.startLab(terminal, "scene parabola --paused --lr 0.04"))
        #expect(status.state == "paused" && status.step == 0, "\(status)")
        Thread.sleep(forTimeInterval: 0.6)
        #expect(LabStatus(screen: terminal.screen())?.step == 0, "a --paused lab trained on its own")
        terminal.send("s")
        let stepped = try #require(terminal.waitForStatus("one step") { $0.step == 1 })
        #expect(stepped.state == "paused")
        terminal.send("o", "+")
        try #require(terminal.waitForStatus("Momentum") { $0.optimizer == "Momentum" } != nil)
        terminal.send("R")
        let defaults = try #require(terminal.waitForStatus("the scene's defaults") { $0.step == 0 && $0.optimizer == "SGD" })
        #expect(defaults.state == "paused")
        let screen = terminal.screen()
        #expect(screen.contains("scene's defaults"), "R should say what it did:\n\(screen)")
        #expect(defaults.learningRate == "1e-2" || defaults.learningRate == "0.01", "R restores the scene's rate: \(defaults)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("O goes back one optimizer and the lab says which, with its own rate")
    func previousOptimizerNotice() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Lab.startLab(terminal, "scene sin-cubic --paused", title: SceneFiles.title(of: "sin-cubic") ?? "sin") != nil)
        terminal.send("O")
        let adamw = try #require(terminal.waitForStatus("AdamW") { $0.optimizer == "AdamW" })
        #expect(adamw.step == 0)
        terminal.send("O")
        try #require(terminal.waitForStatus("Adam") { $0.optimizer == "Adam" } != nil)
        let screen = terminal.screen()
        #expect(screen.contains("Adam · lr") && screen.contains("its own rate"), "no notice after O:\n\(screen)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("`tinylab` alone opens the scene menu; arrows and Enter open a scene; m reopens it, Esc closes it; q quits from it")
    func sceneMenu() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        terminal.type(Lab.command(""))
        let menu = try #require(terminal.waitForScreen("the scene menu") { $0.contains("scenes") && $0.contains("Enter opens") })
        for name in SceneFiles.names { #expect(menu.contains(name), "the menu lacks \(name):\n\(menu)") }
        #expect(menu.contains("▸ parabola"), "the menu should start on the first scene:\n\(menu)")
        // Down to the scene after parabola, whichever it is, and open it.
        terminal.send("Down")
        let moved = try #require(terminal.waitForScreen("the highlight to move") { !$0.contains("▸ parabola") })
        let chosen = try #require(moved.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "▸ ") else { return nil }
            return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }.first)
        terminal.send("Enter")
        let title = try #require(SceneFiles.title(of: chosen))
        try #require(terminal.waitForScreen("\(chosen) to open") { !$0.contains("Enter opens") && $0.contains(title) } != nil)
        terminal.send("m")
        try #require(terminal.waitForScreen("the menu again") { $0.contains("Enter opens") && $0.contains("▸ \(chosen)") } != nil)
        terminal.send("Escape")
        try #require(terminal.waitForScreen("the menu to close") { !$0.contains("Enter opens") && $0.contains(title) } != nil)
        terminal.send("m")
        try #require(terminal.waitForScreen("the menu again") { $0.contains("Enter opens") } != nil)
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("after a divergence: the advice says to lower the rate, then r; space and s are not offered")
    func divergenceAdvice() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Lab.startLab(terminal, "scene parabola --lr 10") != nil)
        let screen = try #require(terminal.waitForScreen("the run to diverge") { LabStatus(screen: $0)?.state == "diverged" })
        let keyLine = screen.split(separator: "\n").first { $0.contains("q quit") }.map(String.init) ?? ""
        #expect(!keyLine.contains("space") && !keyLine.contains("s step"), "\(keyLine)")
        let words = screen.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let lower = try #require(words.range(of: "lower the learning rate"), "\(screen)")
        let reset = try #require(words.range(of: "press r"), "\(screen)")
        #expect(lower.lowerBound < reset.lowerBound, "the advice must say lower first, then r")
        terminal.send("[", "[", "r")
        let restarted = try #require(terminal.waitForStatus("a run at the lower rate") { $0.state != "diverged" && $0.step == 0 || $0.state == "running" })
        #expect(restarted.learningRate == "1e-1" || restarted.learningRate == "0.1", "\(restarted)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("g types a step and goes there (on, then back), ' bookmarks it, ` and its digit come back to it; Backspace edits the prompt")
    func jumpAndBookmarks() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Lab.startLab(terminal, "scene sin-cubic --paused", title: SceneFiles.title(of: "sin-cubic") ?? "sin") != nil)
        terminal.send("g", "3", "0", "0")
        try #require(terminal.waitForScreen("the step prompt") { $0.contains("go to step: 300_") } != nil)
        terminal.send("BSpace", "Enter")
        let there = try #require(terminal.waitForStatus("step 30") { $0.step == 30 && $0.state == "paused" })
        #expect(there.step == 30)
        terminal.send("'")
        try #require(terminal.waitForScreen("the bookmark notice") { $0.contains("bookmark 1 at step 30") } != nil)
        terminal.send("g", "5", "Enter")
        try #require(terminal.waitForStatus("back at step 5") { $0.step == 5 } != nil)
        terminal.send("`")
        try #require(terminal.waitForScreen("the bookmark prompt") { $0.contains("go to bookmark 1: step 30") } != nil)
        terminal.send("1")
        let back = try #require(terminal.waitForStatus("bookmark 1") { $0.step == 30 && $0.state == "paused" })
        #expect(back.loss == there.loss, "going to the bookmark should repeat the same numbers: \(back) vs \(there)")
        #expect(terminal.screen().contains("'1"), "the loss panel should mark the bookmark:\n\(terminal.screen())")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("overfit: the status line and the loss panel show the test loss, the fit the hollow held-out points; without colour the test curve is ○")
    func testLossOnScreen() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        terminal.type(Lab.command("scene overfit --paused", environment: "NO_COLOR=1 "))
        try #require(terminal.waitForScreen("the lab") { $0.contains("degree-9") } != nil)
        terminal.send("g", "3", "0", "0", "0", "Enter")
        let screen = try #require(terminal.waitForScreen("step 3000") { LabStatus(screen: $0)?.step == 3000 })
        let status = try #require(screen.split(separator: "\n").first { $0.contains("step 3000") && $0.contains("loss ") })
        #expect(status.contains("test "), "the status line lacks the test loss: \(status)")
        #expect(screen.contains("train ●") && screen.contains("test ○"), "the fit's legend should name train and test:\n\(screen)")
        let lossPanel = screen.split(separator: "\n").map { $0.split(separator: "│").last ?? "" }
        #expect(lossPanel.filter { $0.contains("○") }.count >= 5, "the test curve should be drawn in ○:\n\(screen)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("r leaves the run's loss curve as a faint ghost (· without colour) behind the new run; rate and optimizer changes are marked lr×2, →Momentum")
    func ghostAndMarks() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        terminal.type(Lab.command("scene sin-cubic --paused", environment: "NO_COLOR=1 "))
        try #require(terminal.waitForScreen("the lab") { LabStatus(screen: $0)?.step == 0 } != nil)
        terminal.send("g", "1", "0", "0", "Enter")
        try #require(terminal.waitForStatus("step 100") { $0.step == 100 } != nil)
        terminal.send("+", "o")
        terminal.send("g", "2", "0", "0", "Enter")
        let marked = try #require(terminal.waitForScreen("step 200") { LabStatus(screen: $0)?.step == 200 })
        #expect(marked.contains("lr×2") && marked.contains("→Momentum"), "the changes should be marked:\n\(marked)")
        func ghostDots(_ screen: String) -> Int {
            screen.split(separator: "\n").map { $0.suffix($0.count * 2 / 5) }.joined().filter { $0 == "·" }.count
        }
        let before = ghostDots(marked)
        terminal.send("r")
        let reset = try #require(terminal.waitForScreen("the reset") { $0.contains("back to step 0") })
        terminal.send("s", "s")
        let after = try #require(terminal.waitForStatus("step 2") { $0.step == 2 })
        #expect(after.optimizer == "Momentum")
        let screen = terminal.screen()
        #expect(ghostDots(screen) >= before + 20, "the ghost should stay faint on the loss panel:\n\(screen)")
        #expect(!screen.contains("lr×2"), "a reset clears the marks:\n\(reset)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("minibatch: ) and ( double and halve the batch, the status line shows batch and epoch, the loss panel names batch and loss")
    func batchKeysOnScreen() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Lab.startLab(terminal, "scene minibatch --paused", title: SceneFiles.title(of: "minibatch") ?? "mini") != nil)
        terminal.send("s", "s", "s")
        let stepped = try #require(terminal.waitForScreen("batch 20") { $0.contains("batch 20") && LabStatus(screen: $0)?.step == 3 })
        #expect(stepped.contains("epoch 1") && stepped.contains("full-batch stable <"), "\(stepped)")
        terminal.send(")")
        try #require(terminal.waitForScreen("batch size 40") { $0.contains("batch size 40 from the next step") } != nil)
        terminal.send("(", "(")
        let halved = try #require(terminal.waitForScreen("batch 10") { $0.contains("batch size 10 from the next step") })
        #expect(halved.contains("batch 10"), "\(halved)")
        terminal.send("g", "4", "0", "Enter")
        let later = try #require(terminal.waitForScreen("step 40") { LabStatus(screen: $0)?.step == 40 })
        #expect(later.contains("epoch "), "\(later)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("xor: the decision map with its class legend; n draws new data (seed 1), z raises the noise, each back at step 0")
    func dataKeysOnScreen() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Lab.startLab(terminal, "scene xor --paused", title: SceneFiles.title(of: "xor") ?? "xor") != nil)
        terminal.send("s", "s")
        let stepped = try #require(terminal.waitForScreen("step 2") { LabStatus(screen: $0)?.step == 2 })
        #expect(stepped.contains("● class 0") && stepped.contains("▲ class 1") && stepped.contains("acc "), "\(stepped)")
        terminal.send("n")
        let fresh = try #require(terminal.waitForScreen("new data") { $0.contains("new data: seed 1") })
        #expect(LabStatus(screen: fresh)?.step == 0, "\(fresh)")
        terminal.send("z")
        try #require(terminal.waitForScreen("noise 0.05") { $0.contains("new data: seed 1 · noise 0.05") } != nil)
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("xor: 5 opens the neurons view with h1's formula, j and k choose h2 and back, p the next, v passes it by on sin-cubic")
    func neuronsKeysOnScreen() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Lab.startLab(terminal, "scene xor --paused", title: SceneFiles.title(of: "xor") ?? "xor") != nil)
        terminal.send("s", "5")
        let neurons = try #require(terminal.waitForScreen("neurons view") { $0.contains("first layer of 2-8-1: 8 tanh neurons") })
        #expect(neurons.contains("h1 = tanh(") && neurons.contains("h8"), "\(neurons)")
        terminal.send("j")
        try #require(terminal.waitForScreen("h2 chosen") { $0.contains("h2 = tanh(") } != nil)
        terminal.send("k", "k")
        try #require(terminal.waitForScreen("round to h8") { $0.contains("h8 = tanh(") } != nil)
        terminal.send("p")
        try #require(terminal.waitForScreen("p: h1 again") { $0.contains("h1 = tanh(") } != nil)
        terminal.send("1")
        try #require(terminal.waitForScreen("the map again") { $0.contains("▲ class 1") } != nil)
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }
}

