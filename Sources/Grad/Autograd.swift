/// One recorded operation of the autograd graph: the inputs it read and the rule that turns the
/// gradient of its output into gradients of those inputs.
///
/// `name` follows PyTorch's `grad_fn` names (`AddBackward0`, `MulBackward0`, `PowBackward0`, …) so
/// the graph can be shown to learners as PyTorch would print it.
public final class GraphNode {
    public let name: String
    public let inputs: [Tensor]
    /// Gradient of the output (row-major, output's shape) → gradient for each input, `nil` where an
    /// input needs none. Captures input values only, never the output tensor (that would make a cycle).
    let backward: ([Double]) -> [[Double]?]

    init(_ name: String, inputs: [Tensor], backward: @escaping ([Double]) -> [[Double]?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }

    /// Nodes of the inputs that have one, as `grad_fn.next_functions` lists them.
    public var nextFunctions: [GraphNode] { inputs.compactMap(\.gradFunction) }
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
    static func node(_ name: String, _ inputs: [Tensor], _ backward: @escaping ([Double]) -> [[Double]?]) -> GraphNode? {
        guard inputs.contains(where: \.requiresGrad), GradMode.isEnabled else { return nil }
        return GraphNode(name, inputs: inputs, backward: backward)
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
        precondition(gradient.count == count, "backward: gradient has \(gradient.count) values for shape \(shape)")
        guard requiresGrad else {
            preconditionFailure("backward: tensor does not require grad and has no gradFunction")
        }
        let order = topologicalOrder()
        pendingGrad = gradient
        for tensor in order.reversed() {
            guard let incoming = tensor.pendingGrad else { continue }
            guard let node = tensor.gradFunction else {
                tensor.accumulate(incoming)
                tensor.pendingGrad = nil
                continue
            }
            tensor.pendingGrad = nil
            let inputGrads = node.backward(incoming)
            for (input, inputGrad) in zip(node.inputs, inputGrads) {
                guard input.requiresGrad, let inputGrad else { continue }
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
    private func topologicalOrder() -> [Tensor] {
        let token = Tensor.uniqueNumber()
        var order: [Tensor] = []
        var stack = [Visit(tensor: self, expanded: false)]
        while let visit = stack.popLast() {
            let tensor = visit.tensor
            if visit.expanded {
                order.append(tensor)
                continue
            }
            if tensor.visitMark == token { continue }
            tensor.visitMark = token
            stack.append(Visit(tensor: tensor, expanded: true))
            for input in tensor.gradFunction?.inputs ?? [] where input.requiresGrad && input.visitMark != token {
                stack.append(Visit(tensor: input, expanded: false))
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
