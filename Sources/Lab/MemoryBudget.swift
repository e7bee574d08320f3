import Grad

/// The memory a scene will need, estimated from its file before any data is drawn, so a scene
/// that cannot fit is refused with the size it would need instead of growing until the machine
/// swaps or the allocator aborts.
///
/// Counted, in 8-byte numbers: the inputs and targets with the temporaries that draw them; for
/// formula models the values cached per formula node over the data (such as `x^3`, once per
/// random-term order) plus one pass's activations and gradients; for layered models each layer's
/// outputs, activations and gradients over all rows, and the parameters with their gradients,
/// optimizer state (Adam keeps two more copies) and update temporaries. The estimate errs high.
public enum MemoryBudget {
    /// 2 GB: what tinylab lets one scene use.
    public static let `default` = 2_000_000_000

    /// Estimated peak bytes of loading `scene` and training it (saturating, never overflowing).
    static func estimate(_ scene: Scene) -> Double {
        let number = 8.0
        let points = Double(scene.data?.inputs.shape.reduce(1, *) ?? 1)
        var targets = points
        if case .source(let source)? = scene.data?.target { targets = Double(source.shape.reduce(1, *)) }
        var bytes = number * 2 * (points + targets)
        switch scene.model {
        case .formula(let expression, let randomTerms):
            let names = Set(scene.parameters.map(\.name))
            let orders = Double(randomTerms?.orders.count ?? 0)
            let chunk = points > Double(Model.chunkSize) ? Double(Model.chunkSize) : points
            if points > Double(Model.chunkSize) { bytes += number * 2 * points }
            var cached = Double(cachedNodes(expression, parameters: names))
            var nodes = Double(nodeCount(expression))
            if let term = randomTerms?.term {
                cached += orders * Double(cachedNodes(term, parameters: names))
                nodes += orders * (Double(nodeCount(term)) + 1)
            }
            if case .formula(let target)? = scene.data?.target { nodes += Double(nodeCount(target)) }
            bytes += number * points * cached + number * chunk * nodes * 3
        case .layers(let sizes, _, _):
            let rows = Double(scene.data?.inputs.shape.first ?? 1)
            let widths = sizes.map(Double.init)
            let outputs = widths.dropFirst().reduce(0, +)
            let weights = zip(widths, widths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
            bytes += number * rows * (widths[0] + 5 * outputs)
            bytes += number * weights * 7
        }
        return bytes
    }

    /// Nodes of `e` that read the data but no parameter: compiled once into a tensor over the data.
    private static func cachedNodes(_ e: Expression, parameters: Set<String>) -> Int {
        var count = 0
        func visit(_ e: Expression) -> (readsData: Bool, readsParameter: Bool) {
            let found: (Bool, Bool)
            switch e {
            case .number: found = (false, false)
            case .variable(let name): found = parameters.contains(name) ? (false, true) : (true, false)
            case .negate(let inner), .call(_, let inner): found = visit(inner)
            case .binary(_, let l, let r):
                let (a, b) = (visit(l), visit(r))
                found = (a.readsData || b.readsData, a.readsParameter || b.readsParameter)
            }
            if found.0 && !found.1 { count += 1 }
            return found
        }
        _ = visit(e)
        return count
    }

    private static func nodeCount(_ e: Expression) -> Int {
        switch e {
        case .number, .variable: 1
        case .negate(let inner), .call(_, let inner): 1 + nodeCount(inner)
        case .binary(_, let l, let r): 1 + nodeCount(l) + nodeCount(r)
        }
    }

    /// `bytes` as people read it: "3.2 GB", "640 MB".
    static func describe(_ bytes: Double) -> String {
        if bytes >= 1e12 { return "\(rounded(bytes / 1e12)) TB" }
        if bytes >= 1e9 { return "\(rounded(bytes / 1e9)) GB" }
        return "\(rounded(bytes / 1e6)) MB"
    }

    private static func rounded(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(Double(Int((value * 10).rounded())) / 10)
    }
}

extension SceneReader {
    /// Refuses a scene whose estimated memory exceeds `budget`, naming what it would need.
    func checkBudget(_ scene: Scene, budget: Int) throws(SceneError) {
        let need = MemoryBudget.estimate(scene)
        guard need > Double(budget) else { return }
        let sizes = "would need about \(MemoryBudget.describe(need)); scenes may use at most \(MemoryBudget.describe(Double(budget)))"
        if case .layers = scene.model {
            throw error("model", "layers", "these layers over \(scene.data?.inputs.shape.first ?? 1) rows \(sizes); use fewer rows or narrower layers")
        }
        if case .formula(_, let terms?) = scene.model, terms.orders.count > 1 {
            throw error("model.random_terms", "orders", "\(terms.orders.count) random-term orders over \(scene.data?.inputs.shape.reduce(1, *) ?? 1) points \(sizes); use fewer points or orders")
        }
        throw error("data", "x", "\(scene.data?.inputs.shape.reduce(1, *) ?? 1) points with this formula \(sizes); use fewer points")
    }

    /// Draws the data as a session with the scene's seed does and refuses values that are not
    /// finite (they would only show up later as a "divergence" no learning rate can fix).
    func checkData(_ scene: Scene) throws(SceneError) {
        guard let spec = scene.data else { return }
        var rng = SeededDraws(scene.generator, seed: scene.seed)
        let inputs = TrainingData.values(spec.inputs, rng: &rng)
        if case .formula(let formula) = spec.target {
            let targets = noGrad { CompiledFormula(formula, inputs: ["x": inputs], parameters: []).evaluate([]) }
            if let index = targets.data.firstIndex(where: { !$0.isFinite }) {
                let x = targets.count == inputs.count ? inputs.data[index] : inputs.data[0]
                let point = targets.count == inputs.count ? "point \(index + 1) of \(inputs.count)" : "every point"
                let value = targets.data[index].isNaN ? "nan" : "\(targets.data[index])"
                throw error("data", "y", "the target is \(value) at x = \(x) (\(point)); "
                            + "targets must be finite numbers, so choose x where the formula is defined")
            }
        }
        guard spec.noise > 0 else { return }
        let data = noGrad { TrainingData(spec, rng: &rng, seed: 0) }
        if let index = data.targets.data.firstIndex(where: { !$0.isFinite }) {
            throw error("data", "noise", "noise σ = \(spec.noise) makes target \(index + 1) \(data.targets.data[index]); use a smaller noise")
        }
    }
}
