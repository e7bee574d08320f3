/// How a loss combines the per-element errors.
public enum Reduction: String, Sendable, CaseIterable {
    case sum, mean
}

/// Squared error `(prediction − target)²`, summed or averaged (`torch.nn.functional.mse_loss`).
///
/// One fused operation (`MseLossBackward0`) when the shapes match: the forward pass never stores
/// the differences or their squares, and the backward pass is `grad · norm · (prediction − target)`
/// with norm 2 (sum) or 2/n (mean), as PyTorch's `mse_loss_backward`. Other shapes broadcast through
/// the elementary operations.
public func meanSquaredError(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
    guard prediction.shape == target.shape else {
        let squared = (prediction - target).pow(2)
        return reduction == .sum ? squared.sum() : squared.mean()
    }
    let n = prediction.count
    let predicted = prediction.data, wanted = target.data
    var total = predicted.withUnsafeBufferPointer { p in
        wanted.withUnsafeBufferPointer { t in
            var lanes = SIMD8<Double>()
            var i = 0
            if let pb = p.baseAddress, let tb = t.baseAddress {
                while i &+ 8 <= n {
                    let d = Kernels.load8(pb + i) - Kernels.load8(tb + i)
                    lanes += d * d
                    i &+= 8
                }
            }
            var sum = lanes.sum()
            while i < n {
                let d = p[i] - t[i]
                sum += d * d
                i &+= 1
            }
            return sum
        }
    }
    if reduction == .mean { total /= Double(n) }
    let norm = reduction == .sum ? 2 : 2 / Double(n)
    let needPrediction = prediction.requiresGrad, needTarget = target.requiresGrad
    let node = Tensor.node("MseLossBackward0", prediction, target) { grad in
        let g = grad[0]
        let input = needPrediction ? Kernels.zip(predicted, wanted) { p, t in norm * (p - t) * g } : nil
        return [input, needTarget ? input.map { Kernels.map($0, -) } ?? Kernels.zip(predicted, wanted) { p, t in -(norm * (p - t) * g) } : nil]
    }
    return Tensor(result: [total], shape: [], node: node)
}
