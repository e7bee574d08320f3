import Foundation
@testable import Grad
import ReferenceMath
import Testing

/// binary_cross_entropy_with_logits and cross_entropy against real PyTorch
/// (`TorchLosses/make_torch_losses.py`, float64): losses and gradients to 1e-12, PyTorch's graph
/// names; and the gradients against central differences.
struct ClassificationLossTests {
    /// Read once; never written after.
    nonisolated(unsafe) static let cases: [[String: Any]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ReferenceMath/TorchLosses/torch_losses.json")
        guard let data = try? Data(contentsOf: url), let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return root["cases"] as? [[String: Any]] ?? []
    }()

    static func doubles(_ value: Any?) -> [Double] { TorchRandomFixtures.doubles(value) }

    static func close(_ a: [Double], _ b: [Double], relative: Double = 1e-12) -> Bool {
        let scale = max(1e-300, b.map(abs).max() ?? 0)
        return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= relative * max(abs($1), scale * 1e-3) }
    }

    @Test("binary_cross_entropy_with_logits: loss and both gradients are PyTorch's to 1e-12, one BinaryCrossEntropyWithLogitsBackward0 node, no overflow at |z| ≈ 150")
    func bceMatchesTorch() throws {
        let bce = Self.cases.filter { $0["kind"] as? String == "bce" }
        #expect(bce.count == 4)
        for item in bce {
            let z = Tensor(Self.doubles(item["logits"]), requiresGrad: true), y = Tensor(Self.doubles(item["target"]), requiresGrad: true)
            let loss = binaryCrossEntropyWithLogits(z, y)
            #expect(loss.gradFunction?.name == item["graph"] as? String)
            loss.backward()
            let expected = TorchRandomFixtures.parseHexFloat(item["loss"] as! String)
            #expect(Self.close([loss.item], [expected]), "\(loss.item) vs \(expected)")
            #expect(Self.close(z.grad?.data ?? [], Self.doubles(item["grad_logits"])))
            #expect(Self.close(y.grad?.data ?? [], Self.doubles(item["grad_target"])))
            #expect(loss.item.isFinite)
        }
    }

    @Test("cross_entropy: nll_loss(log_softmax) is PyTorch's to 1e-12 with its graph NllLossBackward0 ← LogSoftmaxBackward0")
    func crossEntropyMatchesTorch() throws {
        let items = Self.cases.filter { $0["kind"] as? String == "cross_entropy" }
        #expect(items.count == 4)
        for item in items {
            let rows = item["rows"] as! Int, width = item["width"] as! Int
            let z = Tensor(Self.doubles(item["logits"]), shape: [rows, width], requiresGrad: true)
            let labels = item["labels"] as! [Int]
            let loss = crossEntropy(z, labels)
            let names = item["graph"] as! [String]
            #expect(loss.gradFunction?.name == names[0] && loss.gradFunction?.nextFunctions.first?.name == names[1])
            loss.backward()
            #expect(Self.close([loss.item], [TorchRandomFixtures.parseHexFloat(item["loss"] as! String)]))
            #expect(Self.close(z.grad?.data ?? [], Self.doubles(item["grad_logits"])), "\(z.grad?.data ?? []) vs \(Self.doubles(item["grad_logits"]))")
        }
    }

    @Test("the gradients agree with central differences of the losses")
    func gradientsAgreeWithDifferences() {
        let logits = [0.3, -1.7, 2.2, 0.05, -0.4, 1.1], targets = [1.0, 0, 1, 0, 0, 1], labels = [2, 0]
        func difference(_ f: ([Double]) -> Double, at x: [Double], _ i: Int) -> Double {
            let h = 1e-6
            var up = x, down = x
            up[i] += h
            down[i] -= h
            return (f(up) - f(down)) / (2 * h)
        }
        let bce = { (z: [Double]) in noGrad { binaryCrossEntropyWithLogits(Tensor(z), Tensor(targets)).item } }
        let z = Tensor(logits, requiresGrad: true)
        binaryCrossEntropyWithLogits(z, Tensor(targets)).backward()
        for i in logits.indices { #expect(abs(z.grad!.data[i] - difference(bce, at: logits, i)) < 1e-8) }
        let ce = { (z: [Double]) in noGrad { crossEntropy(Tensor(z, shape: [2, 3]), labels).item } }
        let w = Tensor(logits, shape: [2, 3], requiresGrad: true)
        crossEntropy(w, labels).backward()
        for i in logits.indices { #expect(abs(w.grad!.data[i] - difference(ce, at: logits, i)) < 1e-8) }
    }
}
