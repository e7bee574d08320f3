import Lab
@testable import LabApp
import LabFixtures
import Plot
import Testing

/// The lab as a program, driven in process by events as the terminal would send them.
struct LabModelUpdateTests {
    static func solo(_ scene: String = "parabola", paused: Bool = true) throws -> LabModel {
        LabModel(solo: try Fixtures.session(scene, RunOptions(startsPaused: paused)), menuOptions: RunOptions(startsPaused: paused))
    }

    @Test("m opens the scene menu; its keys come from the key table; Enter opens the highlighted scene in the first view")
    func sceneMenu() throws {
        var lab = try Self.solo()
        lab.update(.key(.character("2")))
        #expect(lab.update(.key(.character("m"))) == nil && lab.menu?.selectedEntry?.name == "parabola")
        lab.update(.key(.down))
        lab.update(.key(.character("j")))
        let chosen = try #require(lab.menu?.selectedEntry?.name)
        #expect(chosen != "parabola")
        lab.update(.key(.character("s")))
        #expect(lab.runners[0].step == 0, "s is not a lab key while the menu is open")
        let frame = lab.frame(width: 100, height: 30, options: .standard).text
        #expect(frame.contains("↑↓ choose · Enter opens · Esc back · q quits"), "\(frame)")
        lab.update(.key(.enter))
        #expect(lab.menu == nil && lab.race.scene.name == chosen && lab.view == .fit)
        #expect(lab.runners[0].state == .paused, "opened with the menu's options (--paused)")
    }

    @Test("Esc and m close the menu; q in the menu quits; a race has no menu")
    func menuClosesAndQuits() throws {
        var lab = try Self.solo()
        lab.update(.key(.character("m")))
        lab.update(.key(.escape))
        #expect(lab.menu == nil)
        lab.update(.key(.character("m")))
        lab.update(.key(.character("m")))
        #expect(lab.menu == nil)
        lab.update(.key(.character("m")))
        #expect(lab.update(.key(.character("q"))) == .quit)
        var race = LabModel(race: try Race(scene: Fixtures.scene("parabola"), optimizers: [.sgd, .adam]))
        race.update(.key(.character("m")))
        #expect(race.menu == nil)
        #expect(race.update(.key(.character("q"))) == .quit)
    }

    @Test("a tick trains what is due at the lab's speed; a terminal too small pauses, a large one resumes")
    func ticksAndVisibility() throws {
        var lab = try Self.solo(paused: false)
        lab.update(.tick(elapsed: 0.1, hasTime: { true }))
        let speed = LabModel.speeds[lab.speedIndex]
        #expect(lab.runners[0].step == Int(speed * 0.1))
        lab.update(.resize(width: LabLayout.minimumWidth - 1, height: 40))
        #expect(!lab.isVisible && lab.runners[0].state == .paused)
        let step = lab.runners[0].step
        lab.update(.tick(elapsed: 0.1, hasTime: { true }))
        #expect(lab.runners[0].step == step)
        lab.update(.resize(width: 120, height: 40))
        #expect(lab.isVisible && lab.runners[0].state == .running)
    }

    @Test("a solo run is a race of one: o switches its optimizer; in a race o says no and tab selects")
    func soloAndRace() throws {
        var lab = try Self.solo()
        #expect(!lab.isRace && lab.runners.count == 1)
        lab.update(.key(.character("o")))
        #expect(lab.selectedRunner.optimizerKind == .momentum && lab.notice == .optimizer(.momentum, learningRate: lab.selectedRunner.learningRate))
        lab.update(.key(.character("\t")))
        #expect(lab.selectedIndex == 0, "tab does nothing in a solo lab")
        var race = LabModel(race: try Race(scene: Fixtures.scene("parabola"), optimizers: [.sgd, .adam]))
        race.update(.key(.character("o")))
        #expect(race.notice == .optimizerFixedInRace && race.runners.map(\.optimizerKind) == [.sgd, .adam])
        race.update(.key(.character("\t")))
        #expect(race.selectedIndex == 1 && race.notice == .runnerSelected(.adam))
        let rates = race.runners.map(\.learningRate)
        race.update(.key(.character("+")))
        #expect(race.runners.map(\.learningRate) == [rates[0], 2 * rates[1]], "+ changes the selected runner's rate only")
    }

    @Test("the view decides what steps record: the graph only in the graph view")
    func recordingFollowsTheView() throws {
        var lab = try Self.solo()
        #expect(lab.runners[0].recording == .curves)
        lab.update(.key(.character("4")))
        #expect(lab.runners[0].recording == [.graph, .curves])
        lab.update(.key(.character("s")))
        #expect(lab.runners[0].lastGraph?.step == 0)
        lab.update(.key(.character("3")))
        #expect(lab.runners[0].recording == [.updateChanges, .curves])
    }
}

/// What a teacher trips on (issue 20), in process.
struct LabModelTeachingTests {
    @Test("a scene opened from the menu keeps the lab's paused or running state")
    func menuKeepsPausedState() throws {
        for paused in [true, false] {
            var lab = LabModel(solo: try Fixtures.session("parabola", RunOptions(startsPaused: paused)), menuOptions: RunOptions())
            lab.update(.key(.character("m")))
            lab.update(.key(.down))
            lab.update(.key(.enter))
            #expect(lab.race.scene.name == "linear")
            #expect(lab.runners[0].state == (paused ? .paused : .running), "opened \(lab.runners[0].state) from a lab paused: \(paused)")
        }
    }

    @Test("B past step 0 says where it went; b at step 0 says there is nothing before it")
    func stepBackToTheStartSaysWhereItWent() throws {
        var lab = try LabModelUpdateTests.solo()
        for _ in 0..<8 { lab.update(.key(.character("s"))) }
        lab.update(.key(.character("B")))
        #expect(lab.runners[0].step == 0 && lab.notice == .rewoundAsFarAsPossible(to: 0))
        #expect(lab.picture(unicode: true).status.message?.hasPrefix("back at step 0, the start") == true)
        lab.update(.key(.character("b")))
        #expect(lab.notice == .rewindLimit(oldest: 0))
    }

    @Test("a key that does nothing says so and changes nothing, never quits")
    func keysThatDoNothing() throws {
        var lab = try LabModelUpdateTests.solo()
        let before = lab.picture(unicode: true).status
        for key: KeyPress in [.character("x"), .character("y"), .character("\t"), .enter] {
            #expect(lab.update(.key(key)) == nil)
            #expect(lab.notice == .keyDoesNothing(key))
        }
        let after = lab.picture(unicode: true).status
        #expect(after.step == before.step && after.learningRate == before.learningRate && after.state == before.state)
        #expect(after.message == "Enter does nothing here · ? for keys")
        var race = LabModel(race: try Race(scene: Fixtures.scene("parabola"), optimizers: [.sgd, .adam]))
        race.update(.key(.character("m")))
        #expect(race.notice == .keyDoesNothing(.character("m")) && race.menu == nil)
    }
}
