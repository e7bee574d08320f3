import Foundation
import Grad
import Testing
@testable import Lab

/// What the keys do to a session: pause, single-step, learning rate, optimizer, speed, help.
@Suite struct SessionActionTests {
    static func parabola(_ x: Double = 1.5, steps: Int? = nil) throws -> Session {
        try Fixtures.session("parabola", RunOptions(steps: steps, initialValues: ["x": x]))
    }

    static func x(_ session: Session) -> Double { session.parameters[0].tensor.item }

    // MARK: pause and step

    @Test func spaceTogglesBetweenRunningAndPaused() throws {
        let session = try Self.parabola()
        #expect(session.state == .running)
        session.apply(.togglePause)
        #expect(session.state == .paused)
        session.apply(.togglePause)
        #expect(session.state == .running)
        #expect(session.step == 0)
    }

    @Test func stepWhilePausedAdvancesExactlyOneStep() throws {
        let session = try Self.parabola()
        session.apply(.togglePause)
        session.apply(.step)
        #expect(session.step == 1)
        #expect(session.state == .paused)
        #expect(Self.x(session) == 1.5 - 0.01 * 11)
        session.apply(.step)
        session.apply(.step)
        #expect(session.step == 3)
        #expect(session.history.count == 3)
        #expect(session.state == .paused)
    }

    @Test func stepWhileRunningPausesThenStepsOnce() throws {
        let session = try Self.parabola()
        session.trainStep()
        #expect(session.state == .running)
        session.apply(.step)
        #expect(session.state == .paused)
        #expect(session.step == 2)
    }

