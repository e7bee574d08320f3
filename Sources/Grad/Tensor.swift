import Synchronization

/// An n-dimensional array of Doubles that can take part in reverse-mode automatic differentiation.
///
/// A `Tensor` is a reference type, like a PyTorch tensor: parameters are updated in place by
/// optimizers and shared by every graph that uses them. Elements are stored row-major in `data`.
///
/// Operations on tensors that require gradients record a `GraphNode` (their backward rule) in the
/// result's `gradFunction`. Nodes hold their inputs, never their outputs, so a graph is acyclic in
/// memory and is freed as soon as the last tensor that refers to it is dropped.
///
/// A tensor is not `Sendable`: one thread uses it at a time, so its stored properties skip Swift's
/// dynamic exclusivity checks (`@exclusivity(unchecked)`), which cost more than small tensors' arithmetic.
public final class Tensor {
    /// A number no other tensor of this process has, for keeping per-tensor state (optimizers)
    /// that must not follow a freed tensor's address to a new one.
    public var id: UInt64 {
        if storedID == 0 { storedID = Tensor.uniqueNumber() }
        return storedID
    }
    /// 0 until `id` is first asked for (most tensors are temporaries that never are).
    @exclusivity(unchecked) private var storedID: UInt64 = 0
    private static let counter = Atomic<UInt64>(0)

    /// A number never returned before in this process.
    static func uniqueNumber() -> UInt64 { counter.add(1, ordering: .relaxed).newValue }
    /// Row-major elements; `data.count == shape.reduce(1, *)`.
    @exclusivity(unchecked) public var data: [Double]
    public let shape: [Int]
    /// Whether gradients flow into this tensor. Set it on leaves (parameters); results of operations
    /// inherit it from their inputs.
    @exclusivity(unchecked) public var requiresGrad: Bool
    /// Accumulated gradient of a leaf after `backward()`; `nil` until the first backward or after
    /// `zeroGrad()`.
    @exclusivity(unchecked) public var grad: Tensor?
    /// The backward rule that produced this tensor, `nil` for leaves and for results computed
    /// without gradient tracking.
    @exclusivity(unchecked) public internal(set) var gradFunction: GraphNode?

    /// Gradient flowing into this tensor during one backward pass.
    @exclusivity(unchecked) var pendingGrad: [Double]?
    /// The number of the backward pass that last visited this tensor (see `topologicalOrder`).
    @exclusivity(unchecked) var visitMark: UInt64 = 0

    public init(_ data: [Double], shape: [Int], requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == data.count,
                     "Tensor: \(data.count) values do not fill shape \(shape)")
        self.data = data
        self.shape = shape
        self.requiresGrad = requiresGrad
        self.gradFunction = nil
    }

    /// A 1-D tensor of `values`.
    public convenience init(_ values: [Double], requiresGrad: Bool = false) {
        self.init(values, shape: [values.count], requiresGrad: requiresGrad)
    }

    /// A 0-D (scalar) tensor.
    public convenience init(_ value: Double, requiresGrad: Bool = false) {
        self.init([value], shape: [], requiresGrad: requiresGrad)
    }

    /// A 2-D tensor from rows of equal length.
    public convenience init(rows: [[Double]], requiresGrad: Bool = false) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "Tensor(rows:): rows differ in length")
        self.init(rows.flatMap { $0 }, shape: [rows.count, columns], requiresGrad: requiresGrad)
    }

    /// The result of an operation; records `node` when gradient tracking applies.
    init(result data: [Double], shape: [Int], node: GraphNode?) {
        self.data = data
        self.shape = shape
        self.requiresGrad = node != nil
        self.gradFunction = node
    }

    public var count: Int { data.count }
    public var rank: Int { shape.count }
    public var isLeaf: Bool { gradFunction == nil }

    /// The single value of a one-element tensor.
    public var item: Double {
        precondition(data.count == 1, "item: tensor of shape \(shape) has \(data.count) values")
        return data[0]
    }

    /// Value at a multi-index, e.g. `t[1, 2]`.
    public subscript(indices: Int...) -> Double {
        precondition(indices.count == shape.count, "index \(indices) does not match shape \(shape)")
        var offset = 0
        for (index, size) in zip(indices, shape) { offset = offset * size + index }
        return data[offset]
    }
}

extension Tensor {
    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(Array(repeating: 0, count: shape.reduce(1, *)), shape: shape)
    }

    public static func ones(_ shape: [Int]) -> Tensor {
        Tensor(Array(repeating: 1, count: shape.reduce(1, *)), shape: shape)
    }

    public static func full(_ shape: [Int], _ value: Double) -> Tensor {
        Tensor(Array(repeating: value, count: shape.reduce(1, *)), shape: shape)
    }

    /// `n` evenly spaced values from `start` to `end`, computed as `torch.linspace` does in float64
    /// (the first half counts up from `start`, the second half down from `end`), so the points
    /// match PyTorch's bit for bit.
    public static func linspace(_ start: Double, _ end: Double, count n: Int) -> Tensor {
        Tensor(linspaceValues(start, end, count: n), shape: [n])
    }

    public static func linspaceValues(_ start: Double, _ end: Double, count n: Int) -> [Double] {
        guard n > 1 else { return n == 1 ? [start] : [] }
        let step = (end - start) / Double(n - 1)
        let half = n / 2
        return (0..<n).map { i in
            i < half ? start.addingProduct(step, Double(i)) : end.addingProduct(-step, Double(n - 1 - i))
        }
    }

    /// Standard-normal values from `rng` (see `RandomSource.normal()`).
    public static func randn(_ shape: [Int], using rng: inout RandomSource, requiresGrad: Bool = false) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor((0..<n).map { _ in rng.normal() }, shape: shape, requiresGrad: requiresGrad)
    }

    /// Uniform values in [low, high) from `rng`.
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1,
                               using rng: inout RandomSource, requiresGrad: Bool = false) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor((0..<n).map { _ in rng.uniform(low, high) }, shape: shape, requiresGrad: requiresGrad)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let values = data.count <= 8 ? data.map { "\($0)" }.joined(separator: ", ")
                                     : data.prefix(4).map { "\($0)" }.joined(separator: ", ") + ", …"
        let function = gradFunction.map { ", gradFunction: \($0.name)" } ?? ""
        return "Tensor(shape: \(shape), [\(values)]\(function))"
    }
}
