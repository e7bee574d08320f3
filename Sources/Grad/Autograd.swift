/// One recorded operation of the autograd graph: the inputs it read and the rule that turns the
/// gradient of its output into gradients of those inputs.
///
/// `name` follows PyTorch's `grad_fn` names (`AddBackward0`, `MulBackward0`, `PowBackward0`, …) so
/// the graph can be shown to learners as PyTorch would print it. The first two inputs are stored
/// inline (nearly every operation has one or two), so recording costs no extra array.
///
/// Graphs of any depth (a 50,000-term sum, 40,000 layers) are freed without recursing once per
/// node. Each node knows its `depth`; reference counting frees a node shallower than
/// `iterativeDepth` as usual, recursing at most that deep. Only a node at least that deep takes
/// apart, in a loop, the chain of deep nodes only it kept alive, so an ordinary training step pays
/// nothing for this.
public final class GraphNode {
    public let name: String
    @exclusivity(unchecked) private var first: Tensor
    @exclusivity(unchecked) private var second: Tensor?
    @exclusivity(unchecked) private var rest: [Tensor]
    /// Nodes on the longest path from this one down to a leaf, this one included.
    let depth: Int
    /// Gradient of the output (row-major, output's shape) → gradient for each input, `nil` where an
    /// input needs none. Captures input values only, never the output tensor (that would make a cycle).
    let backward: ([Double]) -> InputGradients
    /// The operation in a form a `LossPlan` can replay; `nil` if it cannot.
    let rule: ReplayRule?

    /// Nodes at least this deep are freed by a loop; a thread's stack holds this many nested frees.
    static let iterativeDepth = 256

    init(_ name: String, first: Tensor, second: Tensor?, rest: [Tensor], rule: ReplayRule?,
         backward: @escaping ([Double]) -> InputGradients) {
        self.name = name
        self.rule = rule
        self.first = first
        self.second = second
        self.rest = rest
        self.backward = backward
        var below = first.gradFunction?.depth ?? 0
        if let deeper = second?.gradFunction?.depth, deeper > below { below = deeper }
        for input in rest { if let deeper = input.gradFunction?.depth, deeper > below { below = deeper } }
        depth = below + 1
    }

    deinit {
        guard depth >= Self.iterativeDepth else { return }
        var pending = takeInputs()
        while var tensor = pending.popLast() {
            guard isKnownUniquelyReferenced(&tensor), (tensor.gradFunction?.depth ?? 0) >= Self.iterativeDepth,
                  var node = tensor.takeGradFunction(), isKnownUniquelyReferenced(&node) else { continue }
            pending.append(contentsOf: node.takeInputs())
        }
    }

    /// Moves the inputs out, leaving a node that holds no other tensor.
    private func takeInputs() -> [Tensor] {
        var inputs = rest
        rest = []
        if let second { inputs.append(second) }
        second = nil
        inputs.append(first)
        first = Tensor.placeholder
        return inputs
    }

    /// The tensors this operation read, in order.
    public var inputs: [Tensor] { [first] + (second.map { [$0] } ?? []) + rest }

    /// Nodes of the inputs that have one, as `grad_fn.next_functions` lists them.
    public var nextFunctions: [GraphNode] { inputs.compactMap(\.gradFunction) }

    /// Calls `body` with each input and its position.
    @inline(__always)
    func forEachInput(_ body: (Int, Tensor) -> Void) {
        body(0, first)
        if let second { body(1, second) }
        for (offset, tensor) in rest.enumerated() { body(2 + offset, tensor) }
    }
}

/// The gradients a backward rule hands to its inputs, in input order (`nil`: none needed).
/// The first two are stored inline; write them as an array literal, `[gradA, gradB]`.
struct InputGradients: ExpressibleByArrayLiteral {
    var first: [Double]?
    var second: [Double]?
    var rest: [[Double]?] = []

    init(arrayLiteral elements: [Double]?...) {
        self.init(elements)
    }

    init(_ elements: [[Double]?]) {
        first = elements.first ?? nil
        second = elements.count > 1 ? elements[1] : nil
        rest = elements.count > 2 ? Array(elements[2...]) : []
    }

    init(_ first: [Double]?, _ second: [Double]? = nil) {
        self.first = first
        self.second = second
    }

    subscript(index: Int) -> [Double]? {
        switch index {
        case 0: first
        case 1: second
        default: index - 2 < rest.count ? rest[index - 2] : nil
        }
    }
}

/// Whether operations record graph nodes. Off inside `noGrad { … }`.
public enum GradMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording operations, like `with torch.no_grad():`.
public func noGrad<T>(_ body: () throws -> T) rethrows -> T {
    try GradMode.$isEnabled.withValue(false, operation: body)
}

