import CGradKernels

/// A loss's forward and backward pass, traced once from a built graph and replayed on the current
/// values of its leaves (parameters, data) without building a graph or allocating.
///
/// Tracing reads the graph's operations in the order `backward()` walks them; the plan keeps the
/// leaves and one buffer for every intermediate value and gradient (one allocation, made when
/// traced), and none of the graph's nodes. Replaying does, operation by operation, what the
/// operations and their backward rules do, in the same order and with the same kernels, and adds
/// the gradients into the leaves' `grad` as `backward()` does, so every bit is the same as
/// building the graph again. A plan stays valid while its leaves keep their shapes; a step of a
/// different structure needs a plan of its own.
///
/// A leaf's `grad` is a tensor the plan reuses when nothing else holds it (two per leaf, used in
/// turn, so a caller that keeps the last gradient's values does not make the next one allocate).
/// Like tensors, a plan is used by one thread at a time, so its buffers skip Swift's dynamic
/// exclusivity checks.
public final class LossPlan {
    /// An operation in forward order. Operands index `values`.
    private struct Step {
        let rule: ReplayRule
        let operands: (Int, Int, Int)
        let operandCount: Int
        let output: Int
    }

    /// How `forward()` computes a step's value.
    private enum Evaluation {
        /// By the step's rule.
        case rule
        /// Not here: its only reader computes it in its own pass (a `combination`), and no
        /// backward rule reads it.
        case fused
        /// `values[output] = ((values[addend] + s₀·v₀) + s₁·v₁) + …` over the terms
        /// `terms[first ..< first + count]` (each a single value times a vector): a chain of adds
        /// that each take in such a product, the products and the intermediate sums read by
        /// nothing else, in one pass (`tl_combination`). `fit` ≥ 0: the squared-error step whose
        /// prediction this is, its loss summed in the same pass.
        case combination(addend: Int, first: Int, count: Int, fit: Int)
    }

    /// One term of a `combination`: the value index of its single-value scale and of its vector.
    private struct Term {
        let scale: Int
        let vector: Int
    }

    /// Reductions of one gradient buffer to single values, done in one pass (`tl_reductions`): an
    /// add's broadcast operand (`Σ g`) and multiplications of a single value by a vector (`Σ g·v`),
    /// as their backward rules compute them.
    private struct ReductionBatch {
        let gradient: UnsafePointer<Double>
        let count: Int
        /// Where `Σ g` goes, if one of the batch is a plain sum.
        let sumTarget: UnsafeMutablePointer<Double>?
        /// The batch's dot products: `dots[first ..< first + dotCount]`.
        let first: Int
        let dotCount: Int
        /// ≥ 0: the squared-error step whose prediction gradient the buffer would hold; the batch
        /// computes that gradient as it goes (`tl_squared_error_reductions`) and the buffer is
        /// never written, since the batch is all that reads it.
        let fit: Int
    }

    /// One dot product of a `ReductionBatch`: `g` times the value `other`, into `target`'s gradient.
    private struct Dot {
        let other: Int
        let target: UnsafeMutablePointer<Double>
    }

    /// One backward action, in the order `backward()` takes them.
    private enum Action {
        /// The gradient of `step`'s operand `operand`, written into `values[target]`'s gradient
        /// (`accumulate`: added to what is there).
        case gradient(step: Int, operand: Int, target: Int, accumulate: Bool)
        /// `leaves[leaf].grad += gradient of values[leaf]`.
        case accumulateLeaf(Int)
        /// `batches[batch]`: several single-value gradients reduced from one buffer in one pass.
        case reductions(batch: Int)
    }

