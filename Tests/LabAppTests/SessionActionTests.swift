import FrameTesting
import Foundation
import Grad
import Testing
@testable import Lab
@testable import LabApp
import LabFixtures

/// What the keys do to a session: pause, single-step, learning rate, optimizer, speed, help.
@Suite struct SessionActionTests {
    static func parabola(_ x: Double = 1.5, steps: Int? = nil) throws -> Session {
        try Fixtures.session("parabola", RunOptions(steps: steps, initialValues: ["x": x]))
    }

    static func x(_ session: Session) -> Double { session.parameters[0].tensor.item }

    // MARK: pause and step

    @Test func spaceTogglesBetweenRunningAndPaused() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        #expect(session.state == .running)
        sessionLab.apply(.togglePause)
        #expect(session.state == .paused)
        sessionLab.apply(.togglePause)
        #expect(session.state == .running)
        #expect(session.step == 0)
    }

    @Test func stepWhilePausedAdvancesExactlyOneStep() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.togglePause)
        sessionLab.apply(.step)
        #expect(session.step == 1)
        #expect(session.state == .paused)
        #expect(Self.x(session) == 1.5 - 0.01 * 11)
        sessionLab.apply(.step)
        sessionLab.apply(.step)
        #expect(session.step == 3)
        #expect(session.history.count == 3)
        #expect(session.state == .paused)
    }

    @Test func stepWhileRunningPausesThenStepsOnce() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        session.trainStep()
        #expect(session.state == .running)
        sessionLab.apply(.step)
        #expect(session.state == .paused)
        #expect(session.step == 2)
    }

    @Test func stepAfterTheEndGoesOnPastTheStopRuleAndSpaceResumes() throws {
        let session = try Fixtures.session("linear")
        var sessionLab = LabModel(solo: session)
        session.runToEnd()
        #expect(session.state == .done("20 steps"))
        #expect(session.trainStep() == false)
        sessionLab.apply(.step)
        #expect(session.step == 21)
        #expect(session.state == .paused)
        sessionLab.apply(.togglePause)
        #expect(session.state == .running)
        for _ in 0..<5 { #expect(session.trainStep()) }
        #expect(session.step == 26)
        #expect(session.state == .running)
    }

    @Test func spaceOnAFinishedRunResumesItWithoutStopRules() throws {
        let session = try Fixtures.session("linear")
        var sessionLab = LabModel(solo: session)
        session.runToEnd()
        sessionLab.apply(.togglePause)
        #expect(session.state == .running)
        #expect(!session.stopRulesActive)
        #expect(session.trainStep())
        #expect(session.step == 21)
    }

    // MARK: learning rate

    @Test func learningRateKeysScaleTheCurrentRate() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        #expect(session.learningRate == 0.01)
        sessionLab.apply(.scaleLearningRate(2))
        #expect(session.learningRate == 0.02)
        sessionLab.apply(.scaleLearningRate(0.5))
        #expect(session.learningRate == 0.01)
        sessionLab.apply(.scaleLearningRate(10))
        #expect(Fixtures.isClose(session.learningRate, 0.1, relative: 1e-15))
        sessionLab.apply(.scaleLearningRate(0.1))
        #expect(Fixtures.isClose(session.learningRate, 0.01, relative: 1e-15))
        #expect(session.learningRates[.sgd] == session.learningRate)
    }

    @Test func aChangedRateIsUsedByTheNextStep() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.scaleLearningRate(2))
        session.trainStep()
        #expect(Self.x(session) == 1.5 - 0.02 * 11)
    }

    @Test func ratesThatAreNotPositiveOrFiniteAreIgnored() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 1e308))
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.scaleLearningRate(10))
        #expect(session.learningRate == 1e308)
        sessionLab.apply(.scaleLearningRate(0))
        #expect(session.learningRate == 1e308)
        sessionLab.apply(.scaleLearningRate(-1))
        #expect(session.learningRate == 1e308)
    }

    @Test func eachOptimizerRemembersItsOwnRateAllTheWayAround() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        let scene = session.scene
        let factors: [OptimizerKind: Double] = [.sgd: 2, .momentum: 0.5, .nesterov: 10, .rmsprop: 0.1]
        var expected = scene.learningRates
        var visited: [OptimizerKind] = []
        for _ in 0..<6 {
            let kind = session.optimizerKind
            visited.append(kind)
            #expect(session.learningRate == scene.learningRates[kind], "\(kind) starts at the scene's rate")
            if let factor = factors[kind] {
                sessionLab.apply(.scaleLearningRate(factor))
                expected[kind] = scene.learningRates[kind]! * factor
            }
            sessionLab.apply(.nextOptimizer)
        }
        #expect(visited == [.sgd, .momentum, .nesterov, .rmsprop, .adam, .adamw])
        #expect(session.optimizerKind == .sgd)
        // Second time round every optimizer comes back with what the person set.
        for kind in OptimizerKind.allCases {
            #expect(session.optimizerKind == kind)
            #expect(session.learningRate == expected[kind], "\(kind)")
            #expect(session.learningRates[kind] == expected[kind])
            sessionLab.apply(.nextOptimizer)
        }
        #expect(session.optimizerKind == .sgd)
        #expect(session.learningRate == 0.02)
    }

    @Test func theCommandLineRateBelongsToTheChosenOptimizerOnly() throws {
        let session = try Fixtures.session("sin-cubic", RunOptions(optimizer: .adam, learningRate: 0.01))
        var sessionLab = LabModel(solo: session)
        #expect(session.optimizerKind == .adam)
        #expect(session.learningRate == 0.01)
        sessionLab.apply(.nextOptimizer)
        #expect(session.optimizerKind == .adamw)
        #expect(session.learningRate == 1e-3)
        for _ in 0..<5 { sessionLab.apply(.nextOptimizer) }
        #expect(session.optimizerKind == .adam)
        #expect(session.learningRate == 0.01)
    }

    // MARK: optimizer switching

    @Test func switchingOptimizerKeepsTheParameters() throws {
        let session = try Fixtures.session("sin-cubic")
        var sessionLab = LabModel(solo: session)
        for _ in 0..<10 { session.trainStep() }
        let before = Fixtures.flatParameters(session)
        for _ in 0..<6 {
            sessionLab.apply(.nextOptimizer)
            #expect(Fixtures.flatParameters(session) == before)
        }
        #expect(session.step == 10)
        #expect(session.history.count == 10)
    }

    @Test func theFirstMomentumStepAfterASwitchIsAPlainSGDStep() throws {
        let switched = try Self.parabola()
        var switchedLab = LabModel(solo: switched)
        let plain = try Self.parabola()
        for _ in 0..<3 {
            switched.trainStep()
            plain.trainStep()
        }
        switchedLab.apply(.nextOptimizer)
        #expect(switched.optimizerKind == .momentum)
        #expect(switched.learningRate == plain.learningRate)
        let x = Self.x(switched)
        let g1 = 6 * x + 2
        switched.trainStep()
        plain.trainStep()
        #expect(Self.x(switched) == Self.x(plain))
        #expect(Fixtures.isClose(Self.x(switched), x - 0.01 * g1, relative: 1e-15))

        // The second momentum step uses buf = 0.9·g1 + g2.
        let x1 = Self.x(switched)
        let g2 = 6 * x1 + 2
        switched.trainStep()
        #expect(Fixtures.isClose(Self.x(switched), x1 - 0.01 * (0.9 * g1 + g2), relative: 1e-14))
    }

    @Test func switchingFromMomentumToNesterovStartsAFreshBuffer() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.nextOptimizer)
        for _ in 0..<5 { session.trainStep() }   // momentum builds up a buffer
        sessionLab.apply(.nextOptimizer)
        #expect(session.optimizerKind == .nesterov)
        let x = Self.x(session)
        let g = 6 * x + 2
        session.trainStep()
        // Fresh buffer = g, Nesterov direction g + 0.9·buf = 1.9·g.
        #expect(Fixtures.isClose(Self.x(session), x - 0.01 * 1.9 * g, relative: 1e-14))
    }

    @Test func theFirstAdamWStepAfterASwitchMovesEachParameterByTheLearningRate() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        for _ in 0..<4 { sessionLab.apply(.nextOptimizer) }
        #expect(session.optimizerKind == .adam)
        #expect(session.learningRate == 0.05)
        for _ in 0..<3 { session.trainStep() }
        sessionLab.apply(.nextOptimizer)   // AdamW: fresh moments, bias correction from t = 1
        #expect(session.optimizerKind == .adamw)
        let x = Self.x(session)
        session.trainStep()
        // Adam's first step is lr·sign(g) (up to ε); AdamW first decays x by lr·0.01.
        let decayed = x * (1 - 0.05 * 0.01)
        #expect(abs(Self.x(session) - (decayed - 0.05)) < 1e-8)
    }

    // MARK: speed and help

    @Test(arguments: Fixtures.shippedNames)
    func aSceneOpensAtTheFirstOfferedSpeedThatIsNotSlowerThanItsOwn(_ name: String) throws {
        let session = try Fixtures.session(name)
        let sessionLab = LabModel(solo: session)
        let wanted = session.scene.stepsPerSecond
        #expect(sessionLab.stepsPerSecond >= wanted)
        #expect(LabModel.speeds.filter { $0 >= wanted }.first == sessionLab.stepsPerSecond)
    }

    @Test func fasterAndSlowerWalkThroughTheSpeedsAndClampAtBothEnds() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        #expect(sessionLab.stepsPerSecond == 10)
        var index = try #require(LabModel.speeds.firstIndex(of: 10))
        for _ in 0..<(LabModel.speeds.count + 3) {
            sessionLab.apply(.faster)
            index = min(index + 1, LabModel.speeds.count - 1)
            #expect(sessionLab.stepsPerSecond == LabModel.speeds[index])
        }
        #expect(sessionLab.stepsPerSecond == .infinity)
        for _ in 0..<(LabModel.speeds.count + 3) {
            sessionLab.apply(.slower)
            index = max(index - 1, 0)
            #expect(sessionLab.stepsPerSecond == LabModel.speeds[index])
        }
        #expect(sessionLab.stepsPerSecond == 1)
        #expect(session.step == 0)
    }

    @Test func theSpeedsIncreaseAndEndWithAsFastAsPossible() {
        #expect(LabModel.speeds.first == 1)
        #expect(LabModel.speeds.last == .infinity)
        for (a, b) in zip(LabModel.speeds, LabModel.speeds.dropFirst()) { #expect(a < b) }
    }

    @Test func questionMarkTogglesHelp() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        #expect(!sessionLab.showHelp)
        sessionLab.apply(.toggleHelp)
        #expect(sessionLab.showHelp)
        sessionLab.apply(.toggleHelp)
        #expect(!sessionLab.showHelp)
        #expect(session.state == .running)
    }

    // MARK: keys

    @Test(arguments: [
        (KeyPress.character(" "), Action.togglePause),
        (.character("s"), .step),
        (.right, .step),
        (.character("+"), .scaleLearningRate(2)),
        (.character("="), .scaleLearningRate(2)),
        (.character("-"), .scaleLearningRate(0.5)),
        (.character("_"), .scaleLearningRate(0.5)),
        (.character("]"), .scaleLearningRate(10)),
        (.character("["), .scaleLearningRate(0.1)),
        (.character("o"), .nextOptimizer),
        (.character("r"), .reset),
        (.character(">"), .faster),
        (.character("."), .faster),
        (.up, .faster),
        (.character("<"), .slower),
        (.character(","), .slower),
        (.down, .slower),
        (.character("?"), .toggleHelp),
        (.character("h"), .toggleHelp),
        (.escape, .closeOverlay),
    ])
    func documentedKeysMapToTheirActions(_ key: KeyPress, _ action: Action) {
        #expect(Action(key: key) == action)
        #expect(!Action.isQuit(key))
    }

    @Test func qQuitsAndIsNotAnAction() {
        #expect(Action.isQuit(.character("q")))
        #expect(Action(key: .character("q")) == nil)
    }

    @Test("Esc closes the help and, on the main view, changes nothing")
    func escapeClosesOnlyOverlays() throws {
        let session = try Session(scene: Fixtures.scene("parabola"))
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.toggleHelp)
        #expect(sessionLab.showHelp)
        sessionLab.apply(.closeOverlay)
        #expect(!sessionLab.showHelp)
        sessionLab.apply(.closeOverlay)
        #expect(!sessionLab.showHelp)
        #expect(session.state == .running)
        #expect(!Action.isQuit(.escape))
    }

    @Test func otherKeysDoNothing() {
        for key in [KeyPress.character("y"), .character("Q"), .character("9"), .character("\n")] {
            #expect(Action(key: key) == nil)
            #expect(!Action.isQuit(key))
        }
    }

    // MARK: hidden (a terminal too small for the lab)

    @Test func hidingPausesARunningSessionAndShowingResumesIt() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        session.trainStep()
        sessionLab.setVisible(false)
        #expect(!sessionLab.isVisible)
        #expect(session.state == .paused)
        sessionLab.tick(elapsed: 1) { true }
        #expect(session.step == 1, "no training while hidden")
        sessionLab.setVisible(false)
        #expect(session.state == .paused)
        sessionLab.setVisible(true)
        #expect(sessionLab.isVisible)
        #expect(session.state == .running)
        sessionLab.tick(elapsed: 0.2) { true }
        #expect(session.step == 3, "10 steps/s for 0.2 s")
    }

    @Test func aSessionThePersonPausedStaysPausedAfterHidingAndShowing() throws {
        let session = try Self.parabola()
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.togglePause)
        sessionLab.setVisible(false)
        sessionLab.setVisible(true)
        #expect(session.state == .paused)
        sessionLab.setVisible(true)
        #expect(session.state == .paused)
    }

    @Test func finishedAndDivergedSessionsAreUntouchedByHiding() throws {
        let done = try Fixtures.session("linear")
        done.runToEnd()
        let diverged = try Fixtures.session("parabola", RunOptions(learningRate: 10, initialValues: ["x": 1.5]))
        diverged.runToEnd()
        for session in [done, diverged] {
            var sessionLab = LabModel(solo: session)
            let state = session.state
            sessionLab.setVisible(false)
            #expect(session.state == state)
            sessionLab.setVisible(true)
            #expect(session.state == state)
        }
    }

    @Test func aKeyThatChangesTheStateWhileHiddenWins() throws {
        // Pause while hidden (already paused by hiding, then space resumes, space pauses): stays paused.
        let paused = try Self.parabola()
        var pausedLab = LabModel(solo: paused)
        pausedLab.setVisible(false)
        pausedLab.apply(.togglePause)
        #expect(paused.state == .running, "space resumes even while hidden")
        pausedLab.apply(.togglePause)
        pausedLab.setVisible(true)
        #expect(paused.state == .paused)

        // Resume while hidden: keeps running when shown again.
        let resumed = try Self.parabola()
        var resumedLab = LabModel(solo: resumed)
        resumedLab.apply(.togglePause)
        resumedLab.setVisible(false)
        resumedLab.apply(.togglePause)
        resumedLab.setVisible(true)
        #expect(resumed.state == .running)

        // A single step while hidden means "paused, stepping": showing does not resume.
        let stepped = try Self.parabola()
        var steppedLab = LabModel(solo: stepped)
        steppedLab.setVisible(false)
        steppedLab.apply(.step)
        #expect(stepped.step == 1)
        steppedLab.setVisible(true)
        #expect(stepped.state == .paused)

        // Reset while hidden starts a running run, which showing leaves running.
        let reset = try Self.parabola()
        var resetLab = LabModel(solo: reset)
        reset.trainStep()
        resetLab.setVisible(false)
        resetLab.apply(.reset)
        #expect(reset.state == .running)
        resetLab.setVisible(true)
        #expect(reset.state == .running)
        #expect(reset.step == 0)

        // Keys that leave the state alone (speed, rate) keep the hide-resume.
        let other = try Self.parabola()
        var otherLab = LabModel(solo: other)
        otherLab.setVisible(false)
        otherLab.apply(.faster)
        otherLab.apply(.scaleLearningRate(2))
        otherLab.setVisible(true)
        #expect(other.state == .running)
    }
}