extension Tensor {
    /// The node for an operation's result, or `nil` when no input needs a gradient or tracking is off.
    static func node(_ name: String, _ a: Tensor, _ b: Tensor? = nil, rule: ReplayRule? = nil,
                     _ backward: @escaping ([Double]) -> InputGradients) -> GraphNode? {
        guard a.requiresGrad || b?.requiresGrad == true, GradMode.isEnabled else { return nil }
        return GraphNode(name, first: a, second: b, rest: [], rule: rule, backward: backward)
    }

    /// The node for an operation with any number of inputs.
    static func node(_ name: String, inputs: [Tensor], rule: ReplayRule? = nil,
                     _ backward: @escaping ([Double]) -> InputGradients) -> GraphNode? {
        guard let first = inputs.first, inputs.contains(where: \.requiresGrad), GradMode.isEnabled else { return nil }
        return GraphNode(name, first: first, second: inputs.count > 1 ? inputs[1] : nil,
                         rest: inputs.count > 2 ? Array(inputs[2...]) : [], rule: rule, backward: backward)
    }

    /// An empty leaf that freed graph nodes point to instead of their inputs. Never mutated (no
    /// values, no gradient), so sharing it across threads is safe.
    nonisolated(unsafe) static let placeholder = Tensor([], shape: [0])

    /// Cuts this tensor from the node that produced it and returns that node (for freeing graphs).
    func takeGradFunction() -> GraphNode? {
        let node = gradFunction
        gradFunction = nil
        return node
    }

    /// A tensor sharing these values but cut from the graph (`tensor.detach()`).
    public func detach() -> Tensor {
        Tensor(data, shape: shape)
    }

    /// Forgets the accumulated gradient (PyTorch's `grad = None`).
    public func zeroGrad() {
        grad = nil
    }

    /// Back-propagates from this scalar: adds d(self)/d(leaf) into `grad` of every leaf that requires
    /// gradients. Gradients accumulate across calls until `zeroGrad()`.
    public func backward() {
        precondition(count == 1, "backward: only a one-element tensor can start backward (shape \(shape))")
        backward(gradient: [1])
    }

    /// Back-propagates `gradient` (same shape as self).
    public func backward(gradient: [Double]) {
        propagate(gradient) { _, _ in }
    }

    /// Back-propagates `gradient`, handing `note` each tensor's incoming gradient (for recording the graph).
    @inline(__always)
    func propagate(_ gradient: [Double], note: (Tensor, [Double]) -> Void) {
        precondition(gradient.count == count, "backward: gradient has \(gradient.count) values for shape \(shape)")
        guard requiresGrad else {
            preconditionFailure("backward: tensor does not require grad and has no gradFunction")
        }
        let order = topologicalOrder()
        pendingGrad = gradient
        for tensor in order.reversed() {
            guard let incoming = tensor.pendingGrad else { continue }
            note(tensor, incoming)
            tensor.pendingGrad = nil
            guard let node = tensor.gradFunction else {
                tensor.accumulate(incoming)
                continue
            }
            let inputGrads = node.backward(incoming)
            node.forEachInput { index, input in
                guard input.requiresGrad, let inputGrad = inputGrads[index] else { return }
                if let existing = input.pendingGrad {
                    input.pendingGrad = Kernels.add(existing, inputGrad)
                } else {
                    input.pendingGrad = inputGrad
                }
            }
        }
    }

    private func accumulate(_ incoming: [Double]) {
        if let grad {
            grad.data = Kernels.add(grad.data, incoming)
        } else {
            grad = Tensor(incoming, shape: shape)
        }
    }

    /// Tensors reachable through graph nodes, inputs before the results that use them.
    ///
    /// Visited tensors are marked with a number unique to this pass.
    func topologicalOrder() -> [Tensor] {
        let token = Tensor.uniqueNumber()
        var order: [Tensor] = []
        order.reserveCapacity(64)
        var stack: [Visit] = []
        stack.reserveCapacity(64)
        stack.append(Visit(tensor: self, expanded: false))
        while let visit = stack.popLast() {
            let tensor = visit.tensor
            if visit.expanded {
                order.append(tensor)
                continue
            }
            if tensor.visitMark == token { continue }
            tensor.visitMark = token
            stack.append(Visit(tensor: tensor, expanded: true))
            tensor.gradFunction?.forEachInput { _, input in
                if input.requiresGrad && input.visitMark != token { stack.append(Visit(tensor: input, expanded: false)) }
            }
        }
        return order
    }
}

/// A tensor on the depth-first walk's stack; `expanded` once its inputs have been pushed.
private struct Visit {
    let tensor: Tensor
    let expanded: Bool
}