    /// The leaves read by the loss, first in `values`.
    private let leaves: [Tensor]
    /// Values by index: the leaves, then every operation's result.
    @exclusivity(unchecked) private var values: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    /// The gradient buffer of each value (leaves that need none point to `work`).
    @exclusivity(unchecked) private var gradients: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    private let counts: [Int]
    private let needsGrad: [Bool]
    private let steps: [Step]
    private let evaluations: [Evaluation]
    private let terms: UnsafeMutablePointer<Term>
    private let actions: [Action]
    private let batches: UnsafeMutablePointer<ReductionBatch>
    private let dots: UnsafeMutablePointer<Dot>
    /// Room for one pass's scales, vectors and dot products (as many as the longest combination or batch).
    private let scratchScales: UnsafeMutablePointer<Double>
    private let scratchVectors: UnsafeMutablePointer<UnsafePointer<Double>?>
    private let scratchDots: UnsafeMutablePointer<Double>
    private let root: Int
    /// Each step's pointers, the leaves' refreshed by `holdLeaves`.
    private let stepBuffers: UnsafeMutablePointer<ReplayBuffers>
    /// Where the steps read leaves: operand `operand` of step `step` is leaf `leaf`.
    private let leafOperands: [(step: Int, operand: Int, leaf: Int)]
    private let storage: UnsafeMutablePointer<Double>
    private let work: UnsafeMutablePointer<Double>
    private let spare: UnsafeMutablePointer<Double>
    /// How a pass reads a leaf's values.
    private enum LeafKind {
        /// Copied into the plan's storage (a few values: cheaper than holding an array).
        case copied
        /// Held for the pass (so the pointer stays valid) and let go after it, so that an update
        /// in place between passes (a parameter's) does not copy the array.
        case heldForThePass
        /// Held from pass to pass while the leaf keeps the same array (data nothing updates).
        case heldWhileUnchanged
    }

    /// Leaves of at most this many values are copied.
    private static let copiedLeafSize = 16

    private static let lineBytes = 64

    /// `count` values rounded up to whole lines of `lineBytes`.
    private static func linedCount(_ count: Int) -> Int {
        let perLine = lineBytes / MemoryLayout<Double>.stride
        return (count + perLine - 1) / perLine * perLine
    }
    private let leafKinds: [LeafKind]
    /// The leaves' values held (see `LeafKind`); a parameter's is empty between passes.
    @exclusivity(unchecked) private var held: [[Double]]
    /// Two gradient tensors per leaf that needs one, used in turn.
    @exclusivity(unchecked) private var gradTensors: [(Tensor?, Tensor?)]
    @exclusivity(unchecked) private var gradTurn: [Bool]
    /// The value `outputValues` reads, and two arrays it returns in turn.
    private let output: Int?
    @exclusivity(unchecked) private var outputArrays: ([Double], [Double]) = ([], [])

