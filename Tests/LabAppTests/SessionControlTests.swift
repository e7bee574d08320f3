import FrameTesting
import Foundation
import Grad
import Testing
@testable import Lab
@testable import LabApp
import LabFixtures

/// The classroom controls: start paused, a reset that keeps paused/running, R back to the scene's
/// defaults, O back through the optimizers, and the notice that says what a key changed.
@Suite struct SessionControlTests {
    static func parabola(paused: Bool = false) throws -> Session {
        try Fixtures.session("parabola", RunOptions(initialValues: ["x": 1.5], startsPaused: paused))
    }

    static func x(_ session: Session) -> Double { session.parameters[0].tensor.item }

    @Test("--paused opens at step 0 and ticks do not train; space runs")
    func startsPaused() throws {
        let session = try Self.parabola(paused: true)
        var sessionLab = LabModel(solo: session)
        #expect(session.state == .paused)
        for _ in 0..<30 { sessionLab.tick(elapsed: 0.1) { true } }
        #expect(session.step == 0)
        #expect(Self.x(session) == 1.5)
        sessionLab.apply(.togglePause)
        for _ in 0..<5 { sessionLab.tick(elapsed: 0.1) { true } }
        #expect(session.step == 5, "10 steps/s for half a second")
    }

    @Test("r keeps a paused lab paused at step 0, and a running one running")
    func resetKeepsPausedOrRunning() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        for _ in 0..<7 { session.trainStep() }
        sessionLab.apply(.togglePause)
        sessionLab.apply(.reset)
        #expect(session.state == .paused && session.step == 0 && Self.x(session) == 1.5)
        sessionLab.tick(elapsed: 1) { true }
        #expect(session.step == 0, "a reset of a paused lab must stay at step 0")
        sessionLab.apply(.togglePause)
        session.trainStep()
        sessionLab.apply(.reset)
        #expect(session.state == .running && session.step == 0)
        #expect(sessionLab.notice == .reset(running: true))
    }

    @Test("r after a divergence restarts with the lowered rate; the run state before it is kept")
    func resetAfterDivergence() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 10, initialValues: ["x": 1.5]))
        var sessionLab = LabModel(solo: session)
        session.runToEnd()
        guard case .diverged = session.state else { Issue.record("lr 10 should diverge: \(session.state)"); return }
        sessionLab.apply(.togglePause)
        sessionLab.apply(.step)
        guard case .diverged = session.state else { Issue.record("space and s do nothing after a divergence"); return }
        sessionLab.apply(.scaleLearningRate(0.1))
        sessionLab.apply(.scaleLearningRate(0.1))
        sessionLab.apply(.reset)
        #expect(session.learningRate == 10 * 0.1 * 0.1)
        #expect(session.state == .running && session.step == 0)
        session.runToEnd()
        #expect(session.state == .done("gradient below 0.001"), "lr 0.1 converges on 3x²: \(session.state)")
    }

    @Test("R resets to the scene's own optimizer and learning rates, undoing o and +")
    func resetToDefaults() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.nextOptimizer)
        sessionLab.apply(.scaleLearningRate(2))
        sessionLab.apply(.faster)
        for _ in 0..<3 { session.trainStep() }
        sessionLab.apply(.resetToDefaults)
        #expect(session.optimizerKind == .sgd)
        #expect(session.learningRate == 0.01)
        #expect(session.learningRates == session.scene.learningRates)
        #expect(sessionLab.stepsPerSecond == 10)
        #expect(session.step == 0 && Self.x(session) == 1.5)
        #expect(sessionLab.notice == .resetToDefaults(.sgd, learningRate: 0.01))
    }

    @Test("O goes back through the optimizers; each switch says its name and its own rate")
    func previousOptimizer() throws {
        let session = try Fixtures.session("sin-cubic")
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.previousOptimizer)
        #expect(session.optimizerKind == .adamw)
        #expect(sessionLab.notice == .optimizer(.adamw, learningRate: session.scene.learningRates[.adamw]!))
        sessionLab.apply(.previousOptimizer)
        #expect(session.optimizerKind == .adam && session.learningRate == 1e-3)
        sessionLab.apply(.nextOptimizer)
        #expect(session.optimizerKind == .adamw)
        for kind in OptimizerKind.allCases { #expect(kind.next.previous == kind) }
    }

    @Test("a notice says what + changed and disappears after its lifetime, paused or not")
    func noticeLifetime() throws {
        let session = try Self.parabola(paused: true)
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.scaleLearningRate(2))
        #expect(sessionLab.notice == .learningRate(0.02, factor: 2))
        sessionLab.tick(elapsed: LabModel.noticeLifetime - 0.5) { true }
        #expect(sessionLab.notice != nil)
        sessionLab.tick(elapsed: 1) { true }
        #expect(sessionLab.notice == nil)
    }

    @Test("the learning rate stops at the largest finite value and says so")
    func learningRateLimit() throws {
        let session = try Self.parabola(paused: true)
        var sessionLab = LabModel(solo: session)
        for _ in 0..<400 { sessionLab.apply(.scaleLearningRate(10)) }
        #expect(session.learningRate.isFinite && session.learningRate > 1e300)
        #expect(sessionLab.notice == .learningRateLimit(session.learningRate))
    }

    @Test("the key table binds each key once in the lab and once in the menu, and every command has a help text")
    func keyTable() {
        var seen = Set<KeyPress>(), seenInMenu = Set<KeyPress>()
        for entry in KeyTable.entries {
            #expect(!entry.help.isEmpty)
            for key in entry.keys {
                if entry.scope == .menu {
                    #expect(seenInMenu.insert(key).inserted, "\(key) bound twice in the menu")
                    #expect(KeyTable.menuCommand(for: key) != nil)
                } else {
                    #expect(seen.insert(key).inserted, "\(key) bound twice")
                    #expect(KeyTable.command(for: key) != nil)
                }
            }
        }
        #expect(KeyTable.menuCommand(for: .enter) == .menu(.open) && KeyTable.menuCommand(for: .escape) == .menu(.close))
        #expect(KeyTable.command(for: .character("q")) == .quit)
        #expect(KeyTable.command(for: .character("m")) == .sceneMenu)
        #expect(KeyTable.command(for: .escape) == .action(.closeOverlay))
        #expect(KeyTable.command(for: .character("O")) == .action(.previousOptimizer))
        #expect(KeyTable.command(for: .character("R")) == .action(.resetToDefaults))
        let summary = KeyTable.summary()
        let race = KeyTable.summary(race: true)
        for entry in KeyTable.entries {
            for key in entry.keys {
                let name = key.name(unicode: true)
                if entry.scope.applies(inRace: false) { #expect(summary.contains(name), "scene --help lacks \(key)") }
                if entry.scope.applies(inRace: true) { #expect(race.contains(name), "race --help lacks \(key)") }
            }
        }
        #expect(KeyTable.command(for: .character("\t")) == .action(.selectNextRunner))
        #expect(KeyTable.command(for: .character("x")) == .action(.dropSelectedRunner))
        #expect(!summary.contains("runner") && race.contains("select the next runner / drop it") && !race.contains("scene menu"))
        #expect(!summary.contains("  "), "double spaces in the --help key list: \(summary)")
    }
}
