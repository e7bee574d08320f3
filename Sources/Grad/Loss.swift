/// How a loss combines the per-element errors.
public enum Reduction: String, Sendable, CaseIterable {
    case sum, mean
}

/// Squared error `(prediction − target)²`, summed or averaged (`torch.nn.MSELoss(reduction:)`).
public func meanSquaredError(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
    let squared = (prediction - target).pow(2)
    switch reduction {
    case .sum: return squared.sum()
    case .mean: return squared.mean()
    }
}