    /// Traces the graph below `loss` (a one-element result of operations); `output`, a tensor of
    /// that graph, can be read back after each replay (`outputValues`). `nil` when an operation of
    /// the graph cannot be replayed or a tensor is empty.
    public init?(tracing loss: Tensor, output: Tensor? = nil) {
        guard loss.count == 1, loss.gradFunction != nil else { return nil }
        let order = loss.topologicalOrder()
        var index: [ObjectIdentifier: Int] = [:]
        var leaves: [Tensor] = []
        var operations: [(tensor: Tensor, node: GraphNode, rule: ReplayRule)] = []
        for tensor in order {
            guard tensor.count > 0 else { return nil }
            if let node = tensor.gradFunction {
                guard let rule = node.rule else { return nil }
                operations.append((tensor, node, rule))
                var empty = false
                node.forEachInput { _, input in
                    if input.count == 0 { empty = true }
                    if input.gradFunction == nil, index[ObjectIdentifier(input)] == nil {
                        index[ObjectIdentifier(input)] = leaves.count
                        leaves.append(input)
                    }
                }
                if empty { return nil }
            } else if index[ObjectIdentifier(tensor)] == nil {
                index[ObjectIdentifier(tensor)] = leaves.count
                leaves.append(tensor)
            }
        }
        for (position, operation) in operations.enumerated() {
            index[ObjectIdentifier(operation.tensor)] = leaves.count + position
        }
        let all = leaves + operations.map(\.tensor)
        counts = all.map(\.count)
        needsGrad = all.map(\.requiresGrad)
        var steps: [Step] = []
        for operation in operations {
            var operands = [Int]()
            operation.node.forEachInput { _, input in operands.append(index[ObjectIdentifier(input)]!) }
            guard operands.count <= 3 else { return nil }
            steps.append(Step(rule: operation.rule,
                              operands: (operands[0], operands.count > 1 ? operands[1] : 0, operands.count > 2 ? operands[2] : 0),
                              operandCount: operands.count, output: index[ObjectIdentifier(operation.tensor)]!))
        }
        let stepOf = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1.output, $0) })
        let fusion = Self.fuse(steps, stepOf: stepOf, counts: counts, leafCount: leaves.count,
                               keep: [index[ObjectIdentifier(loss)]!] + (output.flatMap { index[ObjectIdentifier($0)] }.map { [$0] } ?? []))
        evaluations = fusion.evaluations
        var actions: [Action] = []
        var hasGradient = [Bool](repeating: false, count: all.count)
        // A value that receives one gradient, its consumer's passed on unchanged, shares the
        // consumer's buffer instead of copying it. Such a value only reads the buffer; the buffer's
        // writes (its owner's gradients) all come earlier in the walk.
        var sharesGradientOf = [Int?](repeating: nil, count: all.count)
        var contributions = [Int](repeating: 0, count: all.count)
        for step in steps {
            for operand in [step.operands.0, step.operands.1, step.operands.2].prefix(step.operandCount) where needsGrad[operand] {
                contributions[operand] += 1
            }
        }
        let root = index[ObjectIdentifier(loss)]!
        hasGradient[root] = true
        for tensor in order.reversed() {
            let value = index[ObjectIdentifier(tensor)]!
            guard hasGradient[value] else { continue }
            guard let step = stepOf[value] else {
                actions.append(.accumulateLeaf(value))
                continue
            }
            let operands = [steps[step].operands.0, steps[step].operands.1, steps[step].operands.2].prefix(steps[step].operandCount)
            for (position, operand) in operands.enumerated() where needsGrad[operand] {
                if contributions[operand] == 1, steps[step].rule.passesGradient(operand: position) {
                    sharesGradientOf[operand] = value
                } else {
                    actions.append(.gradient(step: step, operand: position, target: operand, accumulate: hasGradient[operand]))
                }
                hasGradient[operand] = true
            }
        }
        var largest = counts.max() ?? 1
        for step in steps {
            guard case .linear(let rows, let inputs, let outputs) = step.rule else { continue }
            largest = max(largest, inputs * outputs, (tl_gemm_sparse_scratch(outputs, rows) + 7) / 8)
        }
        // Every buffer starts on a 64-byte line (the AVX-512 kernels' loads of eight values).
        let lined = counts.map(Self.linedCount)
        largest = Self.linedCount(largest)
        let gradientTotal = zip(lined, needsGrad).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
        let operationTotal = lined[leaves.count...].reduce(0, +)
        let sizes = counts
        let copied = (0..<leaves.count).map { sizes[$0] <= Self.copiedLeafSize }
        let copiedTotal = (0..<leaves.count).reduce(0) { $0 + (copied[$1] ? lined[$1] : 0) }
        let total = operationTotal + gradientTotal + 2 * largest + copiedTotal
        storage = UnsafeMutableRawPointer.allocate(byteCount: total * MemoryLayout<Double>.stride, alignment: Self.lineBytes)
            .bindMemory(to: Double.self, capacity: total)
        values = .allocate(capacity: all.count)
        gradients = .allocate(capacity: all.count)
        var next = storage
        work = next
        next += largest
        spare = next
        next += largest
        for value in all.indices {
            if value >= leaves.count || copied[value] {
                values[value] = next
                next += lined[value]
            } else {
                values[value] = work
            }
            if needsGrad[value], sharesGradientOf[value] == nil {
                gradients[value] = next
                next += lined[value]
            } else {
                gradients[value] = spare
            }
        }
        // Consumers come later in `all` than their operands: resolve from the root down.
        for value in all.indices.reversed() {
            if let consumer = sharesGradientOf[value] { gradients[value] = gradients[consumer] }
        }
        var buffers: [ReplayBuffers] = []
        var leafOperands: [(step: Int, operand: Int, leaf: Int)] = []
        for (position, step) in steps.enumerated() {
            let o = step.operands, c = step.operandCount
            buffers.append(ReplayBuffers(
                operands: (UnsafePointer(values[o.0]), c > 1 ? UnsafePointer(values[o.1]) : nil, c > 2 ? UnsafePointer(values[o.2]) : nil),
                counts: (counts[o.0], c > 1 ? counts[o.1] : 0, c > 2 ? counts[o.2] : 0),
                output: values[step.output], outputCount: counts[step.output],
                outputGrad: UnsafePointer(gradients[step.output]),
                needs: (needsGrad[o.0], c > 1 && needsGrad[o.1], c > 2 && needsGrad[o.2]),
                work: work))
            for (operand, value) in [o.0, o.1, o.2].prefix(c).enumerated() where value < leaves.count && !copied[value] {
                leafOperands.append((position, operand, value))
            }
        }
        stepBuffers = .allocate(capacity: max(1, buffers.count))
        stepBuffers.initialize(from: buffers, count: buffers.count)
        let batched = Self.batchReductions(actions, steps: steps, counts: counts, gradients: gradients)
        actions = batched.actions
        terms = .allocate(capacity: max(1, fusion.terms.count))
        terms.initialize(from: fusion.terms, count: fusion.terms.count)
        batches = .allocate(capacity: max(1, batched.batches.count))
        batches.initialize(from: batched.batches, count: batched.batches.count)
        dots = .allocate(capacity: max(1, batched.dots.count))
        dots.initialize(from: batched.dots, count: batched.dots.count)
        let widest = max(1, batched.batches.map(\.dotCount).max() ?? 0, fusion.evaluations.map { evaluation in
            if case .combination(_, _, let count, _) = evaluation { count } else { 0 }
        }.max() ?? 0)
        scratchScales = .allocate(capacity: widest)
        scratchVectors = .allocate(capacity: widest)
        scratchDots = .allocate(capacity: widest)
        self.leafOperands = leafOperands
        self.leaves = leaves
        self.steps = steps
        self.actions = actions
        self.root = root
        self.output = output.flatMap { index[ObjectIdentifier($0)] }
        held = Array(repeating: [], count: leaves.count)
        leafKinds = (0..<leaves.count).map { copied[$0] ? .copied : leaves[$0].requiresGrad ? .heldForThePass : .heldWhileUnchanged }
        gradTensors = Array(repeating: (nil, nil), count: leaves.count)
        gradTurn = Array(repeating: false, count: leaves.count)
    }

    deinit {
        UnsafeMutableRawPointer(storage).deallocate()
        stepBuffers.deallocate()
        terms.deallocate()
        batches.deallocate()
        dots.deallocate()
        scratchScales.deallocate()
        scratchVectors.deallocate()
        scratchDots.deallocate()
        values.deallocate()
        gradients.deallocate()
    }

    /// Recomputes every value from the leaves' current values; returns the loss.
    ///
    /// The leaves' values are held until `backward()` (which reads these same values, as a graph's
    /// backward reads the values its operations saved).
    public func forward() -> Double {
        holdLeaves()
        for (position, step) in steps.enumerated() {
            switch evaluations[position] {
            case .rule: step.rule.forward(stepBuffers[position])
            case .fused: break
            case .combination(let addend, let first, let count, let fit):
                let n = counts[step.output]
                for k in 0..<count {
                    let term = terms[first &+ k]
                    scratchScales[k] = values[term.scale][0]
                    scratchVectors[k] = UnsafePointer(values[term.vector])
                }
                let target: UnsafePointer<Double>? = fit >= 0 ? UnsafePointer(values[steps[fit].operands.1]) : nil
                let total = tl_combination(values[addend], counts[addend] == n ? 1 : 0, scratchScales, scratchVectors, count,
                                           target, values[step.output], n)
                if fit >= 0, case .squaredError(let reduction) = steps[fit].rule {
                    values[steps[fit].output][0] = reduction == .mean ? total / Double(n) : total
                }
            }
        }
        return values[root][0]
    }

    /// Which adds take in a product of a single value and a vector that nothing else reads (a
    /// formula's `a + b·x + c·x²`): the product is then computed inside the add's pass, and a chain
    /// of such adds whose intermediate sums nothing else reads is one pass (`combination`). Values
    /// in `keep` (the loss, the traced output) are always computed. A squared error of a
    /// combination's result against a value computed before it is summed in the same pass.
    private static func fuse(_ steps: [Step], stepOf: [Int: Int], counts: [Int], leafCount: Int,
                             keep: [Int]) -> (evaluations: [Evaluation], terms: [Term]) {
        var readers = [Int](repeating: 0, count: counts.count)
        for step in steps {
            for operand in [step.operands.0, step.operands.1, step.operands.2].prefix(step.operandCount) { readers[operand] += 1 }
        }
        var evaluations = [Evaluation](repeating: .rule, count: steps.count)
        var chains = [(addend: Int, terms: [Term])?](repeating: nil, count: steps.count)
        for (position, step) in steps.enumerated() {
            guard case .binary(TL_ADD, _, _) = step.rule else { continue }
            let n = counts[step.output]
            for (product, addend) in [(step.operands.1, step.operands.0), (step.operands.0, step.operands.1)] {
                guard let producer = stepOf[product], readers[product] == 1, !keep.contains(product), counts[product] == n,
                      case .binary(TL_MULTIPLY, _, _) = steps[producer].rule, case .rule = evaluations[producer] else { continue }
                let (x, y) = (steps[producer].operands.0, steps[producer].operands.1)
                let scaleAndVector = counts[x] == 1 && counts[y] == n ? (x, y) : counts[y] == 1 && counts[x] == n ? (y, x) : nil
                guard let (scale, vector) = scaleAndVector else { continue }
                evaluations[producer] = .fused
                let term = Term(scale: scale, vector: vector)
                if let previous = stepOf[addend], readers[addend] == 1, !keep.contains(addend), counts[addend] == n,
                   let chain = chains[previous] {
                    evaluations[previous] = .fused
                    chains[previous] = nil
                    chains[position] = (chain.addend, chain.terms + [term])
                } else {
                    chains[position] = (addend, [term])
                }
                evaluations[position] = .fused
                break
            }
        }
        var fits = [Int](repeating: -1, count: steps.count)
        for (position, step) in steps.enumerated() {
            guard case .squaredError = step.rule, let producer = stepOf[step.operands.0], chains[producer] != nil,
                  counts[step.operands.1] == counts[step.operands.0], fits[producer] < 0 else { continue }
            let target = step.operands.1
            guard target < leafCount || stepOf[target]! < producer else { continue }
            fits[producer] = position
            evaluations[position] = .fused
        }
        var terms: [Term] = []
        for (position, chain) in chains.enumerated() {
            guard let chain else { continue }
            evaluations[position] = .combination(addend: chain.addend, first: terms.count, count: chain.terms.count, fit: fits[position])
            terms += chain.terms
        }
        return (evaluations, terms)
    }

    /// Groups the backward actions that reduce one gradient buffer to single values (see
    /// `ReductionBatch`) into one action at the place of the first of them. That place is safe: a
    /// buffer is complete before anything reads it, and each such action is the first write of its
    /// target, whose readers all come after every write.
    private static func batchReductions(_ actions: [Action], steps: [Step], counts: [Int],
                                        gradients: UnsafeMutablePointer<UnsafeMutablePointer<Double>>)
        -> (actions: [Action], batches: [ReductionBatch], dots: [Dot]) {
        enum Kind { case sum, dot(other: Int) }
        func reduction(_ action: Action) -> (source: Int, kind: Kind, target: Int)? {
            guard case .gradient(let position, let operand, let target, false) = action, counts[target] == 1 else { return nil }
            let step = steps[position]
            let n = counts[step.output]
            guard n > 1 else { return nil }
            switch step.rule {
            case .binary(TL_ADD, let aMatches, let bMatches) where !(operand == 0 ? aMatches : bMatches):
                return (step.output, .sum, target)
            case .binary(TL_SUBTRACT, let aMatches, _) where operand == 0 && !aMatches:
                return (step.output, .sum, target)
            case .binary(TL_MULTIPLY, let aMatches, let bMatches):
                let other = operand == 0 ? step.operands.1 : step.operands.0
                guard (operand == 0 ? bMatches : aMatches), counts[other] == n else { return nil }
                return (step.output, .dot(other: other), target)
            default:
                return nil
            }
        }
        // Batches by gradient buffer, in the order of their first member.
        var members: [UnsafePointer<Double>: [(position: Int, kind: Kind, target: Int)]] = [:]
        var order: [UnsafePointer<Double>] = []
        for (position, action) in actions.enumerated() {
            guard let (source, kind, target) = reduction(action) else { continue }
            let buffer = UnsafePointer(gradients[source])
            if members[buffer] == nil { order.append(buffer) }
            members[buffer, default: []].append((position, kind, target))
        }
        var batches: [ReductionBatch] = [], dots: [Dot] = []
        var replaced = [Int: Int](), removed = Set<Int>()
        for buffer in order {
            var group = members[buffer]!
            // One plain sum per pass; further sums stay actions of their own.
            var sum: (position: Int, target: Int)?
            group = group.filter { member in
                if case .sum = member.kind {
                    if sum == nil { sum = (member.position, member.target); return true }
                    return false
                }
                return true
            }
            guard group.count > 1 else { continue }
            let source = steps.indices.first { UnsafePointer(gradients[steps[$0].output]) == buffer }!
            // The buffer's one writer, when it is a squared error's gradient and the group reads it all.
            var fit = -1
            let writers = actions.indices.filter { position in
                if case .gradient(_, _, let target, _) = actions[position] { return UnsafePointer(gradients[target]) == buffer }
                return false
            }
            let readers = actions.indices.filter { position in
                if case .gradient(let step, _, _, _) = actions[position] { return UnsafePointer(gradients[steps[step].output]) == buffer }
                return false
            }
            if writers.count == 1, case .gradient(let step, 0, _, false) = actions[writers[0]], case .squaredError = steps[step].rule,
               Set(readers) == Set(members[buffer]!.map(\.position)), readers.count == group.count {
                fit = step
                removed.insert(writers[0])
            }
            let first = dots.count
            for member in group {
                if case .dot(let other) = member.kind { dots.append(Dot(other: other, target: gradients[member.target])) }
            }
            replaced[group[0].position] = batches.count
            for member in group.dropFirst() { removed.insert(member.position) }
            batches.append(ReductionBatch(gradient: buffer, count: counts[steps[source].output],
                                          sumTarget: sum.map { gradients[$0.target] }, first: first, dotCount: dots.count - first,
                                          fit: fit))
        }
        var result: [Action] = []
        for (position, action) in actions.enumerated() where !removed.contains(position) {
            result.append(replaced[position].map { .reductions(batch: $0) } ?? action)
        }
        return (result, batches, dots)
    }

    /// Back-propagates from the loss of the last `forward()`, adding into the leaves' `grad` as
    /// `loss.backward()` does.
    public func backward() {
        defer { releaseLeaves() }
        gradients[root][0] = 1
        for action in actions {
            switch action {
            case .gradient(let step, let operand, let target, let accumulate):
                let n = counts[target]
                let buffers = stepBuffers[step]
                if accumulate {
                    steps[step].rule.backward(buffers, operand: operand, into: spare)
                    tl_binary(Int32(TL_ADD.rawValue), gradients[target], 1, spare, 1, gradients[target], n)
                } else {
                    steps[step].rule.backward(buffers, operand: operand, into: gradients[target])
                }
            case .accumulateLeaf(let leaf):
                accumulate(leaf)
            case .reductions(let index):
                let batch = batches[index]
                for k in 0..<batch.dotCount { scratchVectors[k] = UnsafePointer(values[dots[batch.first &+ k].other]) }
                if batch.fit >= 0 {
                    let fit = stepBuffers[batch.fit]
                    guard case .squaredError(let reduction) = steps[batch.fit].rule else { break }
                    let norm = reduction == .sum ? 2 : 2 / Double(fit.counts.0)
                    tl_squared_error_reductions(fit.operands.0, fit.operands.1!, norm, fit.outputGrad[0], batch.sumTarget,
                                                scratchVectors, batch.dotCount, scratchDots, batch.count)
                } else {
                    tl_reductions(batch.gradient, batch.sumTarget, scratchVectors, batch.dotCount, scratchDots, batch.count)
                }
                for k in 0..<batch.dotCount { dots[batch.first &+ k].target[0] = scratchDots[k] }
            }
        }
    }

    /// The values of the traced `output` after the last `forward()` (a new array only when the
    /// caller still holds both of the last two).
    public var outputValues: [Double] {
        guard let output else { return [] }
        let n = counts[output], source = values[output]
        outputArrays = (outputArrays.1, outputArrays.0)
        Self.fill(&outputArrays.0, from: source, count: n)
        return outputArrays.0
    }

    /// Points the steps at the leaves' current values: copied, or held for the pass (see `LeafKind`).
    private func holdLeaves() {
        var moved = false
        for position in leafKinds.indices {
            let leaf = leaves[position], n = counts[position]
            precondition(leaf.count == n, "LossPlan: a leaf changed from \(n) to \(leaf.count) values")
            switch leafKinds[position] {
            case .copied:
                let target = values[position]
                for i in 0..<n { target[i] = leaf.data[i] }
            case .heldWhileUnchanged:
                let current = leaf.data.withUnsafeBufferPointer { $0.baseAddress! }
                // `held` keeps the last array alive, so an equal address is that same array.
                if UnsafeMutablePointer(mutating: current) == values[position] { continue }
                fallthrough
            case .heldForThePass:
                held[position] = leaf.data
                values[position] = UnsafeMutablePointer(mutating: held[position].withUnsafeBufferPointer { $0.baseAddress! })
                moved = true
            }
        }
        guard moved else { return }
        for use in leafOperands {
            let pointer = UnsafePointer(values[use.leaf])
            switch use.operand {
            case 0: stepBuffers[use.step].operands.0 = pointer
            case 1: stepBuffers[use.step].operands.1 = pointer
            default: stepBuffers[use.step].operands.2 = pointer
            }
        }
    }

    private func releaseLeaves() {
        for position in held.indices where leafKinds[position] == .heldForThePass { held[position] = [] }
    }

    /// `grad += incoming` for leaf `leaf`, or a gradient tensor with the incoming values.
    private func accumulate(_ leaf: Int) {
        let tensor = leaves[leaf], n = counts[leaf], incoming = gradients[leaf]
        if let grad = tensor.grad {
            grad.data.withUnsafeMutableBufferPointer { g in
                tl_binary(Int32(TL_ADD.rawValue), g.baseAddress, 1, incoming, 1, g.baseAddress, n)
            }
            return
        }
        gradTurn[leaf].toggle()
        tensor.grad = gradTurn[leaf] ? Self.refilled(&gradTensors[leaf].0, like: tensor, from: incoming, count: n)
                                     : Self.refilled(&gradTensors[leaf].1, like: tensor, from: incoming, count: n)
    }

    /// The tensor in `slot` with the `n` values at `source`, refilled in place when nobody else
    /// holds it; otherwise a new one (of `leaf`'s shape), which then takes the slot.
    private static func refilled(_ slot: inout Tensor?, like leaf: Tensor, from source: UnsafePointer<Double>, count n: Int) -> Tensor {
        if isKnownUniquelyReferenced(&slot) {
            fill(&slot!.data, from: source, count: n)
            return slot!
        }
        let fresh = Tensor(Array(repeating: 0, count: n), shape: leaf.shape)
        fill(&fresh.data, from: source, count: n)
        slot = fresh
        return fresh
    }

    /// Sets `array` to the `n` values at `source`, in place when it is uniquely held and has `n` values.
    private static func fill(_ array: inout [Double], from source: UnsafePointer<Double>, count n: Int) {
        if array.count != n { array = Array(repeating: 0, count: n) }
        array.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: n) }
    }
}
