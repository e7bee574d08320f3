import FrameTesting
import Foundation
import Grad
import Testing
@testable import Lab
@testable import LabApp
import LabFixtures

/// `tick` turns elapsed time into steps at the session's speed; time is faked with `hasTime`.
@Suite struct TickTests {
    /// Parabola at its opening speed of 10 steps/s, with a run long enough never to end here.
    static func session() throws -> Session {
        let session = try Fixtures.session("parabola", RunOptions(steps: 100_000, initialValues: ["x": 1.5]))
        let sessionLab = LabModel(solo: session)
        #expect(sessionLab.stepsPerSecond == 10)
        return session
    }

    @Test func smoothFramesRunTheSpeedsNumberOfStepsPerSecond() throws {
        let session = try Self.session()
        var sessionLab = LabModel(solo: session)
        for _ in 0..<20 { sessionLab.tick(elapsed: 0.05) { true } }   // one second in 20 frames
        #expect(session.step == 10)
        for _ in 0..<40 { sessionLab.tick(elapsed: 0.05) { true } }
        #expect(session.step == 30)
        #expect(sessionLab.measuredStepsPerSecond > 0)
    }

    @Test("the measured speed is steady at 30 frames a second and 10 steps/s: one number a second, 10")
    func measuredSpeedDoesNotFlicker() throws {
        let session = try Self.session()
        var sessionLab = LabModel(solo: session)
        var shown: [Double] = []
        for frame in 1...150 {   // five seconds at 30 frames/s: a step every third frame
            sessionLab.tick(elapsed: 1.0 / 30) { true }
            if frame < 29 { #expect(sessionLab.measuredStepsPerSecond == 0, "nothing measured in the first second") }
            if frame > 36 { shown.append(sessionLab.measuredStepsPerSecond) }
        }
        let values = Set(shown).sorted()
        #expect(shown.allSatisfy { abs($0 - 10) <= 0.5 }, "\(values)")
        sessionLab.apply(.togglePause)
        sessionLab.tick(elapsed: 1.0 / 30) { true }
        #expect(sessionLab.measuredStepsPerSecond == 0)
    }

    @Test func aLongFrameRunsAtMostAQuarterSecondOfSteps() throws {
        // After a stall (a slow terminal, a suspended process) the lab does not race to catch up:
        // the backlog is capped at a quarter second's worth of steps.
        let session = try Self.session()
        var sessionLab = LabModel(solo: session)
        sessionLab.tick(elapsed: 1) { true }
        #expect(session.step == 2)   // 10 steps/s · 0.25 s = 2.5
        sessionLab.tick(elapsed: 0.05) { true }
        #expect(session.step == 3)   // the half step left over, plus half a step
    }

    @Test func theSlowestSpeedTakesOneStepPerSecond() throws {
        let session = try Self.session()
        var sessionLab = LabModel(solo: session)
        for _ in 0..<10 { sessionLab.apply(.slower) }
        #expect(sessionLab.stepsPerSecond == 1)
        sessionLab.tick(elapsed: 0.5) { true }
        #expect(session.step == 0)
        sessionLab.tick(elapsed: 0.5) { true }
        #expect(session.step == 1)
        sessionLab.tick(elapsed: 3) { true }
        #expect(session.step == 2)
    }

    @Test func noStepsWhenTheFrameHasNoTimeLeft() throws {
        let session = try Self.session()
        var sessionLab = LabModel(solo: session)
        sessionLab.tick(elapsed: 0.2) { false }
        #expect(session.step == 0)
    }

    @Test func stopsWhenTheFrameRunsOutOfTime() throws {
        let session = try Self.session()
        var sessionLab = LabModel(solo: session)
        for _ in 0..<12 { sessionLab.apply(.faster) }
        #expect(sessionLab.stepsPerSecond == 100_000)
        var calls = 0
        sessionLab.tick(elapsed: 0.1) {
            calls += 1
            return calls <= 7
        }
        #expect(session.step == 7)
    }

    @Test func pausedAndFinishedSessionsDoNotMove() throws {
        let session = try Self.session()
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.togglePause)
        for _ in 0..<10 { sessionLab.tick(elapsed: 1) { true } }
        #expect(session.step == 0)
        #expect(sessionLab.measuredStepsPerSecond == 0)
        // Time spent paused is not owed afterwards.
        sessionLab.apply(.togglePause)
        sessionLab.tick(elapsed: 0.05) { true }
        #expect(session.step == 0)
        sessionLab.tick(elapsed: 0.05) { true }
        #expect(session.step == 1)

        let finished = try Fixtures.session("linear")
        var finishedLab = LabModel(solo: finished)
        finished.runToEnd()
        finishedLab.tick(elapsed: 1) { true }
        #expect(finished.step == 20)
    }

    @Test func infiniteSpeedRunsUntilTheFrameIsOutOfTime() throws {
        let session = try Self.session()
        var sessionLab = LabModel(solo: session)
        for _ in 0..<LabModel.speeds.count { sessionLab.apply(.faster) }
        #expect(sessionLab.stepsPerSecond == .infinity)
        var calls = 0
        sessionLab.tick(elapsed: 0.02) {
            calls += 1
            return calls < 250
        }
        // One step before each check: the last check said no.
        #expect(calls == 250)
        #expect(session.step == 250)
        calls = 0
        sessionLab.tick(elapsed: 1) {
            calls += 1
            return calls < 300
        }
        #expect(session.step == 550)
        #expect(sessionLab.measuredStepsPerSecond == 300, "the steps after the first measured tick, over the second since")
    }

    @Test func infiniteSpeedStopsAtTheEndOfTheRun() throws {
        let session = try Fixtures.session("linear")
        var sessionLab = LabModel(solo: session)
        for _ in 0..<LabModel.speeds.count { sessionLab.apply(.faster) }
        sessionLab.tick(elapsed: 0.02) { true }
        #expect(session.step == 20)
        #expect(session.state == .done("20 steps"))
    }

    @Test func aFiniteSpeedStopsAtTheEndOfTheRunToo() throws {
        let session = try Fixtures.session("linear")
        var sessionLab = LabModel(solo: session)
        for _ in 0..<7 { sessionLab.apply(.faster) }
        #expect(sessionLab.stepsPerSecond == 500)
        sessionLab.tick(elapsed: 1) { true }
        #expect(session.step == 20)
        #expect(session.state == .done("20 steps"))
    }
}
