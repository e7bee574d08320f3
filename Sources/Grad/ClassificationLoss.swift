import Foundation

/// `torch.nn.functional.binary_cross_entropy_with_logits(logits, target)` with mean reduction, in
/// PyTorch's stable form: per element `(1 − y)·z − log σ(z)`, where `log σ(z) = min(z, 0) −
/// log1p(exp(−|z|))` never overflows. The gradient with respect to the logits is
/// `(σ(z) − y)·grad / n`, as PyTorch's `binary_cross_entropy_with_logits_backward`; with respect to
/// the target, `−z·grad / n`. One node, `BinaryCrossEntropyWithLogitsBackward0`.
public func binaryCrossEntropyWithLogits(_ logits: Tensor, _ target: Tensor) -> Tensor {
    precondition(logits.shape == target.shape, "binaryCrossEntropyWithLogits: shapes \(logits.shape) and \(target.shape) differ")
    let z = logits.data, y = target.data, n = Double(max(1, z.count))
    var total = 0.0
    for i in z.indices {
        let logSigmoid = min(z[i], 0) - log1p(exp(-abs(z[i])))
        total += (1 - y[i]) * z[i] - logSigmoid
    }
    let needLogits = logits.requiresGrad, needTarget = target.requiresGrad
    let node = Tensor.node("BinaryCrossEntropyWithLogitsBackward0", logits, target) { grad in
        let g = grad[0] / n
        let dz = needLogits ? z.indices.map { i in (1 / (1 + exp(-z[i])) - y[i]) * g } : nil
        let dy = needTarget ? z.map { -$0 * g } : nil
        return [dz, dy]
    }
    return Tensor(result: [total / n], shape: [], node: node)
}

extension Tensor {
    /// `torch.log_softmax(self, dim=-1)` of a matrix of rows (or of one vector): each row minus its
    /// log-sum-exp, computed from the row's maximum so it never overflows. The gradient is
    /// `grad − softmax · Σ grad` per row (`LogSoftmaxBackward0`).
    public func logSoftmax() -> Tensor {
        let width = shape.last ?? 1, rows = count / max(1, width)
        var out = [Double](repeating: 0, count: count)
        for r in 0..<rows {
            let base = r * width
            var top = -Double.infinity
            for j in 0..<width { top = max(top, data[base + j]) }
            var sum = 0.0
            for j in 0..<width { sum += Foundation.exp(data[base + j] - top) }
            let logSum = Foundation.log(sum)
            for j in 0..<width { out[base + j] = data[base + j] - top - logSum }
        }
        let node = Tensor.node("LogSoftmaxBackward0", self) { grad in
            var input = [Double](repeating: 0, count: out.count)
            for r in 0..<rows {
                let base = r * width
                var total = 0.0
                for j in 0..<width { total += grad[base + j] }
                for j in 0..<width { input[base + j] = grad[base + j] - Foundation.exp(out[base + j]) * total }
            }
            return [input]
        }
        return Tensor(result: out, shape: shape, node: node)
    }

    /// `torch.nn.functional.nll_loss(self, labels)` with mean reduction, for a matrix of
    /// log-probabilities (one row per sample) and a class index per row: `−mean(self[i, labels[i]])`
    /// (`NllLossBackward0`). Labels must be whole numbers from 0 to the row width − 1.
    public func nllLoss(_ labels: [Int]) -> Tensor {
        let width = shape.last ?? 1, rows = count / max(1, width)
        precondition(labels.count == rows, "nllLoss: \(labels.count) labels for \(rows) rows")
        precondition(labels.allSatisfy { (0..<width).contains($0) }, "nllLoss: a label outside 0..<\(width)")
        var total = 0.0
        for (r, label) in labels.enumerated() { total += data[r * width + label] }
        let n = Double(max(1, rows)), size = count
        let node = Tensor.node("NllLossBackward0", self) { grad in
            var input = [Double](repeating: 0, count: size)
            for (r, label) in labels.enumerated() { input[r * width + label] = -grad[0] / n }
            return [input]
        }
        return Tensor(result: [-total / n], shape: [], node: node)
    }
}

/// `torch.nn.functional.cross_entropy(logits, labels)` with mean reduction: `nll_loss(log_softmax(logits))`,
/// as PyTorch composes it (graph: `NllLossBackward0` ← `LogSoftmaxBackward0`).
public func crossEntropy(_ logits: Tensor, _ labels: [Int]) -> Tensor {
    logits.logSoftmax().nllLoss(labels)
}
