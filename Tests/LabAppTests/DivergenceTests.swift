import FrameTesting
import Foundation
import Grad
import Testing
@testable import Lab
@testable import LabApp
import LabFixtures

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

    /// Gradient descent on f(x) = 3x² + 2x − 1.2 in closed form: with x* = −1/3 (where f' = 0),
    /// x_n = x* + (x0 − x*)·r^n for r = 1 − 6·lr, and f(x_n) − f(x0) = 3(x0 − x*)²(r^2n − 1).
    /// Returns the first step n whose loss moved from f(x0) by more than growth × max(1, |f(x0)|),
    /// with that loss and x_n.
    static func parabolaBlowUp(from x0: Double, learningRate: Double, growth: Double) -> (step: Int, loss: Double, x: Double) {
        let minimizer = -1.0 / 3
        let start = 3 * x0 * x0 + 2 * x0 - 1.2
        let d0 = x0 - minimizer, r = 1 - 6 * learningRate
        for n in 0..<1000 {
            let change = 3 * d0 * d0 * (pow(r * r, Double(n)) - 1)
            if abs(change) > growth * max(1, abs(start)) {
                return (n, start + change, minimizer + d0 * pow(r, Double(n)))
            }
        }
        return (-1, 0, 0)
    }

    @Test func parabolaWithAHugeLearningRateIsFlaggedWhenItsLossBlowsUp() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 10, initialValues: ["x": 1.5]))
        session.runToEnd()
        let reference = Self.parabolaBlowUp(from: 1.5, learningRate: 10, growth: 1e12)
        #expect(reference.step == 4, "x moves ×59 a step: 3·(11/6)²·59⁶ ≈ 4.2e11 < 8.55e12 < 3·(11/6)²·59⁸ ≈ 1.5e15")
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected a diverged session, found \(session.state)")
            return
        }
        #expect(divergence.step == reference.step)
        #expect(divergence.quantity == "loss")
        #expect(Fixtures.isClose(divergence.value, reference.loss, relative: 1e-9))
        #expect(divergence.cause == .lossBlewUp(start: 8.55, growth: 1e12))
        #expect(divergence.learningRate == 10)
        #expect(divergence.summary == "loss grew from 8.55 to 1.48e15 at step 4 (blow-up rule: 1e12 × start)")
        #expect(session.isFinished)
        #expect(session.step == reference.step)
        #expect(session.history.count == reference.step)
        #expect(session.history.latest.map { $0 < 1e12 * 8.55 } == true)
        #expect(Fixtures.isClose(Fixtures.values(session)["x"]!, reference.x, relative: 1e-9))
    }

    @Test func theRuleMeasuresFromTheLossAtStepZeroOfEachRun() throws {
        // A start loss below 1 in magnitude counts as 1: a change of 1e12 is the limit.
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 10, initialValues: ["x": 0.3]))
        var sessionLab = LabModel(solo: session)
        session.runToEnd()
        let reference = Self.parabolaBlowUp(from: 0.3, learningRate: 10, growth: 1e12)
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected a diverged session, found \(session.state)")
            return
        }
        #expect(divergence.step == reference.step)
        #expect(divergence.summary.hasPrefix("loss grew from -0.33 to "))
        #expect(divergence.summary.hasSuffix(" at step \(reference.step) (blow-up rule: change beyond 1e12)"))

        // After a reset the run measures from its new step 0: the same steps, the same verdict.
        sessionLab.apply(.reset)
        session.runToEnd()
        #expect(session.state == .diverged(divergence))
    }

    @Test func aDivergedSessionDoesNotMoveUntilReset() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 10, initialValues: ["x": 1.5]))
        var sessionLab = LabModel(solo: session)
        session.runToEnd()
        let state = session.state
        let step = session.step
        #expect(session.trainStep() == false)
        sessionLab.apply(.step)
        sessionLab.apply(.togglePause)
        sessionLab.tick(elapsed: 1) { true }
        #expect(session.state == state)
        #expect(session.step == step)

        // What to try: a smaller rate, then reset.
        sessionLab.apply(.scaleLearningRate(0.001))
        #expect(Fixtures.isClose(session.learningRate, 0.01, relative: 1e-15))
        sessionLab.apply(.reset)
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
        var sessionLab = LabModel(solo: session)
        session.runToEnd()
        let first = session.state
        sessionLab.apply(.reset)
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

    static func minimizeScene(_ formula: String, x: Double, rate: Double = 10, training extra: String = "") throws -> Scene {
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
            \(extra)
            [training.learning_rate]
            sgd = \(rate)
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

    @Test func aLossFallingWithoutBoundIsFlaggedWhenItHasFallenTooFar() throws {
        // f = −x², x0 = 1, lr 10: x multiplies by 21 a step, so f(x_n) = −441^n.
        let session = try Session(scene: try Self.minimizeScene("-x^2", x: 1))
        session.runToEnd()
        let step = (0...).first { n in abs(-pow(441, Double(n)) - -1) > 1e12 }!
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected divergence, found \(session.state)")
            return
        }
        #expect(step == 5)
        #expect(divergence.summary == "loss fell from -1 to -1.67e13 at step \(step) (blow-up rule: change beyond 1e12)")
    }

    @Test func withTheRulesRaisedALossFallingWithoutBoundDivergesToMinusInfinity() throws {
        let session = try Session(scene: try Self.minimizeScene("-x^2", x: 1, training: """
            diverge_when_loss_grows_by = 1.7e308
            diverge_when_parameter_beyond = 1.7e308
            """))
        session.runToEnd()
        let reference = Self.firstNonFinite(from: 1, learningRate: 10, f: { -($0 * $0) }, slope: { -2 * $0 })
        #expect(reference.quantity == "loss")
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected divergence, found \(session.state)")
            return
        }
        #expect(divergence.summary == "loss became -inf at step \(reference.step)")
    }

    @Test func aParameterBeyondTheLimitDivergesWhileTheLossStaysSmall() throws {
        // f = sin(x) is bounded, so only the parameter can run away: x1 = 1 − 1e101·cos(1).
        let session = try Session(scene: try Self.minimizeScene("sin(x)", x: 1, rate: 1e101))
        #expect(session.trainStep() == false)
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected divergence, found \(session.state)")
            return
        }
        let x1 = 1 - 1e101 * cos(1.0)
        #expect(abs(x1) > 1e100)
        #expect(divergence.quantity == "parameter x")
        #expect(divergence.step == 0)
        #expect(divergence.cause == .parameterBeyond(limit: 1e100))
        #expect(Fixtures.isClose(divergence.value, x1, relative: 1e-12))
        #expect(divergence.summary == "parameter x reached -5.4e100 at step 0 (blow-up rule: beyond 1e100)")
        #expect(session.history.count == 1)
    }

    @Test func aSceneSetsItsOwnLimits() throws {
        // f = x with lr 1 from 0: after the update of step n, x = −(n + 1); the loss changes by n.
        let parameter = try Session(scene: try Self.minimizeScene("x", x: 0, rate: 1, training: "diverge_when_parameter_beyond = 10.5"))
        #expect(parameter.scene.divergence == DivergenceRule(lossGrowth: 1e12, parameterLimit: 10.5))
        parameter.runToEnd()
        #expect(parameter.state == .diverged(Divergence(step: 10, quantity: "parameter x", value: -11, learningRate: 1,
                                                        cause: .parameterBeyond(limit: 10.5))))
        #expect(parameter.step == 11)

        let growth = 1000.0
        var scene = try Fixtures.scene("parabola")
        scene.divergence.lossGrowth = growth
        let session = try Session(scene: scene, options: RunOptions(learningRate: 10, initialValues: ["x": 1.5]))
        session.runToEnd()
        let reference = Self.parabolaBlowUp(from: 1.5, learningRate: 10, growth: growth)
        #expect(reference.step == 1)
        guard case .diverged(let divergence) = session.state else {
            Issue.record("expected divergence, found \(session.state)")
            return
        }
        #expect(divergence.step == reference.step)
        #expect(divergence.summary.hasSuffix("at step \(reference.step) (blow-up rule: 1e3 × start)"))

        let loaded = try Self.minimizeScene("x", x: 0, training: "diverge_when_loss_grows_by = 1000")
        #expect(loaded.divergence == DivergenceRule(lossGrowth: 1000, parameterLimit: 1e100))
    }

    @Test func badLimitsAreLocatedErrors() {
        let cases: [(String, String)] = [
            ("diverge_when_loss_grows_by = 0", "[training] diverge_when_loss_grows_by: expected a number greater than 0, found 0.0"),
            ("diverge_when_loss_grows_by = -1e12", "[training] diverge_when_loss_grows_by: expected a number greater than 0, found -1000000000000.0"),
            ("diverge_when_parameter_beyond = inf", "[training] diverge_when_parameter_beyond: expected a finite number, found inf"),
            ("diverge_when_parameter_beyond = \"big\"", "[training] diverge_when_parameter_beyond: expected a finite number, found string"),
        ]
        for (line, message) in cases {
            do {
                _ = try Self.minimizeScene("x", x: 0, training: line)
                Issue.record("\(line) was accepted")
            } catch {
                #expect("\(error)" == "bad.toml:11: \(message)", "\(line)")
            }
        }
    }

    @Test func runsAtTheirDefaultRatesAreUntouchedByTheRules() throws {
        for name in ["parabola", "linear", "noisy-quadratic", "sin-cubic", "legendre"] {
            var unlimited = try Fixtures.scene(name)
            unlimited.divergence = DivergenceRule(lossGrowth: .greatestFiniteMagnitude, parameterLimit: .greatestFiniteMagnitude)
            let ruled = try Fixtures.session(name)
            let free = try Session(scene: unlimited)
            #expect(Fixtures.losses(ruled) == Fixtures.losses(free), "\(name)")
            #expect(ruled.state == free.state, "\(name)")
            guard case .done = ruled.state else {
                Issue.record("\(name) ended in state \(ruled.state)")
                continue
            }
            #expect(Fixtures.flatParameters(ruled) == Fixtures.flatParameters(free), "\(name)")
        }
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
        #expect(divergence.summary.contains("at step \(divergence.step)"))
    }
}

/// The one-pass check behind the parameter rule, on both its vector lanes and its tail.
@Suite struct ParameterLimitCheckTests {
    @Test func aValueBeyondTheLimitOrNotFiniteFailsTheCheckWhereverItIs() {
        let limit = 1e100
        for count in [1, 7, 8, 9, 17] {
            let fine = (0..<count).map { Double($0) * (limit / 20) * ($0 % 2 == 0 ? 1 : -1) }
            #expect(allWithin(fine, limit: limit), "\(count)")
            for index in 0..<count {
                for bad in [1.0000001e100, -2e100, .infinity, -.infinity, .nan] {
                    var values = fine
                    values[index] = bad
                    #expect(!allWithin(values, limit: limit), "\(bad) at \(index) of \(count)")
                }
            }
        }
        #expect(allWithin([limit, -limit], limit: limit))
        #expect(allWithin([], limit: limit))
    }
}
