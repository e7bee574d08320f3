import Grad

/// A named tensor the optimizer trains: `a` for a formula's scalar, `0.weight` for a layer's
/// weights (PyTorch's `named_parameters()` naming).
public struct NamedParameter {
    public let name: String
    public let tensor: Tensor
}

/// The trainable model of a scene bound to its training data.
///
/// Formula models over more than `chunkSize` points evaluate the loss in chunks: each chunk's
/// forward and backward pass run back to back while its values are still in cache, and the
/// gradients accumulate across chunks (as autograd accumulates across backward calls). Time per
/// point then stays flat from thousands to millions of points. Smaller data sets (every shipped
/// scene) run as one piece, exactly as the notebooks compute them.
final class Model {
    /// Points per chunk for large data sets.
    static let chunkSize = 8192

    private struct Piece {
        let formula: CompiledFormula
        let randomTerms: [CompiledFormula]
        let targets: Tensor?
    }

    private enum Body {
        case formula([Piece])
        case network(Sequential, inputs: Tensor, targets: Tensor)
    }

    /// A traced training step of one structure: not yet traced, not replayable, or its plan.
    private enum Trace {
        case untried, unavailable
        case plan(LossPlan)
    }

    private let body: Body
    /// Each piece's traced step, by the number of random terms it adds (see `loss`).
    @exclusivity(unchecked) private var formulaTraces: [[Trace]] = []
    @exclusivity(unchecked) private var networkTrace = Trace.untried
    private let spec: ModelSpec
    let parameters: [NamedParameter]
    /// The parameters' tensors, in order.
    let tensors: [Tensor]
    /// At most eight parameters, each a single number (their values can be listed and trailed).
    let hasScalarParameters: Bool
    /// Parameter tensors in the order the compiled formulas take them.
    private let bindings: [Tensor]
    /// Points in the data set (1 without data).
    private let count: Int
    /// The strength of the L1 term added to the training loss (`Scene.l1`); 0 for none, and for
    /// a held-out model, whose loss is the data's alone.
    @exclusivity(unchecked) var l1 = 0.0

    init(_ spec: ModelSpec, parameters specs: [ParameterSpec], data: TrainingData?, rng: inout SeededDraws,
         overrides: [String: Double]) {
        self.spec = spec
        count = data?.targets.count ?? 1
        switch spec {
        case .formula(let expression, let randomTerms):
            var named: [NamedParameter] = []
            for parameter in specs {
                let start: Double
                switch parameter.initial {
                case .value(let value): start = value
                case .normal: start = rng.scalarNormal()
                case .tensor(let values): start = values.first ?? 0
                }
                named.append(NamedParameter(name: parameter.name, tensor: Tensor(overrides[parameter.name] ?? start, requiresGrad: true)))
            }
            (parameters, tensors, hasScalarParameters) = Self.lists(of: named)
            let names = specs.map(\.name)
            let pieces = Self.pieces(expression, randomTerms, names: names, data: data)
            body = .formula(pieces)
            bindings = named.map(\.tensor)
            formulaTraces = Self.untraced(pieces.count, randomTerms)
        case .layers(let sizes, let activation, let bias):
            var layers: [any Module] = []
            var named: [NamedParameter] = []
            var names = spec.tensorShapes.map(\.name).makeIterator()
            for (index, (fanIn, fanOut)) in zip(sizes, sizes.dropFirst()).enumerated() {
                let linear = rng.linear(fanIn, fanOut, bias: bias)
                for tensor in [linear.weight, linear.bias] {
                    guard let tensor, let name = names.next() else { continue }
                    if case .tensor(let values) = specs.first(where: { $0.name == name })?.initial, values.count == tensor.count {
                        tensor.data = values
                    }
                    named.append(NamedParameter(name: name, tensor: tensor))
                }
                layers.append(linear)
                if index < sizes.count - 2 {
                    switch activation {
                    case .relu: layers.append(ReLU())
                    case .tanh: layers.append(Tanh())
                    case .sigmoid: layers.append(Sigmoid())
                    case .linear: break
                    }
                }
            }
            (parameters, tensors, hasScalarParameters) = Self.lists(of: named)
            body = .network(Sequential(layers), inputs: data!.inputs, targets: data!.targets)
            bindings = []
        }
    }