    @Test func stepAfterTheEndGoesOnPastTheStopRuleAndSpaceResumes() throws {
        let session = try Fixtures.session("linear")
        session.runToEnd()
        #expect(session.state == .done("20 steps"))
        #expect(session.trainStep() == false)
        session.apply(.step)
        #expect(session.step == 21)
        #expect(session.state == .paused)
        session.apply(.togglePause)
        #expect(session.state == .running)
        for _ in 0..<5 { #expect(session.trainStep()) }
        #expect(session.step == 26)
        #expect(session.state == .running)
    }

    @Test func spaceOnAFinishedRunResumesItWithoutStopRules() throws {
        let session = try Fixtures.session("linear")
        session.runToEnd()
        session.apply(.togglePause)
        #expect(session.state == .running)
        #expect(!session.stopRulesActive)
        #expect(session.trainStep())
        #expect(session.step == 21)
    }

    // MARK: learning rate

    @Test func learningRateKeysScaleTheCurrentRate() throws {
        let session = try Self.parabola()
        #expect(session.learningRate == 0.01)
        session.apply(.scaleLearningRate(2))
        #expect(session.learningRate == 0.02)
        session.apply(.scaleLearningRate(0.5))
        #expect(session.learningRate == 0.01)
        session.apply(.scaleLearningRate(10))
        #expect(Fixtures.isClose(session.learningRate, 0.1, relative: 1e-15))
        session.apply(.scaleLearningRate(0.1))
        #expect(Fixtures.isClose(session.learningRate, 0.01, relative: 1e-15))
        #expect(session.learningRates[.sgd] == session.learningRate)
    }

    @Test func aChangedRateIsUsedByTheNextStep() throws {
        let session = try Self.parabola()
        session.apply(.scaleLearningRate(2))
        session.trainStep()
        #expect(Self.x(session) == 1.5 - 0.02 * 11)
    }

    @Test func ratesThatAreNotPositiveOrFiniteAreIgnored() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 1e308))
        session.apply(.scaleLearningRate(10))
        #expect(session.learningRate == 1e308)
        session.apply(.scaleLearningRate(0))
        #expect(session.learningRate == 1e308)
        session.apply(.scaleLearningRate(-1))
        #expect(session.learningRate == 1e308)
    }

    @Test func eachOptimizerRemembersItsOwnRateAllTheWayAround() throws {
        let session = try Self.parabola()
        let scene = session.scene
        let factors: [OptimizerKind: Double] = [.sgd: 2, .momentum: 0.5, .nesterov: 10, .rmsprop: 0.1]
        var expected = scene.learningRates
        var visited: [OptimizerKind] = []
        for _ in 0..<6 {
            let kind = session.optimizerKind
            visited.append(kind)
            #expect(session.learningRate == scene.learningRates[kind], "\(kind) starts at the scene's rate")
            if let factor = factors[kind] {
                session.apply(.scaleLearningRate(factor))
                expected[kind] = scene.learningRates[kind]! * factor
            }
            session.apply(.nextOptimizer)
        }
        #expect(visited == [.sgd, .momentum, .nesterov, .rmsprop, .adam, .adamw])
        #expect(session.optimizerKind == .sgd)
        // Second time round every optimizer comes back with what the person set.
        for kind in OptimizerKind.allCases {
            #expect(session.optimizerKind == kind)
            #expect(session.learningRate == expected[kind], "\(kind)")
            #expect(session.learningRates[kind] == expected[kind])
            session.apply(.nextOptimizer)
        }
        #expect(session.optimizerKind == .sgd)
        #expect(session.learningRate == 0.02)
    }

    @Test func theCommandLineRateBelongsToTheChosenOptimizerOnly() throws {
        let session = try Fixtures.session("sin-cubic", RunOptions(optimizer: .adam, learningRate: 0.01))
        #expect(session.optimizerKind == .adam)
        #expect(session.learningRate == 0.01)
        session.apply(.nextOptimizer)
        #expect(session.optimizerKind == .adamw)
        #expect(session.learningRate == 1e-3)
        for _ in 0..<5 { session.apply(.nextOptimizer) }
        #expect(session.optimizerKind == .adam)
        #expect(session.learningRate == 0.01)
    }

    // MARK: optimizer switching

    @Test func switchingOptimizerKeepsTheParameters() throws {
        let session = try Fixtures.session("sin-cubic")
        for _ in 0..<10 { session.trainStep() }
        let before = Fixtures.flatParameters(session)
        for _ in 0..<6 {
            session.apply(.nextOptimizer)
            #expect(Fixtures.flatParameters(session) == before)
        }
        #expect(session.step == 10)
        #expect(session.history.count == 10)
    }

    @Test func theFirstMomentumStepAfterASwitchIsAPlainSGDStep() throws {
        let switched = try Self.parabola()
        let plain = try Self.parabola()
        for _ in 0..<3 {
            switched.trainStep()
            plain.trainStep()
        }
        switched.apply(.nextOptimizer)
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
        session.apply(.nextOptimizer)
        for _ in 0..<5 { session.trainStep() }   // momentum builds up a buffer
        session.apply(.nextOptimizer)
        #expect(session.optimizerKind == .nesterov)
        let x = Self.x(session)
        let g = 6 * x + 2
        session.trainStep()
        // Fresh buffer = g, Nesterov direction g + 0.9·buf = 1.9·g.
        #expect(Fixtures.isClose(Self.x(session), x - 0.01 * 1.9 * g, relative: 1e-14))
    }

    @Test func theFirstAdamWStepAfterASwitchMovesEachParameterByTheLearningRate() throws {
        let session = try Self.parabola()
        for _ in 0..<4 { session.apply(.nextOptimizer) }
        #expect(session.optimizerKind == .adam)
        #expect(session.learningRate == 0.05)
        for _ in 0..<3 { session.trainStep() }
        session.apply(.nextOptimizer)   // AdamW: fresh moments, bias correction from t = 1
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
        let wanted = session.scene.stepsPerSecond
        #expect(session.stepsPerSecond >= wanted)
        #expect(Session.speeds.filter { $0 >= wanted }.first == session.stepsPerSecond)
    }

    @Test func fasterAndSlowerWalkThroughTheSpeedsAndClampAtBothEnds() throws {
        let session = try Self.parabola()
        #expect(session.stepsPerSecond == 10)
        var index = try #require(Session.speeds.firstIndex(of: 10))
        for _ in 0..<(Session.speeds.count + 3) {
            session.apply(.faster)
            index = min(index + 1, Session.speeds.count - 1)
            #expect(session.stepsPerSecond == Session.speeds[index])
        }
        #expect(session.stepsPerSecond == .infinity)
        for _ in 0..<(Session.speeds.count + 3) {
            session.apply(.slower)
            index = max(index - 1, 0)
            #expect(session.stepsPerSecond == Session.speeds[index])
        }
        #expect(session.stepsPerSecond == 1)
        #expect(session.step == 0)
    }

    @Test func theSpeedsIncreaseAndEndWithAsFastAsPossible() {
        #expect(Session.speeds.first == 1)
        #expect(Session.speeds.last == .infinity)
        for (a, b) in zip(Session.speeds, Session.speeds.dropFirst()) { #expect(a < b) }
    }

    @Test func questionMarkTogglesHelp() throws {
        let session = try Self.parabola()
        #expect(!session.showHelp)
        session.apply(.toggleHelp)
        #expect(session.showHelp)
        session.apply(.toggleHelp)
        #expect(!session.showHelp)
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
        session.apply(.toggleHelp)
        #expect(session.showHelp)
        session.apply(.closeOverlay)
        #expect(!session.showHelp)
        session.apply(.closeOverlay)
        #expect(!session.showHelp)
        #expect(session.state == .running)
        #expect(!Action.isQuit(.escape))
    }

    @Test func otherKeysDoNothing() {
        for key in [KeyPress.character("z"), .character("Q"), .character("9"), .character("\n")] {
            #expect(Action(key: key) == nil)
            #expect(!Action.isQuit(key))
        }
    }

    // MARK: hidden (a terminal too small for the lab)

    @Test func hidingPausesARunningSessionAndShowingResumesIt() throws {
        let session = try Self.parabola()
        session.trainStep()
        session.setVisible(false)
        #expect(!session.isVisible)
        #expect(session.state == .paused)
        session.tick(elapsed: 1) { true }
        #expect(session.step == 1, "no training while hidden")
        session.setVisible(false)
        #expect(session.state == .paused)
        session.setVisible(true)
        #expect(session.isVisible)
        #expect(session.state == .running)
        session.tick(elapsed: 0.2) { true }
        #expect(session.step == 3, "10 steps/s for 0.2 s")
    }

    @Test func aSessionThePersonPausedStaysPausedAfterHidingAndShowing() throws {
        let session = try Self.parabola()
        session.apply(.togglePause)
        session.setVisible(false)
        session.setVisible(true)
        #expect(session.state == .paused)
        session.setVisible(true)
        #expect(session.state == .paused)
    }

    @Test func finishedAndDivergedSessionsAreUntouchedByHiding() throws {
        let done = try Fixtures.session("linear")
        done.runToEnd()
        let diverged = try Fixtures.session("parabola", RunOptions(learningRate: 10, initialValues: ["x": 1.5]))
        diverged.runToEnd()
        for session in [done, diverged] {
            let state = session.state
            session.setVisible(false)
            #expect(session.state == state)
            session.setVisible(true)
            #expect(session.state == state)
        }
    }

    @Test func aKeyThatChangesTheStateWhileHiddenWins() throws {
        // Pause while hidden (already paused by hiding, then space resumes, space pauses): stays paused.
        let paused = try Self.parabola()
        paused.setVisible(false)
        paused.apply(.togglePause)
        #expect(paused.state == .running, "space resumes even while hidden")
        paused.apply(.togglePause)
        paused.setVisible(true)
        #expect(paused.state == .paused)

        // Resume while hidden: keeps running when shown again.
        let resumed = try Self.parabola()
        resumed.apply(.togglePause)
        resumed.setVisible(false)
        resumed.apply(.togglePause)
        resumed.setVisible(true)
        #expect(resumed.state == .running)

        // A single step while hidden means "paused, stepping": showing does not resume.
        let stepped = try Self.parabola()
        stepped.setVisible(false)
        stepped.apply(.step)
        #expect(stepped.step == 1)
        stepped.setVisible(true)
        #expect(stepped.state == .paused)

        // Reset while hidden starts a running run, which showing leaves running.
        let reset = try Self.parabola()
        reset.trainStep()
        reset.setVisible(false)
        reset.apply(.reset)
        #expect(reset.state == .running)
        reset.setVisible(true)
        #expect(reset.state == .running)
        #expect(reset.step == 0)

        // Keys that leave the state alone (speed, rate) keep the hide-resume.
        let other = try Self.parabola()
        other.setVisible(false)
        other.apply(.faster)
        other.apply(.scaleLearningRate(2))
        other.setVisible(true)
        #expect(other.state == .running)
    }
}
