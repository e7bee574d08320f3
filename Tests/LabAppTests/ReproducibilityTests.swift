import FrameTesting
import Foundation
import Grad
import Testing
@testable import Lab
@testable import LabApp
import LabFixtures

/// Same scene and seed, same run; reset goes back to exactly the same start.
@Suite struct ReproducibilityTests {
    static func run(_ name: String, _ options: RunOptions) throws -> (losses: [Double], parameters: [Double]) {
        let session = try Fixtures.session(name, options)
        let losses = Fixtures.losses(session)
        return (losses, Fixtures.flatParameters(session))
    }

    @Test(arguments: [
        ("noisy-quadratic", 200),
        ("sin-cubic", 100),
        ("dynamic-net", 300),
        ("two-layer-net", 2),
        ("parabola", 50),
    ])
    func twoSessionsOfTheSameSceneAndSeedAgreeExactly(_ name: String, _ steps: Int) throws {
        let first = try Self.run(name, RunOptions(steps: steps))
        let second = try Self.run(name, RunOptions(steps: steps))
        #expect(first.losses.count == steps)
        #expect(first.losses == second.losses)
        #expect(first.parameters == second.parameters)
    }

    @Test func anExplicitSeedEqualToTheScenesGivesTheSameRun() throws {
        let scene = try Fixtures.scene("noisy-quadratic")
        let implicit = try Self.run("noisy-quadratic", RunOptions(steps: 20))
        let explicit = try Self.run("noisy-quadratic", RunOptions(seed: scene.seed, steps: 20))
        #expect(implicit.losses == explicit.losses)
        #expect(implicit.parameters == explicit.parameters)
    }

    @Test func aDifferentSeedChangesTheNoiseButNotTheInputs() throws {
        let base = try Fixtures.session("noisy-quadratic")
        let same = try Fixtures.session("noisy-quadratic", RunOptions(seed: base.seed))
        let other = try Fixtures.session("noisy-quadratic", RunOptions(seed: base.seed + 1))
        #expect(other.seed == base.seed + 1)
        #expect(base.targets?.data == same.targets?.data)
        #expect(base.inputs?.data == other.inputs?.data)
        let a = try #require(base.targets?.data), b = try #require(other.targets?.data)
        #expect(a.count == 200 && b.count == 200)
        #expect(zip(a, b).filter { $0 != $1 }.count == 200, "every noisy target moves with the seed")
        // The hidden parabola is the same: the mean difference is noise only.
        let meanDifference = zip(a, b).map { $0 - $1 }.reduce(0, +) / 200
        #expect(abs(meanDifference) < 1)
    }

    @Test func aDifferentSeedChangesRandomStartingValues() throws {
        let base = try Fixtures.session("sin-cubic")
        let other = try Fixtures.session("sin-cubic", RunOptions(seed: 12345))
        #expect(Fixtures.flatParameters(base) != Fixtures.flatParameters(other))
        #expect(base.targets?.data == other.targets?.data, "sin(x) has no noise")
    }

    @Test func initOverridesOnlyTheNamedParameters() throws {
        let base = try Fixtures.session("sin-cubic")
        let overridden = try Fixtures.session("sin-cubic", RunOptions(initialValues: ["b": -2]))
        var expected = Fixtures.values(base)
        expected["b"] = -2
        #expect(Fixtures.values(overridden) == expected)
    }

    @Test func initWithAnUnknownNameIsAnError() throws {
        let scene = try Fixtures.scene("sin-cubic")
        #expect(throws: RunOptionsError(message: "--init: unknown parameter 'e' in scene sin-cubic; parameters: a, b, c, d")) {
            _ = try Session(scene: scene, options: RunOptions(initialValues: ["e": 1]))
        }
        let net = try Fixtures.scene("two-layer-net")
        #expect(throws: RunOptionsError(message: "--init: unknown parameter 'w' in scene two-layer-net; this scene has no named scalar parameters")) {
            _ = try Session(scene: net, options: RunOptions(initialValues: ["w": 1]))
        }
        #expect(throws: RunOptionsError(message: "--steps must be at least 1")) {
            _ = try Session(scene: scene, options: RunOptions(steps: 0))
        }
    }

    @Test(arguments: [
        ("noisy-quadratic", RunOptions()),
        ("dynamic-net", RunOptions(steps: 1000)),
        ("sin-cubic", RunOptions(optimizer: .adam)),
        ("two-layer-net", RunOptions()),
    ])
    func resetReturnsToTheSameStartAndRepeatsTheTrajectory(_ name: String, _ options: RunOptions) throws {
        let steps = name == "two-layer-net" ? 2 : 40
        let session = try Fixtures.session(name, options)
        var sessionLab = LabModel(solo: session)
        let start = Fixtures.flatParameters(session)
        let targets = session.targets?.data
        let first = Fixtures.losses(session, limit: steps)
        #expect(first.count == steps)
        #expect(Fixtures.flatParameters(session) != start)
        let afterFirst = Fixtures.flatParameters(session)

        sessionLab.apply(.togglePause)
        sessionLab.apply(.reset)
        #expect(session.state == .paused, "r keeps a paused run paused")
        #expect(session.step == 0)
        #expect(session.history.isEmpty)
        #expect(session.history.buckets.isEmpty)
        #expect(session.gradients.isEmpty)
        #expect(session.trail.elements.isEmpty)
        #expect(Fixtures.flatParameters(session) == start)
        #expect(session.targets?.data == targets)

        let second = Fixtures.losses(session, limit: steps)
        #expect(second == first)
        #expect(Fixtures.flatParameters(session) == afterFirst)
    }

    @Test func resetAfterTheEndRunsTheWholeRunAgain() throws {
        let session = try Fixtures.session("linear")
        var sessionLab = LabModel(solo: session)
        let first = Fixtures.losses(session)
        sessionLab.apply(.step)   // past the end: stop rules off
        sessionLab.apply(.reset)
        #expect(session.stopRulesActive)
        let second = Fixtures.losses(session)
        #expect(second == first)
        #expect(session.state == .done("20 steps"))
    }

    @Test func resetKeepsThePersonsOptimizerAndRate() throws {
        let session = try Fixtures.session("parabola", RunOptions(initialValues: ["x": 1.5]))
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.nextOptimizer)
        sessionLab.apply(.scaleLearningRate(2))
        for _ in 0..<5 { session.trainStep() }
        sessionLab.apply(.reset)
        #expect(session.optimizerKind == .momentum)
        #expect(session.learningRate == 0.02)
        #expect(Fixtures.values(session) == ["x": 1.5])
        // A fresh momentum buffer: the first step after reset is an SGD step.
        session.trainStep()
        #expect(Fixtures.values(session)["x"] == 1.5 - 0.02 * 11)
    }
}
