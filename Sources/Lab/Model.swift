import Grad

/// A named tensor the optimizer trains: `a` for a formula's scalar, `0.weight` for a layer's
/// weights (PyTorch's `named_parameters()` naming).
public struct NamedParameter {
    public let name: String
    public let tensor: Tensor
}

/// The trainable model of a scene bound to its training inputs.
final class Model {
    private enum Body {
        case formula(CompiledFormula, randomTerms: [CompiledFormula])
        case network(Sequential)
    }

    private let body: Body
    private let spec: ModelSpec
    let parameters: [NamedParameter]
    private let bindings: [String: Tensor]

    init(_ spec: ModelSpec, parameters specs: [ParameterSpec], inputs: Tensor?, rng: inout RandomSource,
         overrides: [String: Double]) {
        self.spec = spec
        switch spec {
        case .formula(let expression, let randomTerms):
            var named: [NamedParameter] = []
            for parameter in specs {
                let start: Double
                switch parameter.initial {
                case .value(let value): start = value
                case .normal: start = rng.normal()
                }
                named.append(NamedParameter(name: parameter.name, tensor: Tensor(overrides[parameter.name] ?? start, requiresGrad: true)))
            }
            parameters = named
            let names = Set(specs.map(\.name))
            let inputBinding = inputs.map { ["x": $0] } ?? [:]
            let terms = (randomTerms?.orders ?? []).map { order in
                CompiledFormula(randomTerms!.term.substituting("k", with: .number(order)), inputs: inputBinding, parameters: names)
            }
            body = .formula(CompiledFormula(expression, inputs: inputBinding, parameters: names), randomTerms: terms)
            bindings = Dictionary(uniqueKeysWithValues: named.map { ($0.name, $0.tensor) })
        case .layers(let sizes, let activation, let bias):
            var layers: [any Module] = []
            var named: [NamedParameter] = []
            for (index, (fanIn, fanOut)) in zip(sizes, sizes.dropFirst()).enumerated() {
                let linear = Linear(fanIn, fanOut, bias: bias, using: &rng)
                let position = layers.count
                named.append(NamedParameter(name: "\(position).weight", tensor: linear.weight))
                if let b = linear.bias { named.append(NamedParameter(name: "\(position).bias", tensor: b)) }
                layers.append(linear)
                if index < sizes.count - 2 {
                    layers.append(activation == .relu ? ReLU() as any Module : Tanh())
                }
            }
            parameters = named
            body = .network(Sequential(layers))
            bindings = [:]
        }
        self.inputs = inputs
    }

    private let inputs: Tensor?

    /// The model's output on the training inputs (or its value, for formulas without data).
    /// Random terms draw how many to add from `rng`.
    func forward(rng: inout RandomSource) -> Tensor {
        switch body {
        case .formula(let formula, let terms):
            var output = formula.evaluate(bindings)
            if !terms.isEmpty {
                let extra = rng.integer(in: 0...terms.count)
                for term in terms.prefix(extra) { output = output + term.evaluate(bindings) }
            }
            return output
        case .network(let network):
            return network(inputs!)
        }
    }

    /// Values of the formula at `points` (with `x` bound to them), without recording gradients;
    /// random terms are left out. `nil` for layered models.
    func formulaValues(at points: [Double], variable: String = "x") -> [Double]? {
        guard case .formula(let expression, _) = spec else { return nil }
        return noGrad {
            let samples = Tensor(points)
            var bound = bindings
            if bound[variable] != nil { bound[variable] = samples }
            let names = Set(bindings.keys)
            let formula = CompiledFormula(expression, inputs: ["x": samples], parameters: names)
            let result = formula.evaluate(bound)
            return result.count == points.count ? result.data : [Double](repeating: result.data.first ?? .nan, count: points.count)
        }
    }
}
