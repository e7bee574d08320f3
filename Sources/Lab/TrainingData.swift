import Grad

/// The inputs and targets of a scene, drawn from its seed.
struct TrainingData {
    let inputs: Tensor
    let targets: Tensor

    /// Draws `x`, then `y` (values or formula plus noise), from `rng` in that order.
    init(_ spec: DataSpec, rng: inout RandomSource) {
        inputs = Self.values(spec.inputs, rng: &rng)
        var targets: Tensor
        switch spec.target {
        case .formula(let expression):
            targets = CompiledFormula(expression, inputs: ["x": inputs], parameters: []).evaluate([])
            if targets.shape != inputs.shape { targets = targets.expand(to: inputs.shape) }
        case .source(let source):
            targets = Self.values(source, rng: &rng)
        }
        if spec.noise > 0 {
            let noise = Tensor.randn(targets.shape, using: &rng)
            targets = noGrad { targets + spec.noise * noise }
        }
        self.targets = targets
    }

    static func values(_ source: ValueSource, rng: inout RandomSource) -> Tensor {
        switch source {
        case .linspace(let start, let end, let count): .linspace(start, end, count: count)
        case .values(let values): Tensor(values)
        case .normal(let shape): .randn(shape, using: &rng)
        case .uniform(let shape, let low, let high): .uniform(shape, low: low, high: high, using: &rng)
        case .csv(let table): Tensor(table.values, shape: table.shape)
        }
    }
}
