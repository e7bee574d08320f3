import Foundation
import Grad
import Testing
@testable import Lab

/// A run whose numbers blow up stops, says where, keeps its finite history and can be reset.
@Suite struct DivergenceTests {
    /// Gradient descent on f with plain Doubles: the first step whose loss, slope or updated x is
    /// not finite, and which of them it was.
    static func firstNonFinite(from start: Double, learningRate: Double,
                               f: (Double) -> Double, slope: (Double) -> Double) -> (step: Int, quantity: String, value: Double) {
        var x = start
        for step in 0..<100_000 {
            let loss = f(x)
            if !loss.isFinite { return (step, "loss", loss) }
            let g = slope(x)
            if !g.isFinite { return (step, "gradient of x", g) }
            x -= learningRate * g
            if !x.isFinite { return (step, "parameter x", x) }
        }
        return (-1, "", 0)
    }

    @Test func parabolaWithAHugeLearningRateDivergesAndSaysWhere() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 10, initialValues: ["x": 1.5]))
        session.runToEnd()
        let reference = Self.firstNonFinite(from: 1.5, learningRate: 10,
                                            f: { 3 * $0 * $0 + 2 * $0 - 1.2 }, slope: { 6 * $0 + 2 })
        #expect(reference.step > 10, "x grows ×59 a step, so it takes a while")
        #expect(reference.quantity == "loss")
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected a diverged session, found \(session.state)")
            return
        }
        #expect(divergence.step == reference.step)
        #expect(divergence.quantity == "loss")
        #expect(divergence.value == .infinity)
        #expect(divergence.learningRate == 10)
        #expect(divergence.summary == "loss became inf at step \(reference.step)")
        #expect(session.isFinished)
        #expect(session.step == reference.step)
        #expect(session.history.count == reference.step)
        #expect(session.history.buckets.allSatisfy { $0.minimum.isFinite && $0.maximum.isFinite && $0.last.isFinite })
        #expect(session.history.latest?.isFinite == true)
        #expect(session.history.best?.isFinite == true)
        #expect(Fixtures.values(session)["x"]?.isFinite == true)
    }

    @Test func aDivergedSessionDoesNotMoveUntilReset() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 10, initialValues: ["x": 1.5]))
        session.runToEnd()
        let state = session.state
        let step = session.step
        #expect(session.trainStep() == false)
        session.apply(.step)
        session.apply(.togglePause)
        session.tick(elapsed: 1) { true }
        #expect(session.state == state)
        #expect(session.step == step)

        // What to try: a smaller rate, then reset.
        session.apply(.scaleLearningRate(0.001))
        #expect(Fixtures.isClose(session.learningRate, 0.01, relative: 1e-15))
        session.apply(.reset)
        #expect(session.state == .running)
        #expect(session.step == 0)
        #expect(session.history.isEmpty)
        #expect(Fixtures.values(session) == ["x": 1.5])
        #expect(session.trainStep())
        session.runToEnd()
        #expect(session.state == .done("gradient below 0.001"))
    }

    @Test func resetWithTheSameHugeRateDivergesAtTheSameStepAgain() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 10, initialValues: ["x": 1.5]))
        session.runToEnd()
        let first = session.state
        session.apply(.reset)
        #expect(session.state == .running)
        session.runToEnd()
        #expect(session.state == first)
    }

    @Test func aParameterThatOverflowsIsNamedWithTheStepThatProducedIt() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 1e308, initialValues: ["x": 1.5]))
        #expect(session.trainStep() == false)
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected divergence, found \(session.state)")
            return
        }
        #expect(divergence.quantity == "parameter x")
        #expect(divergence.value == -.infinity)
        #expect(divergence.step == 0)
        #expect(divergence.summary == "parameter x became -inf at step 0")
        #expect(session.history.count == 1)
        #expect(session.history.latest == 3 * 1.5 * 1.5 + 2 * 1.5 - 1.2)
    }

    static func minimizeScene(_ formula: String, x: Double) throws -> Scene {
        try Fixtures.parse("""
            title = "t"
            description = "d"
            [model]
            formula = "\(formula)"
            [parameters]
            x = \(x)
            [training]
            loss = "minimize"
            optimizer = "sgd"
            max_steps = 100000
            [training.learning_rate]
            sgd = 10
            """)
    }

    @Test func aLossThatIsNotANumberDivergesAtOnce() throws {
        let session = try Session(scene: try Self.minimizeScene("log(x)", x: -1))
        session.runToEnd()
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected divergence, found \(session.state)")
            return
        }
        #expect(divergence.quantity == "loss")
        #expect(divergence.value.isNaN)
        #expect(divergence.summary == "loss became NaN at step 0")
        #expect(session.step == 0)
        #expect(session.history.isEmpty)
        #expect(Fixtures.values(session) == ["x": -1])
    }

    @Test func anInfiniteSlopeIsNamedAsTheGradientOfItsParameter() throws {
        let session = try Session(scene: try Self.minimizeScene("x^0.5", x: 0))
        session.runToEnd()
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected divergence, found \(session.state)")
            return
        }
        #expect(divergence.summary == "gradient of x became inf at step 0")
        #expect(Fixtures.values(session) == ["x": 0], "no update with a broken gradient")
    }

    @Test func aLossFallingWithoutBoundDivergesToMinusInfinity() throws {
        let session = try Session(scene: try Self.minimizeScene("-x^2", x: 1))
        session.runToEnd()
        let reference = Self.firstNonFinite(from: 1, learningRate: 10, f: { -($0 * $0) }, slope: { -2 * $0 })
        #expect(reference.quantity == "loss")
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected divergence, found \(session.state)")
            return
        }
        #expect(divergence.summary == "loss became -inf at step \(reference.step)")
    }

    @Test func aDataSceneWithAHugeRateDivergesWithAFiniteHistory() throws {
        let session = try Fixtures.session("sin-cubic", RunOptions(learningRate: 1))
        session.runToEnd()
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected divergence, found \(session.state)")
            return
        }
        #expect(divergence.step == session.history.count || divergence.quantity.hasPrefix("parameter"))
        #expect(divergence.step < 200)
        #expect(session.history.buckets.allSatisfy { $0.last.isFinite && $0.maximum.isFinite })
        #expect(divergence.summary.hasSuffix("at step \(divergence.step)"))
    }
}
