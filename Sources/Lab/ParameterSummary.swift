import Grad

/// A parameter as people read it: a scalar's value, or a tensor's L2 norm, with its gradient.
public struct ParameterSummary: Equatable, Sendable {
    public let name: String
    /// All values when there are at most eight, otherwise empty.
    public let values: [Double]
    public let norm: Double
    /// The gradient (the value for scalars, the L2 norm for tensors): at the current values when
    /// asked for, else the last step's (nil before any step).
    public let gradient: Double?
    public var isScalar: Bool { values.count == 1 }
}

extension Session {
    /// The parameters with their current values and either the gradients at those values (one
    /// forward and backward pass per parameter update, cached) or the last step's, which were taken
    /// at the values before that step's update.
    public func parameterSummaries(gradientsAtCurrentValues: Bool = false) -> [ParameterSummary] {
        let gradients = gradientsAtCurrentValues ? currentGradients() : self.gradients
        return zip(parameters.indices, parameters).map { index, named in
            let values = named.tensor.data
            let gradient: Double? = index < gradients.count
                ? (gradients[index].count == 1 ? gradients[index][0] : l2Norm(gradients[index])) : nil
            return ParameterSummary(name: named.name, values: values.count <= 8 ? values : [],
                                    norm: l2Norm(values), gradient: gradient)
        }
    }
}