    /// `parameters`, their tensors, and whether they are at most eight single numbers.
    private static func lists(of parameters: [NamedParameter]) -> ([NamedParameter], [Tensor], Bool) {
        (parameters, parameters.map(\.tensor), parameters.count <= 8 && parameters.allSatisfy { $0.tensor.count == 1 })
    }

    /// The same model, its very parameter tensors, bound to other data (the held-out rows): its
    /// loss is the test loss, and it trains nothing.
    init(sharingParametersOf other: Model, data: TrainingData, chunked: Bool = true) {
        spec = other.spec
        (parameters, tensors, hasScalarParameters) = (other.parameters, other.tensors, other.hasScalarParameters)
        bindings = other.bindings
        count = data.targets.count
        switch (other.body, other.spec) {
        case (.network(let network, _, _), _):
            body = .network(network, inputs: data.inputs, targets: data.targets)
        case (.formula, .formula(let expression, let randomTerms)):
            let pieces = Self.pieces(expression, randomTerms, names: other.parameters.map(\.name), data: data, chunked: chunked)
            body = .formula(pieces)
            formulaTraces = Self.untraced(pieces.count, randomTerms)
        case (.formula, .layers):
            preconditionFailure("a formula body comes from a formula spec")
        }
    }

    /// The formula bound to `data`, in chunks of `chunkSize` points when it is large.
    private static func pieces(_ expression: Expression, _ randomTerms: RandomTerms?, names: [String], data: TrainingData?,
                               chunked: Bool = true) -> [Piece] {
        var pieces: [(inputs: Tensor?, targets: Tensor?)] = [(data?.inputs, data?.targets)]
        if chunked, let data, data.inputs.count > Self.chunkSize, data.inputs.shape == data.targets.shape {
            pieces = stride(from: 0, to: data.inputs.count, by: Self.chunkSize).map { start in
                let end = min(start + Self.chunkSize, data.inputs.count)
                return (Tensor(Array(data.inputs.data[start..<end])), Tensor(Array(data.targets.data[start..<end])))
            }
        }
        return pieces.map { piece in
            let inputBinding = piece.inputs.map { Self.formulaInputs($0, targets: piece.targets) } ?? [:]
            let terms = (randomTerms?.orders ?? []).map { order in
                CompiledFormula(randomTerms!.term.substituting("k", with: .number(order)), inputs: inputBinding, parameters: names)
            }
            return Piece(formula: CompiledFormula(expression, inputs: inputBinding, parameters: names),
                         randomTerms: terms, targets: piece.targets)
        }
    }

    /// A formula's inputs: `x` itself, or the columns of an [N, k] input as `x1` … `xk`, each of
    /// the targets' shape ([N] or [N, 1]) so that the formula's output lines up with them.
    static func formulaInputs(_ inputs: Tensor, targets: Tensor?) -> [String: Tensor] {
        guard inputs.rank == 2 else { return ["x": inputs] }
        let rows = inputs.shape[0], width = inputs.shape[1]
        let shape = targets?.rank == 2 ? [rows, 1] : [rows]
        var bound: [String: Tensor] = [:]
        inputs.data.withUnsafeBufferPointer { values in
            for k in 0..<width {
                bound["x\(k + 1)"] = Tensor((0..<rows).map { values[$0 * width + k] }, shape: shape)
            }
        }
        return bound
    }

    private static func untraced(_ pieces: Int, _ randomTerms: RandomTerms?) -> [[Trace]] {
        Array(repeating: Array(repeating: .untried, count: (randomTerms?.orders.count ?? 0) + 1), count: pieces)
    }

    /// The fixed tensors each formula of a one-piece formula model reads (the model's, then each
    /// random term's; see `CompiledFormula.readConstants`); empty for nets.
    var formulaConstants: [[Tensor]] {
        guard case .formula(let pieces) = body, let piece = pieces.first else { return [] }
        return [piece.formula.readConstants] + piece.randomTerms.map(\.readConstants)
    }

