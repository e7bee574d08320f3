import Grad
import Testing

/// `backwardRecordingGraph`: the graph a backward pass went through, with PyTorch's node names
/// and the gradient that reached each tensor, against gradients worked out by hand.
@Suite("Graph record")
struct GraphRecordTests {
    static let xs = [1.0, 2, 3], ys = [2.0, 1, 5]
    static let a0 = 0.5, b0 = -0.25

    /// L(a, b) = Σ (a·xᵢ + b − yᵢ)², evaluated with plain Doubles.
    static func loss(_ a: Double, _ b: Double) -> Double {
        zip(xs, ys).reduce(0) { sum, point in
            let r = a * point.0 + b - point.1
            return sum + r * r
        }
    }

    /// The residuals rᵢ = a·xᵢ + b − yᵢ at the start.
    static let residuals = zip(xs, ys).map { a0 * $0 + b0 - $1 }

    static func norm(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// (a·x + b − y)² summed, recorded, with the tensors it was built from.
    static func recorded() -> (record: GraphRecord, a: Tensor, b: Tensor) {
        let a = Tensor(a0, requiresGrad: true), b = Tensor(b0, requiresGrad: true)
        let x = Tensor(xs), y = Tensor(ys)
        let loss = ((a * x + b - y).pow(2)).sum()
        let labels = [ObjectIdentifier(a): "a", ObjectIdentifier(b): "b", ObjectIdentifier(x): "x", ObjectIdentifier(y): "y"]
        return (loss.backwardRecordingGraph(labels: labels), a, b)
    }

    /// The node reached from the root by following input positions.
    static func node(_ record: GraphRecord, _ path: [Int]) -> GraphRecord.Node {
        path.reduce(record.nodes[0]) { node, position in record.nodes[node.inputs[position]] }
    }

    @Test("nodes are named as PyTorch names them, root first, with shapes and labels")
    func names() {
        let record = Self.recorded().record
        #expect(record.nodes.count == 9)
        #expect(Self.node(record, []).name == "SumBackward0")
        #expect(Self.node(record, [0]).name == "PowBackward0")
        #expect(Self.node(record, [0, 0]).name == "SubBackward0")
        #expect(Self.node(record, [0, 0, 0]).name == "AddBackward0")
        #expect(Self.node(record, [0, 0, 1]).label == "y")
        #expect(Self.node(record, [0, 0, 1]).kind == .data)
        #expect(Self.node(record, [0, 0, 0, 0]).name == "MulBackward0")
        #expect(Self.node(record, [0, 0, 0, 1]).name == "AccumulateGrad")
        #expect(Self.node(record, [0, 0, 0, 1]).label == "b")
        #expect(Self.node(record, [0, 0, 0, 0, 0]).label == "a")
        #expect(Self.node(record, [0, 0, 0, 0, 0]).kind == .parameter)
        #expect(Self.node(record, [0, 0, 0, 0, 1]).label == "x")
        #expect(Self.node(record, [0, 0, 0, 0, 1]).name == "")
        #expect(Self.node(record, []).shape == [])
        #expect(Self.node(record, [0, 0]).shape == [3])
        #expect(Self.node(record, [0, 0, 0, 0, 0]).shape == [])
    }

    @Test("values and gradients of every node equal the closed forms; the leaves' match finite differences")
    func gradients() throws {
        let (record, a, b) = Self.recorded()
        let r = Self.residuals
        let root = Self.node(record, [])
        #expect(root.value.scalar == Self.loss(Self.a0, Self.b0))
        #expect(root.gradient?.scalar == 1)
        // d L / d(r²) = 1 elementwise; d L / dr = 2r, which also reaches a·x + b and a·x.
        let squares = Self.node(record, [0])
        #expect(squares.gradient?.norm == 3.0.squareRoot())
        #expect(squares.value.norm == Self.norm(r.map { $0 * $0 }))
        for path in [[0, 0], [0, 0, 0], [0, 0, 0, 0]] {
            let gradient = try #require(Self.node(record, path).gradient)
            #expect(gradient.count == 3)
            #expect(abs(gradient.norm - Self.norm(r.map { 2 * $0 })) < 1e-14, "\(path)")
            #expect(abs(gradient.mean - r.reduce(0, +) * 2 / 3) < 1e-14, "\(path)")
        }
        #expect(Self.node(record, [0, 0]).value.norm == Self.norm(r))
        // dL/da = Σ 2rᵢxᵢ, dL/db = Σ 2rᵢ.
        let gradA = try #require(Self.node(record, [0, 0, 0, 0, 0]).gradient?.scalar)
        let gradB = try #require(Self.node(record, [0, 0, 0, 1]).gradient?.scalar)
        #expect(abs(gradA - zip(r, Self.xs).reduce(0) { $0 + 2 * $1.0 * $1.1 }) < 1e-13)
        #expect(abs(gradB - r.reduce(0) { $0 + 2 * $1 }) < 1e-13)
        let h = 1e-6
        let differenceA = (Self.loss(Self.a0 + h, Self.b0) - Self.loss(Self.a0 - h, Self.b0)) / (2 * h)
        let differenceB = (Self.loss(Self.a0, Self.b0 + h) - Self.loss(Self.a0, Self.b0 - h)) / (2 * h)
        #expect(abs(gradA - differenceA) < 1e-6)
        #expect(abs(gradB - differenceB) < 1e-6)
        // Data gets no gradient; the pass accumulates into .grad as backward() does.
        #expect(Self.node(record, [0, 0, 1]).gradient == nil)
        #expect(Self.node(record, [0, 0, 0, 0, 1]).gradient == nil)
        #expect(a.grad?.item == gradA)
        #expect(b.grad?.item == gradB)
    }

    @Test("a tensor used twice is one node, read twice, with the sum of both gradients")
    func sharedTensor() throws {
        let a = Tensor(1.5, requiresGrad: true)
        let x = Tensor([2.0, -1])
        let loss = (a * x + a * a).sum()
        let record = loss.backwardRecordingGraph(labels: [ObjectIdentifier(a): "a"])
        let leaves = record.nodes.filter { $0.label == "a" }
        #expect(leaves.count == 1)
        let square = try #require(record.nodes.first { node in
            node.name == "MulBackward0" && node.inputs.count == 2 && node.inputs[0] == node.inputs[1]
        })
        #expect(record.nodes[square.inputs[0]].label == "a")
        // d/da Σ(a·xᵢ + a²) = Σxᵢ + 2·2a (a² is broadcast over both elements).
        #expect(leaves[0].gradient?.scalar == 1 + 4 * 1.5)
        #expect(a.grad?.item == 1 + 4 * 1.5)
    }

    @Test("the record keeps no tensor of the graph alive")
    func freesTheGraph() {
        weak var intermediate: Tensor?
        var record: GraphRecord?
        do {
            let a = Tensor(2.0, requiresGrad: true)
            let product = a * Tensor([1.0, 2])
            intermediate = product
            record = product.sum().backwardRecordingGraph()
        }
        #expect(intermediate == nil)
        #expect(record?.nodes.count == 4)
    }
}
