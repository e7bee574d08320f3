import Grad
import Lab
@testable import LabApp
import LabFixtures
import Plot
import Testing

/// `g` (go to a step, back or on), `'` (bookmark this step) and `` ` `` + digit (go to a bookmark).
struct JumpAndBookmarkTests {
    private func lab(_ scene: String = "sin-cubic", _ options: RunOptions = RunOptions(startsPaused: true)) throws -> LabModel {
        LabModel(solo: try Fixtures.session(scene, options))
    }

    private func type(_ text: String, into lab: inout LabModel) {
        for c in text { lab.update(.key(.character(c))) }
    }

    /// Ticks (each with time for every round) until the lab stops going, at most `limit` ticks.
    private func tickUntilThere(_ lab: inout LabModel, limit: Int = 1000) {
        var ticks = 0
        while lab.stepGoal != nil, ticks < limit {
            lab.update(.tick(elapsed: 1.0 / 30, hasTime: { true }))
            ticks += 1
        }
    }

    private func values(_ lab: LabModel) -> [[Double]] { lab.selectedRunner.parameters.map { $0.tensor.data } }

    /// The parameters of a fresh paused run after `steps` single steps.
    private func reference(_ steps: Int, scene: String = "sin-cubic") throws -> [[Double]] {
        let session = try Fixtures.session(scene, RunOptions(startsPaused: true))
        for _ in 0..<steps { session.stepOnce() }
        return session.parameters.map { $0.tensor.data }
    }

    @Test("g 2 5 Enter trains on to step 25 at top speed and pauses there, with the numbers of 25 single steps")
    func goForward() throws {
        var lab = try lab()
        lab.update(.key(.character("g")))
        #expect(lab.prompt == .step(""))
        type("25", into: &lab)
        #expect(lab.picture(unicode: true).status.message?.hasPrefix("go to step: 25_ · now 0") == true)
        lab.update(.key(.enter))
        #expect(lab.prompt == nil && lab.stepGoal == 25 && lab.notice == .goingTo(25))
        // One tick whose time runs out after 10 rounds: the goal is not yet reached and it goes on.
        var rounds = 0
        lab.update(.tick(elapsed: 1.0 / 30, hasTime: { rounds += 1; return rounds <= 10 }))
        #expect(lab.selectedRunner.step == 10 && lab.stepGoal == 25)
        tickUntilThere(&lab)
        #expect(lab.selectedRunner.step == 25 && lab.selectedRunner.state == .paused && lab.notice == .arrived(at: 25))
        let expected = try reference(25)
        #expect(values(lab) == expected)
        lab.update(.tick(elapsed: 1, hasTime: { true }))
        #expect(lab.selectedRunner.step == 25, "paused at the goal, it stays")
    }

    @Test("going to an earlier step rewinds at once to the same numbers; forward again repeats them")
    func goBack() throws {
        var lab = try lab()
        for _ in 0..<30 { lab.update(.key(.character("s"))) }
        let at30 = values(lab)
        lab.update(.key(.character("g"))); type("7", into: &lab); lab.update(.key(.enter))
        #expect(lab.selectedRunner.step == 7 && lab.notice == .arrived(at: 7) && lab.stepGoal == nil)
        let expected = try reference(7)
        #expect(values(lab) == expected)
        lab.update(.key(.character("g"))); type("30", into: &lab); lab.update(.key(.enter))
        tickUntilThere(&lab)
        #expect(values(lab) == at30)
    }

    @Test("Backspace edits the digits, Esc cancels, letters are ignored, q still quits")
    func promptEditing() throws {
        var lab = try lab()
        lab.update(.key(.character("g")))
        type("4x2", into: &lab)
        #expect(lab.prompt == .step("42"))
        lab.update(.key(.backspace))
        #expect(lab.prompt == .step("4"))
        lab.update(.key(.escape))
        #expect(lab.prompt == nil && lab.selectedRunner.step == 0 && lab.stepGoal == nil)
        lab.update(.key(.character("g")))
        lab.update(.key(.enter))
        #expect(lab.prompt == nil && lab.stepGoal == nil, "Enter with no digits just closes the prompt")
        lab.update(.key(.character("g")))
        #expect(lab.update(.key(.character("q"))) == .quit)
    }

    @Test("Esc while going stops where the run is, paused; space cancels the goal and toggles as usual")
    func stopWhileGoing() throws {
        var lab = try lab()
        lab.update(.key(.character("g"))); type("100", into: &lab); lab.update(.key(.enter))
        var rounds = 0
        lab.update(.tick(elapsed: 1.0 / 30, hasTime: { rounds += 1; return rounds <= 5 }))
        lab.update(.key(.escape))
        #expect(lab.stepGoal == nil && lab.selectedRunner.step == 5 && lab.selectedRunner.state == .paused)
        #expect(lab.notice == .stoppedShort(of: nil, at: 5))
        lab.update(.key(.character("g"))); type("100", into: &lab); lab.update(.key(.enter))
        lab.update(.key(.character(" ")))
        #expect(lab.stepGoal == nil && lab.selectedRunner.state == .paused)
    }