    /// Whether the model is a formula (of `x` and named scalars), whose curve can be drawn.
    var isFormula: Bool {
        if case .formula = body { true } else { false }
    }

    /// How many pieces one loss evaluation runs in (1 unless the data set is chunked).
    var chunkCount: Int {
        if case .formula(let pieces) = body { pieces.count } else { 1 }
    }

    /// The loss at the current parameters. With `backward`, its gradients are added into the
    /// parameters' `grad` (unless the loss is not finite). Random terms draw how many to add from
    /// `rng`, once for the whole pass. `prediction` is the model's output on the training inputs,
    /// kept for layered models (parity plots). With `recordGraph`, the backward pass also records
    /// its graph and hands it over (the first chunk's graph when the data set is chunked).
    ///
    /// A training pass (with `backward`, without `recordGraph`) of a structure seen before replays
    /// its traced `LossPlan`, which gives the same bits as building the graph and allocates nothing.
    func loss(_ kind: LossKind, rng: inout RandomSource, backward: Bool,
              recordGraph: ((GraphRecord) -> Void)? = nil) -> (value: Double, prediction: [Double]?) {
        let replays = backward && recordGraph == nil && GradMode.isEnabled
        switch body {
        case .network(let network, let inputs, let targets):
            if replays, case .plan(let plan) = networkTrace {
                let value = plan.forward()
                if value.isFinite { plan.backward() }
                return (value, plan.outputValues)
            }
            let output = network(inputs)
            let loss = penalized(Self.loss(kind, output, targets, count: count))
            if backward, loss.item.isFinite, loss.requiresGrad {
                if let recordGraph {
                    recordGraph(loss.backwardRecordingGraph(labels: graphLabels(inputs: inputs, targets: targets)))
                } else {
                    loss.backward()
                }
                if case .untried = networkTrace { networkTrace = Self.trace(loss, output: output) }
            }
            return (loss.item, output.data)
        case .formula(let pieces):
            let extra = pieces[0].randomTerms.isEmpty ? 0 : rng.integer(in: 0...pieces[0].randomTerms.count)
            var total = 0.0
            for (position, piece) in pieces.enumerated() {
                if replays, case .plan(let plan) = formulaTraces[position][extra] {
                    let value = plan.forward()
                    total += value
                    guard value.isFinite else { return (value, nil) }
                    plan.backward()
                    continue
                }
                var output = piece.formula.evaluate(bindings)
                for term in piece.randomTerms.prefix(extra) { output = output + term.evaluate(bindings) }
                var loss = pieces.count == 1 ? Self.loss(kind, output, piece.targets, count: count)
                                             : meanSquaredError(output, piece.targets!, reduction: .sum) * (kind == .meanSquares ? 1 / Double(count) : 1)
                if position == 0 { loss = penalized(loss) }
                let value = loss.item
                total += value
                guard value.isFinite else { return (value, nil) }
                guard backward, loss.requiresGrad else { continue }
                if let recordGraph, position == 0 {
                    let formulas = [piece.formula] + piece.randomTerms.prefix(extra)
                    recordGraph(loss.backwardRecordingGraph(labels: graphLabels(inputs: nil, targets: piece.targets, formulas: formulas)))
                } else {
                    loss.backward()
                }
                if case .untried = formulaTraces[position][extra] { formulaTraces[position][extra] = Self.trace(loss) }
            }
            return (total, nil)
        }
    }

    /// `loss` plus the L1 term over every parameter, when the model has one.
    private func penalized(_ loss: Tensor) -> Tensor {
        l1 > 0 ? loss + l1Penalty(tensors, strength: l1) : loss
    }

    private static func trace(_ loss: Tensor, output: Tensor? = nil) -> Trace {
        LossPlan(tracing: loss, output: output).map(Trace.plan) ?? .unavailable
    }

