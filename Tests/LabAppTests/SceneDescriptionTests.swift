import FrameTesting
import Foundation
import Grad
import Testing
@testable import Lab
@testable import LabApp
import LabFixtures

/// Every scene's description is true of its default run: each test runs the scene as
/// `tinylab scene NAME --headless` does (a `Session` with default options, to its end) and checks
/// what the description promises, quoted above each check. dynamic-net and two-layer-net are too
/// slow for a debug build; their runs are checked on the release binary in EndToEndTests.
@Suite struct SceneDescriptionTests {
    /// Runs `session` to its end and returns the loss of every step.
    static func run(_ session: Session) -> [Double] {
        var losses: [Double] = []
        session.runToEnd { _, loss, _ in losses.append(loss) }
        return losses
    }

    /// Parameter values after each step, by name.
    static func trajectory(_ session: Session) -> [[String: Double]] {
        var values: [[String: Double]] = []
        while !session.isFinished, session.trainStep() { values.append(Fixtures.values(session)) }
        return values
    }

    /// The largest |fit(x) − sin(x)| over the scene's data.
    static func largestErrorAgainstSine(_ session: Session) throws -> Double {
        let xs = try #require(session.inputs?.data)
        let fit = try #require(session.modelValues(at: xs))
        return zip(xs, fit).map { abs($1 - sin($0)) }.max() ?? .nan
    }

    /// The least-squares cubic for sin(x) on 2000 points of [−π, π]: b and d (a = c = 0 by symmetry),
    /// from the normal equations of the odd part, solved by hand.
    static let bestCubic: (b: Double, d: Double) = {
        let xs = Tensor.linspaceValues(-Double.pi, Double.pi, count: 2000)
        var s2 = 0.0, s4 = 0.0, s6 = 0.0, t1 = 0.0, t3 = 0.0
        for x in xs {
            s2 += x * x; s4 += pow(x, 4); s6 += pow(x, 6)
            t1 += x * sin(x); t3 += pow(x, 3) * sin(x)
        }
        let determinant = s2 * s6 - s4 * s4
        return ((t1 * s6 - s4 * t3) / determinant, (s2 * t3 - s4 * t1) / determinant)
    }()

    @Test func theBestCubicIsNotTheTaylorSeries() {
        #expect(abs(Self.bestCubic.b - 0.8567) < 1e-3)
        #expect(abs(Self.bestCubic.d + 0.0933) < 1e-3)
    }

