/// A plain-value copy of the autograd graph one backward pass went through, for showing it:
/// every tensor the loss was computed from, with its value and the gradient that flowed into it.
///
/// The engine frees a graph when its loss is dropped, and the gradients of intermediate results
/// exist only during the pass; a record keeps summaries of both and no tensor, so recording a
/// graph holds on to no memory of the run.
public struct GraphRecord: Sendable, Equatable {
    /// Count, norm and mean of a tensor's elements; the element itself for a one-element tensor.
    public struct Summary: Sendable, Equatable {
        public var count: Int
        /// The first element (the value of a scalar).
        public var first: Double
        /// The Euclidean (Frobenius) norm.
        public var norm: Double
        public var mean: Double

        public init(_ values: [Double]) {
            count = values.count
            first = values.first ?? .nan
            norm = l2Norm(values)
            mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        }

        /// The value of a one-element tensor, `nil` for others.
        public var scalar: Double? { count == 1 ? first : nil }
    }

    /// What a node is: the result of an operation, a leaf that requires grad (a parameter, whose
    /// gradient `AccumulateGrad` adds into `.grad`), or a leaf that does not (data, constants).
    public enum Kind: Sendable, Equatable {
        case operation, parameter, data
    }

    public struct Node: Sendable, Equatable {
        public var kind: Kind
        /// PyTorch's name for the node's backward function: `grad_fn.name()` of an operation's
        /// result (`AddBackward0`), `AccumulateGrad` for a parameter, empty for data.
        public var name: String
        /// The name the caller gave the tensor (`a`, `0.weight`, `x`, `x^2`), if any.
        public var label: String?
        public var shape: [Int]
        public var value: Summary
        /// The gradient of the loss with respect to this tensor in this pass (for a parameter, the
        /// part this pass added to `.grad`); `nil` where none flowed (data).
        public var gradient: Summary?
        /// Indices into `nodes` of the tensors the operation read, in order (a tensor read twice,
        /// as in `x * x`, appears twice). Empty for leaves.
        public var inputs: [Int]
    }

    /// The root (the loss) first; each tensor of the graph once, however often it was used.
    public var nodes: [Node]

    public init(nodes: [Node]) {
        self.nodes = nodes
    }
}

/// Collects the gradient flowing into each tensor during one backward pass.
final class GraphRecorder {
    private var incoming: [ObjectIdentifier: [Double]] = [:]

    func note(_ tensor: Tensor, _ gradient: [Double]) {
        incoming[ObjectIdentifier(tensor)] = gradient
    }

    /// The graph below `root` (still intact after the pass) with the gradients noted.
    func record(from root: Tensor, labels: [ObjectIdentifier: String]) -> GraphRecord {
        var tensors = [root]
        var index = [ObjectIdentifier(root): 0]
        var inputs: [[Int]] = [[]]
        var pending = [0]
        while let current = pending.popLast() {
            var read: [Int] = []
            tensors[current].gradFunction?.forEachInput { _, input in
                let key = ObjectIdentifier(input)
                if let known = index[key] {
                    read.append(known)
                    return
                }
                let added = tensors.count
                index[key] = added
                tensors.append(input)
                inputs.append([])
                pending.append(added)
                read.append(added)
            }
            inputs[current] = read
        }
        let nodes = tensors.enumerated().map { position, tensor in
            let key = ObjectIdentifier(tensor)
            let kind: GraphRecord.Kind = tensor.gradFunction != nil ? .operation : tensor.requiresGrad ? .parameter : .data
            let name = switch kind {
            case .operation: tensor.gradFunction!.name
            case .parameter: "AccumulateGrad"
            case .data: ""
            }
            return GraphRecord.Node(kind: kind, name: name, label: labels[key], shape: tensor.shape,
                                    value: GraphRecord.Summary(tensor.data),
                                    gradient: incoming[key].map(GraphRecord.Summary.init),
                                    inputs: inputs[position])
        }
        return GraphRecord(nodes: nodes)
    }
}

extension Tensor {
    /// Back-propagates from this scalar exactly as `backward()` does, and returns the graph the pass
    /// went through, root first. `labels` names tensors of the graph by identity
    /// (`ObjectIdentifier(tensor)`), e.g. parameters and data.
    @discardableResult
    public func backwardRecordingGraph(labels: [ObjectIdentifier: String] = [:]) -> GraphRecord {
        precondition(count == 1, "backward: only a one-element tensor can start backward (shape \(shape))")
        let recorder = GraphRecorder()
        propagate([1], note: recorder.note)
        return recorder.record(from: self, labels: labels)
    }
}
