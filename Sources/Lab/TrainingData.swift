import Grad

/// The inputs and targets of a scene, drawn from its seed: the rows the model trains on and, with
/// `test_fraction`, the rows held out from training (`HeldOutSplit`).
struct TrainingData {
    let inputs: Tensor
    let targets: Tensor
    /// The held-out rows, when the scene holds some out.
    let heldOut: (inputs: Tensor, targets: Tensor)?
    /// With `features`, the input columns they are computed from (the training rows', then the
    /// held-out rows'): the points a decision map draws. Nil without features (`inputs` are they).
    let columns: (training: Tensor, heldOut: Tensor?)?

    init(inputs: Tensor, targets: Tensor) {
        self.inputs = inputs
        self.targets = targets
        heldOut = nil
        columns = nil
    }

    /// Draws `x`, then `y` (values or formula plus noise), from `rng` in that order, then holds out
    /// `spec.testFraction` of the rows by a shuffle seeded with `seed`.
    init(_ spec: DataSpec, rng: inout SeededDraws, seed: UInt64) {
        let all = Self.draw(spec, rng: &rng)
        let rows = all.inputs.shape.first ?? 0
        let features = spec.features
        func computed(_ columns: Tensor) -> Tensor { features.map { Self.features($0, of: columns) } ?? columns }
        guard spec.testFraction > 0, rows >= 2, all.targets.shape.first == rows else {
            (inputs, targets, heldOut) = (computed(all.inputs), all.targets, nil)
            columns = features == nil ? nil : (all.inputs, nil)
            return
        }
        let split = HeldOutSplit(rows: rows, fraction: spec.testFraction, seed: seed)
        let training = HeldOutSplit.rows(split.training, of: all.inputs), test = HeldOutSplit.rows(split.test, of: all.inputs)
        inputs = computed(training)
        targets = HeldOutSplit.rows(split.training, of: all.targets)
        heldOut = (computed(test), HeldOutSplit.rows(split.test, of: all.targets))
        columns = features == nil ? nil : (training, test)
    }

    /// The `features` of each row of `columns` (shape [N, k], bound to x1…xk): shape [N, features].
    static func features(_ features: [Expression], of columns: Tensor) -> Tensor {
        let rows = columns.shape.first ?? 0, width = columns.shape.count == 2 ? columns.shape[1] : 1
        var bound: [String: Tensor] = [:]
        for k in 0..<width {
            bound["x\(k + 1)"] = Tensor((0..<rows).map { columns.data[$0 * width + k] })
        }
        let values = noGrad {
            features.map { feature -> [Double] in
                let value = CompiledFormula(feature, inputs: bound, parameters: []).evaluate([])
                return value.count == rows ? value.data : [Double](repeating: value.data.first ?? .nan, count: rows)
            }
        }
        var table = [Double](repeating: 0, count: rows * features.count)
        for (f, column) in values.enumerated() {
            for row in 0..<rows { table[row * features.count + f] = column[row] }
        }
        return Tensor(table, shape: [rows, features.count])
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
