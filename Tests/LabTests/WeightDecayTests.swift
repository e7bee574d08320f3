import Foundation
import Grad
@testable import Lab
import LabFixtures
import Testing

/// `weight_decay` in [training]: torch.optim's L2 term on every optimizer of the scene.
@Suite struct WeightDecayTests {
    static func linear(_ extra: String) throws -> Session {
        let text = try Fixtures.text("linear").replacingOccurrences(of: "[training]\n", with: "[training]\n" + extra)
        return try Session(scene: try SceneLoader.parse(text, name: "linear", file: "linear.toml"), options: RunOptions(optimizer: .sgd, initialValues: ["w": 0.7]))
    }

    @Test("SGD with weight_decay = 0.1 steps by lr·(g + 0.1·θ): the plain step minus lr·0.1·θ, to 1e-12")
    func sgdStep() throws {
        let plain = try Self.linear(""), decayed = try Self.linear("weight_decay = 0.1\n")
        #expect(decayed.scene.weightDecay == 0.1 && decayed.optimizer.weightDecay == 0.1)
        let start = Fixtures.flatParameters(plain)
        plain.trainStep()
        decayed.trainStep()
        let lr = plain.learningRate
        for (index, (p, d)) in zip(Fixtures.flatParameters(plain), Fixtures.flatParameters(decayed)).enumerated() {
            let expected = p - lr * 0.1 * start[index]
            #expect(abs(d - expected) <= 1e-12 * max(abs(expected), 1e-300), "\(d) vs \(expected)")
            #expect(d != p)
        }
    }

    @Test("switching the optimizer keeps the scene's weight decay; without the key AdamW keeps its 0.01 and the others 0")
    func keptAcrossSwitches() throws {
        let decayed = try Self.linear("weight_decay = 0.05\n")
        decayed.switchOptimizer(to: .adam)
        #expect(decayed.optimizer.weightDecay == 0.05)
        let plain = try Self.linear("")
        plain.switchOptimizer(to: .adamw)
        #expect(plain.optimizer.weightDecay == 0.01)
        plain.switchOptimizer(to: .sgd)
        #expect(plain.optimizer.weightDecay == 0)
    }

    @Test("a negative or absurd weight_decay is a located error")
    func badValue() throws {
        let text = try Fixtures.text("linear").replacingOccurrences(of: "[training]\n", with: "[training]\nweight_decay = -1\n")
        do {
            _ = try SceneLoader.parse(text, name: "linear", file: "linear.toml")
            Issue.record("no error")
        } catch {
            #expect(error.description.hasSuffix("[training] weight_decay: expected an L2 factor from 0 to 1 (torch.optim's weight_decay, e.g. 1e-4), found -1.0"), "\(error)")
        }
    }
}
