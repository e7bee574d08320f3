import Foundation
@testable import Grad
import ReferenceMath
import Testing

/// The sigmoid, and small classifiers trained from given weights, against real PyTorch
/// (`TorchClassifier/make_torch_classifier.py`, float64, one thread): every step's loss and the
/// final weights to 1e-12 relative.
struct ClassifierTrainingTests {
    /// Read once; never written after.
    nonisolated(unsafe) static let root: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ReferenceMath/TorchClassifier/torch_classifier.json")
        guard let data = try? Data(contentsOf: url), let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return root
    }()

    static func doubles(_ value: Any?) -> [Double] { TorchRandomFixtures.doubles(value) }

    static func close(_ a: [Double], _ b: [Double], relative: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= relative * max(abs($1), 1e-300) }
    }

    @Test("sigmoid: values and gradients are PyTorch's to 1e-12, graph name SigmoidBackward0, saturating without NaN at |x| ≈ 100")
    func sigmoidMatchesTorch() throws {
        let cases = Self.root["sigmoid"] as? [[String: Any]] ?? []
        #expect(cases.count == 3)
        for item in cases {
            let x = Tensor(Self.doubles(item["x"]), requiresGrad: true)
            let y = x.sigmoid()
            #expect(y.gradFunction?.name == item["graph"] as? String)
            (y * Tensor(Self.doubles(item["upstream"]))).sum().backward()
            #expect(Self.close(y.data, Self.doubles(item["y"])), "\(y.data)")
            #expect(Self.close(x.grad?.data ?? [], Self.doubles(item["grad"])), "\(x.grad?.data ?? [])")
            #expect(y.data.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        }
    }

    @Test("the sigmoid's gradient agrees with central differences")
    func sigmoidGradientAgreesWithDifferences() {
        let points = [-3.0, -0.5, 0, 0.25, 2]
        let x = Tensor(points, requiresGrad: true)
        x.sigmoid().sum().backward()
        let h = 1e-6
        for (index, point) in points.enumerated() {
            let difference = (1 / (1 + Foundation.exp(-(point + h))) - 1 / (1 + Foundation.exp(-(point - h)))) / (2 * h)
            #expect(abs((x.grad?.data[index] ?? .nan) - difference) < 1e-9)
        }
    }

    /// The run's network, built from its starting weights.
    static func network(_ run: [String: Any]) -> Sequential {
        var starts = (run["start"] as? [[String: Any]] ?? []).makeIterator()
        var layers: [any Module] = []
        for name in run["layers"] as? [String] ?? [] {
            switch name {
            case "linear":
                let start = starts.next()!
                let shape = start["weight_shape"] as! [Int]
                layers.append(Linear(weight: Tensor(Self.doubles(start["weight"]), shape: shape, requiresGrad: true),
                                     bias: Tensor(Self.doubles(start["bias"]), requiresGrad: true)))
            case "tanh": layers.append(Tanh())
            case "sigmoid": layers.append(Sigmoid())
            default: layers.append(ReLU())
            }
        }
        return Sequential(layers)
    }

    @Test("40 steps from PyTorch's weights give its losses and weights to 1e-12: a Tanh → Sigmoid net with BCE and Adam, a ReLU net with cross-entropy and SGD",
          arguments: ["bce", "cross_entropy"])
    func trainingRunMatchesTorch(kind: String) throws {
        let runs = Self.root["runs"] as? [[String: Any]] ?? []
        let run = try #require(runs.first { $0["kind"] as? String == kind })
        let net = Self.network(run)
        let rows = run["rows"] as! Int
        let x = Tensor(Self.doubles(run["x"]), shape: [rows, 2])
        var optimizer = Optimizer(run["optimizer"] as? String == "adam" ? .adam : .sgd, learningRate: run["lr"] as! Double)
        let parameters = net.parameters()
        var losses: [Double] = []
        for _ in 0..<40 {
            let output = net(x)
            let loss = kind == "bce" ? binaryCrossEntropyWithLogits(output, Tensor(Self.doubles(run["y"]), shape: [rows, 1]))
                                     : crossEntropy(output, run["labels"] as! [Int])
            losses.append(loss.item)
            loss.backward()
            optimizer.step(parameters)
            optimizer.zeroGrad(parameters)
        }
        let expected = (run["losses"] as! [String]).map(TorchRandomFixtures.parseHexFloat)
        #expect(Self.close(losses, expected), "\(zip(losses, expected).map { $0 / $1 - 1 })")
        let final = (run["final"] as! [[String: Any]]).flatMap { [Self.doubles($0["weight"]), Self.doubles($0["bias"])] }
        for (parameter, values) in zip(parameters, final) {
            #expect(Self.close(parameter.data, values), "\(zip(parameter.data, values).map { $0 / $1 - 1 }.map(abs).max() ?? 0)")
        }
        #expect(expected.last! < expected.first!, "the run learns")
    }
}
