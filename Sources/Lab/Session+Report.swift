import Grad

/// A parameter as people read it: a scalar's value, or a tensor's L2 norm, with its gradient.
public struct ParameterSummary: Equatable, Sendable {
    public let name: String
    /// All values when there are at most eight, otherwise empty.
    public let values: [Double]
    public let norm: Double
    /// The last step's gradient: the value for scalars, the L2 norm for tensors; nil before any step.
    public let gradient: Double?
    public var isScalar: Bool { values.count == 1 }
}

extension Session {
    /// The parameters with their current values and the last gradients.
    public func parameterSummaries() -> [ParameterSummary] {
        zip(parameters.indices, parameters).map { index, named in
            let values = named.tensor.data
            let gradient: Double? = index < gradients.count
                ? (gradients[index].count == 1 ? gradients[index][0] : Self.norm(gradients[index])) : nil
            return ParameterSummary(name: named.name, values: values.count <= 8 ? values : [],
                                    norm: Self.norm(values), gradient: gradient)
        }
    }

    static func norm(_ values: [Double]) -> Double {
        values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// The loss at the current parameters, without recording and without touching the run's
    /// random stream (the state after the last update, for final reports).
    public func currentLoss() -> Double {
        noGrad { evaluateLoss(backward: false) }
    }
}

extension Session {
    /// The model's output on the training inputs at the current parameters, without recording.
    public func currentPrediction() -> [Double] {
        modelPrediction()
    }

    /// The gradient of the loss at the current parameters, without stepping (the slope the next
    /// step will use). Accumulated gradients are left as they were.
    public func currentGradients() -> [[Double]] {
        let tensors = parameters.map(\.tensor)
        let saved = tensors.map(\.grad)
        defer { for (tensor, grad) in zip(tensors, saved) { tensor.grad = grad } }
        for tensor in tensors { tensor.grad = nil }
        guard evaluateLoss(backward: true).isFinite else {
            return tensors.map { [Double](repeating: .nan, count: $0.count) }
        }
        return tensors.map { $0.grad?.data ?? [Double](repeating: 0, count: $0.count) }
    }
}
