import Grad

/// The inputs and targets of a scene, drawn from its seed.
struct TrainingData {
    let inputs: Tensor
    let targets: Tensor

    /// Draws `x`, then `y` (values or formula plus noise), from `rng` in that order.
    init(_ spec: DataSpec, rng: inout SeededDraws) {
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
            let noise = rng.normal(targets.shape)
            targets = noGrad { targets + spec.noise * noise }
        }
        self.targets = targets
    }

    static func values(_ source: ValueSource, rng: inout SeededDraws) -> Tensor {
        switch source {
        case .linspace(let start, let end, let count): .linspace(start, end, count: count)
        case .values(let values): Tensor(values)
        case .normal(let shape): rng.normal(shape)
        case .uniform(let shape, let low, let high): rng.uniform(shape, low: low, high: high)
        case .csv(let table): Tensor(table.values, shape: table.shape)
        }
    }
}
