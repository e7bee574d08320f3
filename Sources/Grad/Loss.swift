import CGradKernels

/// How a loss combines the per-element errors.
public enum Reduction: String, Sendable, CaseIterable {
    case sum, mean
}

/// Squared error `(prediction − target)²`, summed or averaged (`torch.nn.functional.mse_loss`).
///
/// A composition of sub, `pow(2)` and `sum`/`mean` (tinygrad writes it so, and so does the
/// fallback below), fused into one operation (`MseLossBackward0`) when the shapes match: the forward pass never stores
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
        wanted.withUnsafeBufferPointer { t in tl_squared_error_sum(p.baseAddress, t.baseAddress, n) }
    }
    if reduction == .mean { total /= Double(n) }
    let norm = reduction == .sum ? 2 : 2 / Double(n)
    let needPrediction = prediction.requiresGrad, needTarget = target.requiresGrad
    let node = Tensor.node("MseLossBackward0", prediction, target, rule: .squaredError(reduction)) { grad in
        let g = grad[0]
        let input = needPrediction ? squaredErrorGradient(predicted, wanted, scale: norm, grad: g) : nil
        return [input, needTarget ? input.map { Kernels.map($0, -) } ?? Kernels.zip(predicted, wanted) { p, t in -(norm * (p - t) * g) } : nil]
    }
    return Tensor(result: [total], shape: [], node: node)
}

/// `(scale · (p − t)) · grad` elementwise.
private func squaredErrorGradient(_ predicted: [Double], _ wanted: [Double], scale: Double, grad: Double) -> [Double] {
    let n = predicted.count
    return [Double](unsafeUninitializedCapacity: n) { out, initialized in
        predicted.withUnsafeBufferPointer { p in
            wanted.withUnsafeBufferPointer { t in
                tl_squared_error_gradient(p.baseAddress, t.baseAddress, scale, grad, out.baseAddress, n)
            }
        }
        initialized = n
    }
}

/// The L1 penalty `strength · Σ |p|` over `parameters`, as the PyTorch idiom
/// `strength * sum(p.abs().sum() for p in model.parameters())` computes it: each tensor's sum of
/// absolute values, added up in order, then scaled once.
public func l1Penalty(_ parameters: [Tensor], strength: Double) -> Tensor {
    var total: Tensor?
    for parameter in parameters {
        let sum = parameter.abs().sum()
        total = total.map { $0 + sum } ?? sum
    }
    return (total ?? Tensor(0)) * strength
}
