import Grad

/// What the lab shows of the optimum, where the loss is an exact quadratic of the parameters.
extension Session {
    /// The formula model's values at `points` with its parameters at `values` (flat, as
    /// `flatParameterValues`), for drawing the optimum's curve; nil for layered models. The run's
    /// parameters are left exactly as they were.
    public func modelValues(at points: [Double], flatParameters values: [Double]) -> [Double]? {
        let tensors = parameters.map(\.tensor)
        guard values.count == tensors.reduce(0, { $0 + $1.count }) else { return nil }
        let saved = tensors.map(\.data)
        defer { for (tensor, data) in zip(tensors, saved) { tensor.data = data } }
        var offset = 0
        for tensor in tensors {
            tensor.data = Array(values[offset..<(offset + tensor.count)])
            offset += tensor.count
        }
        return modelValues(at: points)
    }

    /// The largest stable learning rate for the current optimizer, where the loss is quadratic and
    /// a classical bound exists (plain SGD, heavy ball, Nesterov); nil otherwise.
    public var stableLearningRate: StableLearningRate? {
        quadraticAnalysis().stableLearningRate(for: optimizer)
    }
}