    @Test("parabola: x slides to −1/3 where f = −1.5333, steps shrink; + bounces at 0.32, flies off past 1/3")
    func parabola() throws {
        let session = try Fixtures.session("parabola")
        let path = [Fixtures.values(session)["x"]!] + Self.trajectory(session).map { $0["x"]! }
        #expect(session.state == .done("gradient below 0.001"))
        // "x slides toward the bottom at x = −1/3, where f = −1.5333"
        #expect(abs(path.last! + 1.0 / 3) < 1e-3, "ends at x = \(path.last!)")
        #expect(abs(session.currentLoss() + 1.5333) < 1e-4)
        // "the step size shrinks by itself because the slope does"
        let steps = zip(path, path.dropFirst()).map { abs($1 - $0) }
        #expect(steps.count > 10)
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $1 < $0 }, "step sizes \(steps.prefix(8))…")

        // "doubling the learning rate with + until the steps overshoot and bounce": 0.01 × 2⁵ = 0.32.
        let doubled = try Fixtures.session("parabola")
        var doubledLab = LabModel(solo: doubled)
        for _ in 0..<5 { doubledLab.apply(.scaleLearningRate(2)) }
        #expect(abs(doubled.learningRate - 0.32) < 1e-12)
        let bounces = [Fixtures.values(doubled)["x"]!] + Self.trajectory(doubled).map { $0["x"]! }
        #expect(doubled.state == .done("gradient below 0.001"), "lr 0.32 settles: \(doubled.state)")
        let sides = bounces.prefix(10).map { $0 > -1.0 / 3 }
        #expect(zip(sides, sides.dropFirst()).allSatisfy { $0 != $1 }, "lr 0.32 overshoots to the other side at every step")

        // "past lr = 1/3 they fly off": the distance to the minimum grows at every step.
        let past = try Fixtures.session("parabola", RunOptions(learningRate: 0.34, steps: 30))
        let distances = ([Fixtures.values(past)["x"]!] + Self.trajectory(past).map { $0["x"]! }).map { abs($0 + 1.0 / 3) }
        #expect(zip(distances, distances.dropFirst()).allSatisfy { $1 > $0 }, "lr 0.34: \(distances.prefix(6))…")
    }

    @Test("linear: loss 30 at the start, w closes in on 2 in twenty steps, the gradient shrinks")
    func linear() throws {
        let session = try Fixtures.session("linear")
        // "four points on the line y = 2x and a single weight w that starts at zero"
        #expect(session.targets?.data == [2, 4, 6, 8])
        #expect(Fixtures.values(session) == ["w": 0])
        let losses = Self.run(session)
        // "The loss is the mean squared error, 30 at the start."
        #expect(losses.first == 30)
        // "in twenty steps w closes in on 2"
        #expect(session.step == 20)
        let w = Fixtures.values(session)["w"]!
        #expect(abs(w - 2) < 0.1, "w = \(w)")
        // "the gradient shrinks as the error does": replay, reading the gradient before each step.
        let replay = try Fixtures.session("linear")
        var gradients: [Double] = []
        while !replay.isFinished {
            gradients.append(abs(replay.currentGradients()[0][0]))
            _ = replay.trainStep()
        }
        #expect(gradients.count == 20)
        #expect(gradients.first == 30)
        #expect(zip(gradients, gradients.dropFirst()).allSatisfy { $1 < $0 }, "\(gradients)")
    }

    @Test("noisy-quadratic: loss settles near 4; a and b close early, c slow; the curve finds the hidden parabola")
    func noisyQuadratic() throws {
        let session = try Fixtures.session("noisy-quadratic")
        let path = Self.trajectory(session)
        // "The run stops once every gradient is below 0.01"
        #expect(session.state == .done("gradient below 0.01"))
        #expect(session.currentGradients().allSatisfy { $0.allSatisfy { abs($0) < 0.01 } })
        // "watch it settle near 4, the noise's own variance"
        let loss = session.currentLoss()
        #expect(loss > 3.5 && loss < 4.5, "final loss \(loss)")
        // "Within a few hundred steps a and b are close to −0.55 and 1.2, but c crawls for thousands"
        let early = path[499]
        #expect(abs(early["a"]! + 0.55) < 0.1 && abs(early["b"]! - 1.2) < 0.1, "at step 500: \(early)")
        #expect(abs(early["c"]! + 0.81) > 1, "c is still far at step 500: \(early)")
        let cClose = try #require(path.firstIndex { abs($0["c"]! + 0.81) < 0.2 })
        #expect(cClose > 2000, "c within 0.2 of −0.81 from step \(cClose)")
        // "the curve has found the hidden parabola": y = −0.55x² + 1.2x − 0.81
        let found = Fixtures.values(session)
        #expect(abs(found["a"]! + 0.55) < 0.05, "\(found)")
        #expect(abs(found["b"]! - 1.2) < 0.05, "\(found)")
        #expect(abs(found["c"]! + 0.81) < 0.1, "\(found)")
    }

    @Test("sin-cubic: the fit ends near the best cubic, not the Taylor series; Adam moves every coefficient alike")
    func sinCubic() throws {
        let session = try Fixtures.session("sin-cubic")
        _ = Self.run(session)
        #expect(session.state == .done("2000 steps"))
        let p = Fixtures.values(session)
        // "The best cubic is close to the Taylor series x − x³/6 but not equal to it"
        #expect(abs(p["b"]! - Self.bestCubic.b) < abs(p["b"]! - 1), "\(p)")
        #expect(abs(p["d"]! - Self.bestCubic.d) < abs(p["d"]! + 1.0 / 6), "\(p)")
        #expect(abs(p["d"]! - Self.bestCubic.d) < 0.01 && abs(p["b"]! - Self.bestCubic.b) < 0.05, "\(p)")
        // "the fit spreads its error over the whole interval": its largest error is small, where the
        // Taylor series is off by 2 at ±π.
        let largest = try Self.largestErrorAgainstSine(session)
        #expect(largest < 0.25, "largest error of the fit: \(largest)")
        #expect(abs(Double.pi - pow(Double.pi, 3) / 6 - sin(Double.pi)) > 2)

        // "Press o until the status line says Adam (its rate is 1e-3)"
        let adam = try Fixtures.session("sin-cubic")
        var adamLab = LabModel(solo: adam)
        var presses = 0
        while adam.optimizerKind != .adam, presses < OptimizerKind.allCases.count {
            adamLab.apply(.nextOptimizer)
            presses += 1
        }
        #expect(adam.optimizerKind == .adam && adam.optimizerKind.displayName == "Adam")
        #expect(adam.learningRate == 1e-3)
        // "every coefficient moves at about the same pace, whatever the size of its gradient":
        // Adam's first step moves each by its rate, although their gradients differ several times over.
        let start = Fixtures.values(adam)
        let gradients = adam.currentGradients().map { abs($0[0]) }
        #expect(gradients.max()! > 5 * gradients.min()!, "gradients \(gradients)")
        _ = adam.trainStep()
        for (name, value) in Fixtures.values(adam) {
            #expect(abs(abs(value - start[name]!) - 1e-3) < 1e-5, "Adam moved \(name) by \(abs(value - start[name]!))")
        }
    }

    @Test("legendre: starts from a = 0, b = −1, c = 0, d = 0.3 and bends P3 into the shape of sin(x)")
    func legendre() throws {
        let session = try Fixtures.session("legendre")
        #expect(Fixtures.values(session) == ["a": 0, "b": -1, "c": 0, "d": 0.3])
        let before = try Self.largestErrorAgainstSine(session)
        let losses = Self.run(session)
        #expect(session.state == .done("2000 steps"))
        let after = try Self.largestErrorAgainstSine(session)
        #expect(before > 0.5, "largest error at the start: \(before)")
        #expect(after < 0.25, "largest error at the end: \(after)")
        #expect(session.currentLoss() < losses[0] / 40, "loss \(losses[0]) → \(session.currentLoss())")
    }
}
