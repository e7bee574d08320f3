import Foundation
@testable import Grad
import ReferenceMath
import Testing

/// `abs` and the L1 penalty against real PyTorch (`TorchRegularised/make_torch_regularised.py`) and
/// against the derivative worked out by hand.
struct AbsTests {
    /// Read once; never written after.
    nonisolated(unsafe) static let root: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ReferenceMath/TorchRegularised/torch_regularised.json")
        guard let data = try? Data(contentsOf: url), let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return root
    }()

    @Test("abs: PyTorch's values and gradients bit for bit (sgn(0) = 0, at +0 and −0), graph name AbsBackward0")
    func absMatchesTorch() throws {
        let item = try #require(Self.root["abs"] as? [String: Any])
        let x = Tensor(TorchRandomFixtures.doubles(item["x"]), requiresGrad: true)
        let y = x.abs()
        #expect(y.gradFunction?.name == item["graph"] as? String)
        (y * Tensor(TorchRandomFixtures.doubles(item["upstream"]))).sum().backward()
        #expect(y.data == TorchRandomFixtures.doubles(item["y"]))
        let grad = try #require(x.grad?.data)
        #expect(grad == TorchRandomFixtures.doubles(item["grad"]), "\(grad)")
        #expect(grad.suffix(4).allSatisfy { $0 == 0 })
    }

    @Test("l1Penalty(λ) is λ·Σ|p| over every tensor, and its gradient λ·sgn(p), 0 where p = 0")
    func penaltyAndGradient() {
        let weight = Tensor([0.5, -2, 0, 3], shape: [2, 2], requiresGrad: true)
        let bias = Tensor([-0.25, 1], requiresGrad: true)
        let penalty = l1Penalty([weight, bias], strength: 0.1)
        #expect(abs(penalty.item - 0.1 * (0.5 + 2 + 0 + 3 + 0.25 + 1)) < 1e-15)
        penalty.backward()
        #expect(weight.grad?.data == [0.1, -0.1, 0, 0.1])
        #expect(bias.grad?.data == [-0.1, 0.1])
    }
}