    @Test("a goal past the scene's stop rule stops where the run ends, and says so")
    func goalPastTheEnd() throws {
        var lab = try lab("parabola")
        lab.update(.key(.character("g"))); type("5000", into: &lab); lab.update(.key(.enter))
        tickUntilThere(&lab)
        let step = lab.selectedRunner.step
        #expect(step < 5000 && lab.selectedRunner.isFinished && lab.stepGoal == nil)
        #expect(lab.notice == .stoppedShort(of: 5000, at: step))
        #expect(lab.picture(unicode: true).status.message?.contains("short of 5000") == true)
        lab.update(.key(.character("g"))); type("6000", into: &lab); lab.update(.key(.enter))
        #expect(lab.notice == .cannotGoForward(6000, at: step) && lab.stepGoal == nil)
    }

    @Test("' bookmarks steps 1, 2, …; ` and a digit goes back or on to one; marks on the loss panel")
    func bookmarks() throws {
        var lab = try lab()
        for _ in 0..<4 { lab.update(.key(.character("s"))) }
        lab.update(.key(.character("'")))
        #expect(lab.bookmarks == [4] && lab.notice == .bookmarkSet(1, step: 4))
        lab.update(.key(.character("'")))
        #expect(lab.bookmarks == [4] && lab.notice == .bookmarkExists(1, step: 4))
        for _ in 0..<16 { lab.update(.key(.character("s"))) }
        lab.update(.key(.character("'")))
        #expect(lab.bookmarks == [4, 20])
        let at20 = values(lab)
        #expect(lab.picture(unicode: true).lossMarks == [LossChart.Mark(step: 4, label: "'1"), LossChart.Mark(step: 20, label: "'2")])

        lab.update(.key(.character("`")))
        #expect(lab.prompt == .bookmark)
        #expect(lab.picture(unicode: true).status.message == "go to bookmark 1: step 4 · 2: step 20 · its digit goes, Esc cancels")
        lab.update(.key(.character("1")))
        let at4 = try reference(4)
        #expect(lab.selectedRunner.step == 4 && values(lab) == at4 && lab.view == .fit, "1 goes to the bookmark, not the fit view")
        lab.update(.key(.character("`"))); lab.update(.key(.character("2")))
        tickUntilThere(&lab)
        #expect(lab.selectedRunner.step == 20 && values(lab) == at20)
        lab.update(.key(.character("`"))); lab.update(.key(.character("7")))
        #expect(lab.notice == .noSuchBookmark(7, count: 2) && lab.selectedRunner.step == 20)
        // Another key closes the bookmark prompt and does what it does.
        lab.update(.key(.character("`"))); lab.update(.key(.character("3")))
        lab.update(.key(.character("`"))); lab.update(.key(.character("v")))
        #expect(lab.prompt == nil && lab.view == .landscape)
    }

    @Test("bookmarks survive a reset (going to one trains there again) and stop at nine")
    func bookmarksAcrossReset() throws {
        var lab = try lab()
        lab.update(.key(.character("`")))
        #expect(lab.prompt == nil && lab.notice == .noBookmarks)
        for _ in 0..<9 {
            lab.update(.key(.character("s")))
            lab.update(.key(.character("'")))
        }
        lab.update(.key(.character("s")))
        lab.update(.key(.character("'")))
        #expect(lab.bookmarks == Array(1...9) && lab.notice == .bookmarksFull(9))
        lab.update(.key(.character("r")))
        #expect(lab.bookmarks == Array(1...9) && lab.selectedRunner.step == 0)
        lab.update(.key(.character("`"))); lab.update(.key(.character("6")))
        tickUntilThere(&lab)
        let at6 = try reference(6)
        #expect(lab.selectedRunner.step == 6 && values(lab) == at6)
    }

    @Test("in a race g moves every runner together")
    func raceGoesTogether() throws {
        let race = try Race(scene: try Fixtures.scene("sin-cubic"), optimizers: [.sgd, .adam], options: RunOptions(startsPaused: true))
        var lab = LabModel(race: race)
        lab.update(.key(.character("g"))); type("12", into: &lab); lab.update(.key(.enter))
        tickUntilThere(&lab)
        #expect(lab.runners.map(\.step) == [12, 12] && lab.runners.allSatisfy { $0.state == .paused })
        lab.update(.key(.character("g"))); type("3", into: &lab); lab.update(.key(.enter))
        #expect(lab.runners.map(\.step) == [3, 3])
    }

    @Test("the help lists g, ' and `")
    func helpListsTheKeys() {
        let help = KeyTable.help(race: false, unicode: true)
        #expect(help.contains { $0.keys == "g ' `" && $0.help == "go to step / bookmark / to bookmark" })
    }
}
