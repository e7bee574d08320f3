import Grad

/// The inputs and targets of a scene, drawn from its seed: the rows the model trains on and, with
/// `test_fraction`, the rows held out from training (`HeldOutSplit`).
struct TrainingData {
    let inputs: Tensor
    let targets: Tensor
    /// The held-out rows, when the scene holds some out.
    let heldOut: (inputs: Tensor, targets: Tensor)?

    init(inputs: Tensor, targets: Tensor) {
        self.inputs = inputs
        self.targets = targets
        heldOut = nil
    }

    /// Draws `x`, then `y` (values or formula plus noise), from `rng` in that order, then holds out
    /// `spec.testFraction` of the rows by a shuffle seeded with `seed`.
    init(_ spec: DataSpec, rng: inout SeededDraws, seed: UInt64) {
        let all = Self.draw(spec, rng: &rng)
        let rows = all.inputs.shape.first ?? 0
        guard spec.testFraction > 0, rows >= 2, all.targets.shape.first == rows else {
            (inputs, targets, heldOut) = (all.inputs, all.targets, nil)
            return
        }
        let split = HeldOutSplit(rows: rows, fraction: spec.testFraction, seed: seed)
        inputs = HeldOutSplit.rows(split.training, of: all.inputs)
        targets = HeldOutSplit.rows(split.training, of: all.targets)
        heldOut = (HeldOutSplit.rows(split.test, of: all.inputs), HeldOutSplit.rows(split.test, of: all.targets))
    }

    /// The held-out rows as a data set of their own.
    var testData: TrainingData? { heldOut.map { TrainingData(inputs: $0.inputs, targets: $0.targets) } }

    private static func draw(_ spec: DataSpec, rng: inout SeededDraws) -> (inputs: Tensor, targets: Tensor) {
        if let set = spec.dataset {
            let (inputs, labels) = set.draw(&rng)
            return (inputs, labels)
        }
        let inputs = Self.values(spec.inputs, rng: &rng)
        var targets: Tensor
        switch spec.target {
        case .formula(let expression):
            targets = CompiledFormula(expression, inputs: ["x": inputs], parameters: []).evaluate([])
            if targets.shape != inputs.shape { targets = targets.expand(to: inputs.shape) }
        case .source(let source):
            targets = Self.values(source, rng: &rng)
        case .labels:
            targets = Tensor(0)
        }
        if spec.noise > 0 {
            let noise = rng.normal(targets.shape)
            targets = noGrad { targets + spec.noise * noise }
        }
        return (inputs, targets)
    }

    static func values(_ source: ValueSource, rng: inout SeededDraws) -> Tensor {
        switch source {
        case .linspace(let start, let end, let count): .linspace(start, end, count: count)
        case .values(let values): Tensor(values)
        case .normal(let shape): rng.normal(shape)
        case .uniform(let shape, let low, let high): rng.uniform(shape, low: low, high: high)
        case .csv(let table): Tensor(table.values, shape: table.shape)
        case .dataset(let set): set.draw(&rng).inputs
        }
    }
}
