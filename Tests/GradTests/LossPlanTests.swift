import Foundation
import Grad
import Testing

/// A replayed `LossPlan` must give the bits of building the graph again: the loss, every
/// parameter's gradient and the traced output, step after step while the parameters move.
@Suite("Loss plans")
struct LossPlanTests {
    /// The trainable tensors of one copy of a model.
    struct Parameters {
        let vector = Tensor([0.3, -1.2, 0.8, 2.1, -0.4], requiresGrad: true)
        let scalar = Tensor(0.7, requiresGrad: true)
        let weight = Tensor(rows: [[0.2, -0.1, 0.4, 0.3, -0.5], [0.6, 0.1, -0.3, 0.2, 0.05], [-0.2, 0.3, 0.1, -0.6, 0.4]],
                            requiresGrad: true)
        let bias = Tensor([0.1, -0.2, 0.3], requiresGrad: true)
        var all: [Tensor] { [vector, scalar, weight, bias] }
        /// Fixed tensors the loss reads.
        let data = Tensor([1.5, -0.5, 0.25, 2.0, -1.0])
        let inputs = Tensor(rows: [[1, 2, -1, 0.5, 0.3], [0.2, -0.7, 1.1, 0.4, -2], [0.9, 0.1, 0.3, -0.8, 1.2],
                                   [-0.3, 0.6, -0.2, 1.4, 0.7]])
        let targets = Tensor(rows: [[0.5, -0.5, 1], [1, 0, -1], [0.2, 0.3, 0.4], [-0.6, 0.1, 0.9]])
    }

    /// Every replayable operation: broadcasting arithmetic both ways round, a value used twice and
    /// by several operations, the elementwise functions, powers, views, reductions, linear layers
    /// and both squared-error reductions (one with a target that needs a gradient).
    static func loss(_ p: Parameters) -> (loss: Tensor, output: Tensor) {
        let v = p.vector, s = p.scalar
        let u = s * v + s
        let d = (u - v) / (s + Tensor(3)) - s / (u * u + Tensor(1))
        let e = d.tanh() + d.sin() * d.exp() - d.cos() + (-d).relu() + d.clamp(min: -0.1)
        let f = d.exp().log() + u.pow(2) + u.pow(3) * Tensor(0.01) + (u * u + Tensor(1)).pow(0.5) + v.pow(1) - v.pow(-1.5 + 2.5)
        let g = (e * p.data + f).reshape([5, 1]).squeeze(1).unsqueeze(0).flatten()
        let hidden = Tensor.linear(p.inputs, weight: p.weight, bias: p.bias).relu()
        let output = Tensor.linear(hidden, weight: p.weight.reshape([5, 3]), bias: nil)
        let fit = meanSquaredError(hidden, p.targets, reduction: .sum)
            + meanSquaredError(output, p.inputs * s, reduction: .mean)
        return (g.sum() + g.mean() + fit, output)
    }

    @Test("replaying gives the bits of a freshly built graph, step after step")
    func replayMatchesFreshGraphs() throws {
        let fresh = Parameters(), replayed = Parameters()
        var plan: LossPlan?
        for step in 0..<4 {
            let (loss, output) = Self.loss(fresh)
            loss.backward()
            let value: Double, outputValues: [Double]
            if let plan {
                value = plan.forward()
                plan.backward()
                outputValues = plan.outputValues
            } else {
                let (traced, tracedOutput) = Self.loss(replayed)
                traced.backward()
                let tracedPlan = try #require(LossPlan(tracing: traced, output: tracedOutput))
                plan = tracedPlan
                value = traced.item
                outputValues = tracedOutput.data
            }
            #expect(value.bitPattern == loss.item.bitPattern, "loss at step \(step)")
            #expect(outputValues.map(\.bitPattern) == output.data.map(\.bitPattern), "output at step \(step)")
            for (a, b) in zip(fresh.all, replayed.all) {
                let expected = try #require(a.grad).data, actual = try #require(b.grad).data
                #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "gradient of shape \(a.shape) at step \(step)")
            }
            var first = Optimizer.adam(learningRate: 0.05), second = first
            first.step(fresh.all)
            second.step(replayed.all)
            for parameter in fresh.all + replayed.all { parameter.zeroGrad() }
        }
    }