    /// Names for the leaves of a loss graph: parameters by name, the data `x` and the targets `y`,
    /// and a formula's precomputed parts by what they stand for (`x`, `x^2`).
    private func graphLabels(inputs: Tensor?, targets: Tensor?, formulas: [CompiledFormula] = []) -> [ObjectIdentifier: String] {
        var labels: [ObjectIdentifier: String] = [:]
        for formula in formulas { labels.merge(formula.constantLabels) { first, _ in first } }
        if let inputs { labels[ObjectIdentifier(inputs)] = "x" }
        if let targets { labels[ObjectIdentifier(targets)] = "y" }
        for parameter in parameters { labels[ObjectIdentifier(parameter.tensor)] = parameter.name }
        return labels
    }

    static func loss(_ kind: LossKind, _ output: Tensor, _ targets: Tensor?, count: Int) -> Tensor {
        switch kind {
        case .minimize: output.count == 1 ? output : output.sum()
        case .sumSquares: meanSquaredError(output, targets!, reduction: .sum)
        case .meanSquares: meanSquaredError(output, targets!, reduction: .mean)
        case .binaryCrossEntropy: binaryCrossEntropyWithLogits(output, targets!)
        case .crossEntropy: crossEntropy(output, targets!.data.map { Int($0) })
        }
    }

    /// A `NetworkPlane` when the model is layered and its first layer is `Linear`.
    func networkPlane(_ kind: LossKind, origin: [Double], u: [Double], v: [Double]) -> NetworkPlane? {
        guard case .network(let network, let inputs, let targets) = body,
              let first = network.layers.first as? Linear else { return nil }
        return NetworkPlane(first: first, rest: Array(network.layers.dropFirst()), inputs: inputs, targets: targets,
                            kind: kind, count: count, origin: origin, u: u, v: v, l1: l1)
    }

    /// The model's output on the training inputs, without recording (random terms left out).
    func prediction() -> [Double] {
        noGrad {
            switch body {
            case .network(let network, let inputs, _): network(inputs).data
            case .formula(let pieces): pieces.flatMap { $0.formula.evaluate(bindings).data }
            }
        }
    }

    /// A layered model's first layer at the rows of `inputs` (shape [N, inputs]), without
    /// recording: its weights (outputs × inputs), bias, and each row's outputs after the activation
    /// that follows it (`activated`), or before any when the first layer is the last. Nil for formulas.
    func firstLayer(_ inputs: Tensor) -> (weight: Tensor, bias: Tensor?, outputs: Tensor, activated: Bool)? {
        guard case .network(let network, _, _) = body, let first = network.layers.first as? Linear else { return nil }
        return noGrad {
            var outputs = first(inputs)
            let next = network.layers.dropFirst().first
            let activated = next != nil && !(next is Linear)
            if activated, let next { outputs = next(outputs) }
            return (first.weight, first.bias, outputs, activated)
        }
    }

    /// The model's outputs for the rows of `inputs` (shape [N, inputs]), without recording: the
    /// network's, or a formula's of the columns x1, x2, … (random terms left out).
    func outputs(_ inputs: Tensor) -> [Double] {
        noGrad {
            switch body {
            case .network(let network, _, _): return network(inputs).data
            case .formula:
                guard case .formula(let expression, _) = spec else { return [] }
                let rows = inputs.shape.first ?? 0
                let value = CompiledFormula(expression, inputs: Self.formulaInputs(inputs, targets: nil),
                                            parameters: parameters.map(\.name)).evaluate(bindings)
                return value.count == rows ? value.data : [Double](repeating: value.data.first ?? .nan, count: rows)
            }
        }
    }

    /// Values of the formula at `points` (with `x` bound to them), without recording gradients;
    /// random terms are left out. `nil` for layered models.
    func formulaValues(at points: [Double], variable: String = "x") -> [Double]? {
        guard case .formula(let expression, _) = spec else { return nil }
        return noGrad {
            let samples = Tensor(points)
            var bound = bindings
            if let index = parameters.firstIndex(where: { $0.name == variable }) { bound[index] = samples }
            let formula = CompiledFormula(expression, inputs: ["x": samples], parameters: parameters.map(\.name))
            let result = formula.evaluate(bound)
            return result.count == points.count ? result.data : [Double](repeating: result.data.first ?? .nan, count: points.count)
        }
    }
}
