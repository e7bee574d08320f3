/// A trainable piece of a model, like `torch.nn.Module`: a forward function and the parameters it owns.
public protocol Module: AnyObject {
    func forward(_ input: Tensor) -> Tensor
    /// The tensors an optimizer updates, in a stable order.
    func parameters() -> [Tensor]
}

extension Module {
    public func callAsFunction(_ input: Tensor) -> Tensor { forward(input) }

    public func zeroGrad() {
        for parameter in parameters() { parameter.zeroGrad() }
    }
}

/// A fully connected layer `y = x·Wᵀ + b`, initialized as PyTorch does: weight and bias uniform in
/// (−1/√in, 1/√in).
public final class Linear: Module {
    public let weight: Tensor
    public let bias: Tensor?

    public init(_ inputs: Int, _ outputs: Int, bias: Bool = true, using rng: inout RandomSource) {
        let bound = 1 / Double(inputs).squareRoot()
        weight = .uniform([outputs, inputs], low: -bound, high: bound, using: &rng, requiresGrad: true)
        self.bias = bias ? .uniform([outputs], low: -bound, high: bound, using: &rng, requiresGrad: true) : nil
    }

    /// A layer with the given weight (`outputs × inputs`) and bias (`outputs`).
    public init(weight: Tensor, bias: Tensor?) {
        self.weight = weight
        self.bias = bias
    }

    public func forward(_ input: Tensor) -> Tensor { .linear(input, weight: weight, bias: bias) }
    public func parameters() -> [Tensor] { bias.map { [weight, $0] } ?? [weight] }
}

/// `max(x, 0)` elementwise.
public final class ReLU: Module {
    public init() {}
    public func forward(_ input: Tensor) -> Tensor { input.relu() }
    public func parameters() -> [Tensor] { [] }
}

/// `tanh(x)` elementwise.
public final class Tanh: Module {
    public init() {}
    public func forward(_ input: Tensor) -> Tensor { input.tanh() }
    public func parameters() -> [Tensor] { [] }
}

/// `1 / (1 + exp(−x))` elementwise.
public final class Sigmoid: Module {
    public init() {}
    public func forward(_ input: Tensor) -> Tensor { input.sigmoid() }
    public func parameters() -> [Tensor] { [] }
}

/// Merges dimensions `start...end` (`torch.nn.Flatten(start_dim, end_dim)`; PyTorch's defaults are 1 and −1).
public final class Flatten: Module {
    public let start: Int, end: Int
    public init(start: Int = 1, end: Int = -1) {
        self.start = start
        self.end = end
    }
    public func forward(_ input: Tensor) -> Tensor { input.flatten(start: start, end: end) }
    public func parameters() -> [Tensor] { [] }
}

/// Modules applied one after another.
public final class Sequential: Module {
    public let layers: [any Module]
    public init(_ layers: [any Module]) { self.layers = layers }
    public convenience init(_ layers: any Module...) { self.init(layers) }
    public func forward(_ input: Tensor) -> Tensor { layers.reduce(input) { $1.forward($0) } }
    public func parameters() -> [Tensor] { layers.flatMap { $0.parameters() } }
}