    /// A polynomial over a few thousand points, as a formula model builds it (`a + b·x + c·x² + …`
    /// with the powers of x fixed): the plan runs the chain of scaled adds as one pass and reduces
    /// the squared error's gradient into the coefficients in one more, with the bits of the graph.
    @Test("a polynomial's fused passes give the bits of a freshly built graph", arguments: [2003, 5], [Reduction.sum, .mean])
    func fusedPolynomialMatchesFreshGraphs(_ points: Int, _ reduction: Reduction) throws {
        let x = (0..<points).map { -3 + 6 * Double($0) / Double(points - 1) }
        let powers = (1...6).map { k in Tensor(x.map { Foundation.pow($0, Double(k)) }) }
        let target = Tensor(x.map { Foundation.sin($0) })
        func coefficients() -> [Tensor] { (0..<7).map { Tensor(0.3 - 0.1 * Double($0), requiresGrad: true) } }
        func loss(_ c: [Tensor]) -> Tensor {
            var prediction = c[0] + c[1] * powers[0]
            for k in 2..<7 { prediction = prediction + powers[k - 1] * c[k] }
            return meanSquaredError(prediction, target, reduction: reduction)
        }
        let fresh = coefficients(), replayed = coefficients()
        let traced = loss(replayed)
        traced.backward()
        loss(fresh).backward()
        let plan = try #require(LossPlan(tracing: traced))
        for step in 0..<3 {
            var first = Optimizer.sgd(learningRate: 1e-5), second = first
            first.step(fresh)
            second.step(replayed)
            for parameter in fresh + replayed { parameter.zeroGrad() }
            let expected = loss(fresh)
            expected.backward()
            let value = plan.forward()
            plan.backward()
            #expect(value.bitPattern == expected.item.bitPattern, "loss at step \(step)")
            for (a, b) in zip(fresh, replayed) {
                #expect(try #require(b.grad).item.bitPattern == (try #require(a.grad).item.bitPattern), "gradient at step \(step)")
            }
        }
    }

    @Test("gradients accumulate into a grad that is already there, as backward() does")
    func accumulatesIntoExistingGradients() throws {
        let fresh = Parameters(), replayed = Parameters()
        let (traced, _) = Self.loss(replayed)
        traced.backward()
        let plan = try #require(LossPlan(tracing: traced))
        for _ in 0..<2 { Self.loss(fresh).loss.backward() }
        _ = plan.forward()
        plan.backward()
        for (a, b) in zip(fresh.all, replayed.all) {
            #expect(try #require(b.grad).data.map(\.bitPattern) == (try #require(a.grad).data.map(\.bitPattern)))
        }
    }

    @Test("a gradient tensor someone still holds is never overwritten by a later replay")
    func heldGradientsKeepTheirValues() throws {
        let p = Parameters()
        let (traced, _) = Self.loss(p)
        traced.backward()
        let plan = try #require(LossPlan(tracing: traced))
        var kept: [(Tensor, [Double])] = []
        for _ in 0..<4 {
            for parameter in p.all { parameter.zeroGrad() }
            _ = plan.forward()
            plan.backward()
            let grad = try #require(p.vector.grad)
            kept.append((grad, grad.data))
            p.vector.data = p.vector.data.map { $0 * 0.9 }
        }
        for (tensor, values) in kept { #expect(tensor.data == values) }
        #expect(Set(kept.map { ObjectIdentifier($0.0) }).count == kept.count)
    }

    @Test("a graph with an operation that has no replay rule is not traced")
    func unsupportedOperationsAreNotTraced() {
        let a = Tensor(rows: [[1, 2], [3, 4]], requiresGrad: true)
        #expect(LossPlan(tracing: a.matmul(a).sum()) == nil)
        #expect(LossPlan(tracing: (2 - a).sum()) == nil)
        #expect(LossPlan(tracing: a) == nil)
    }

    @Test("a 50,000-operation chain traces, replays and is freed without deep recursion")
    func deepChains() throws {
        let x = Tensor(0.5, requiresGrad: true)
        var plan: LossPlan?
        do {
            var total = x
            for _ in 0..<50_000 { total = total + x }
            total.backward()
            plan = LossPlan(tracing: total)
        }
        let expected = try #require(x.grad).item
        x.zeroGrad()
        let value = try #require(plan).forward()
        plan?.backward()
        #expect(value == 0.5 * 50_001)
        #expect(try #require(x.grad).item == expected)
        plan = nil
    }
}
