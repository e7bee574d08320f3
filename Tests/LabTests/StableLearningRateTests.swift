import LabFixtures
import Foundation
import Grad
import Testing
@testable import Lab

/// The stable learning rates checked by experiment: training just below the bound converges, just
/// above it the run blows up, with the session's own training loop and divergence rule.
@Suite("stable learning rate")
struct StableLearningRateTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var scene: String
        var optimizer: OptimizerKind
        var steps: Int
        var testDescription: String { "\(scene) \(optimizer.rawValue)" }
    }

    static let cases = [
        Case(scene: "linear", optimizer: .sgd, steps: 2000),
        Case(scene: "noisy-quadratic", optimizer: .sgd, steps: 3000),
        Case(scene: "sin-cubic", optimizer: .sgd, steps: 3000),
        Case(scene: "parabola", optimizer: .sgd, steps: 2000),
        Case(scene: "sin-cubic", optimizer: .momentum, steps: 3000),
        Case(scene: "sin-cubic", optimizer: .nesterov, steps: 3000),
        Case(scene: "parabola", optimizer: .momentum, steps: 2000),
        Case(scene: "parabola", optimizer: .nesterov, steps: 2000),
        Case(scene: "noisy-quadratic", optimizer: .nesterov, steps: 3000),
    ]

    @Test("0.95× the bound converges and 1.05× diverges", arguments: cases)
    func experiment(_ test: Case) throws {
        let analysis = try Fixtures.session(test.scene).quadraticAnalysis()
        let bound = try #require(analysis.stableLearningRate(for: test.optimizer)).bound
        let optimum = try #require(analysis.optimum).loss

        let below = try Fixtures.session(test.scene, RunOptions(optimizer: test.optimizer, learningRate: 0.95 * bound, steps: test.steps))
        let startGap = below.currentLoss() - optimum
        below.runToEnd()
        #expect(below.state == .done("\(test.steps) steps"), "\(below.state)")
        let endGap = below.currentLoss() - optimum
        #expect(endGap < 0.01 * startGap, "the gap to L* went from \(startGap) to \(endGap)")

        let above = try Fixtures.session(test.scene, RunOptions(optimizer: test.optimizer, learningRate: 1.05 * bound, steps: test.steps))
        above.runToEnd()
        guard case .diverged(let divergence) = above.state else {
            Issue.record("1.05× the bound \(bound) did not diverge in \(test.steps) steps: \(above.state), loss \(above.currentLoss())")
            return
        }
        #expect(divergence.learningRate == 1.05 * bound)
    }

    /// Runs `kind` on f(x) = ½λx² with the engine's optimizer and returns |x| after `steps` updates
    /// from x = 1.
    static func distance(_ kind: OptimizerKind, lambda: Double, learningRate: Double, steps: Int) -> Double {
        let x = Tensor(1.0, requiresGrad: true)
        var optimizer = Optimizer(kind, learningRate: learningRate)
        for _ in 0..<steps {
            let loss = x * x * (0.5 * lambda)
            loss.backward()
            optimizer.step([x])
            optimizer.zeroGrad([x])
        }
        return abs(x.item)
    }

    @Test("each derived bound is the edge of stability of the engine's own optimizer on a 1-D quadratic",
          arguments: [OptimizerKind.sgd, .momentum, .nesterov])
    func edge(_ kind: OptimizerKind) throws {
        let lambda = 7.0
        let bound = try #require(StableLearningRate.bound(for: kind, largestEigenvalue: lambda)).bound
        #expect(Self.distance(kind, lambda: lambda, learningRate: 0.99 * bound, steps: 4000) < 1e-3)
        #expect(Self.distance(kind, lambda: lambda, learningRate: 1.01 * bound, steps: 1000) > 1e3)
    }

    @Test("the bounds' closed forms: 2/λ, 2(1+β)/λ, 2(1+β)/((1+2β)λ); none for the adaptive optimizers")
    func closedForms() {
        #expect(StableLearningRate.bound(for: .sgd, largestEigenvalue: 4)?.bound == 0.5)
        #expect(StableLearningRate.bound(for: .momentum, largestEigenvalue: 4)?.bound == 2 * 1.9 / 4)
        #expect(StableLearningRate.bound(for: .nesterov, largestEigenvalue: 4)?.bound == 2 * 1.9 / (2.8 * 4))
        #expect(StableLearningRate.bound(for: .sgd, largestEigenvalue: 4, weightDecay: 1)?.bound == 0.4)
        for kind in [OptimizerKind.rmsprop, .adam, .adamw] {
            #expect(StableLearningRate.bound(for: kind, largestEigenvalue: 4) == nil)
        }
        #expect(StableLearningRate.bound(for: .sgd, largestEigenvalue: -1) == nil)
    }
}
