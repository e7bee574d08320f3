import Foundation
import Grad
import Testing

@Suite("Modules and losses")
struct ModuleTests {
    // MARK: - Linear

    @Test("Linear's weight and bias lie within ±1/√in, are spread out and differ", arguments: [(1, 1), (3, 1), (5, 4), (1000, 100)])
    func linearInitialization(_ sizes: (inputs: Int, outputs: Int)) throws {
        var rng = RandomSource(seed: 99)
        let layer = Linear(sizes.inputs, sizes.outputs, using: &rng)
        let bound = 1 / Double(sizes.inputs).squareRoot()
        let bias = try #require(layer.bias)
        #expect(layer.weight.shape == [sizes.outputs, sizes.inputs])
        #expect(bias.shape == [sizes.outputs])
        #expect(layer.weight.requiresGrad && bias.requiresGrad)
        #expect(layer.weight.isLeaf && bias.isLeaf)
        let values = layer.weight.data + bias.data
        #expect(values.allSatisfy { abs($0) <= bound }, "a value outside ±\(bound)")
        #expect(Set(values).count == values.count, "values repeat")
        if values.count > 1000 {
            // Uniform on (−bound, bound): mean 0, variance bound²/3, and both ends reached.
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 0.02 * bound)
            #expect(abs(variance / (bound * bound / 3) - 1) < 0.02)
            #expect(values.max()! > 0.99 * bound && values.min()! < -0.99 * bound)
        }
    }

    @Test("Linear init is reproducible from the seed, and differs between seeds and layers")
    func linearInitializationSeeds() {
        var a = RandomSource(seed: 5), b = RandomSource(seed: 5), c = RandomSource(seed: 6)
        let first = Linear(4, 3, using: &a), same = Linear(4, 3, using: &b), other = Linear(4, 3, using: &c)
        #expect(first.weight.data == same.weight.data)
        #expect(first.bias!.data == same.bias!.data)
        #expect(first.weight.data != other.weight.data)
        let next = Linear(4, 3, using: &a)
        #expect(next.weight.data != first.weight.data, "the generator advanced")
    }

    @Test("Linear without bias has only a weight")
    func linearWithoutBias() {
        var rng = RandomSource(seed: 1)
        let layer = Linear(3, 2, bias: false, using: &rng)
        #expect(layer.bias == nil)
        #expect(layer.parameters().count == 1)
        #expect(layer.parameters()[0] === layer.weight)
        let x = Tensor(rows: [[1, 2, 3]])
        let w = layer.weight.data
        expectClose(layer(x).data, [w[0] + 2 * w[1] + 3 * w[2], w[3] + 2 * w[4] + 3 * w[5]], relative: 1e-15, "x·Wᵀ")
    }

    @Test("Linear computes x·Wᵀ + b, row by row")
    func linearForward() {
        var rng = RandomSource(seed: 1)
        let layer = Linear(2, 3, using: &rng)
        layer.weight.data = [1, 2, 3, 4, 5, 6]   // rows: [1 2], [3 4], [5 6]
        layer.bias!.data = [0.5, -1, 2]
        let out = layer(Tensor(rows: [[1, -1], [2, 0.5]]))
        #expect(out.shape == [2, 3])
        let expected: [Double] = [-0.5, -2, 1, 3.5, 7, 15]   // [1−2+0.5, 3−4−1, 5−6+2, 2+1+0.5, 6+2−1, 10+3+2]
        #expect(out.data == expected)
        #expect(layer.parameters().map { ObjectIdentifier($0) } == [ObjectIdentifier(layer.weight), ObjectIdentifier(layer.bias!)])
    }

    // MARK: - Other layers

    @Test("ReLU, Tanh and Flatten have no parameters and compute what they say")
    func parameterFreeLayers() {
        let x = Tensor([-1.5, 0, 2, -0.25], shape: [2, 2])
        #expect(ReLU()(x).data == [0, 0, 2, 0])
        #expect(ReLU()(x).shape == [2, 2])
        expectClose(Tanh()(x).data, [-1.5, 0, 2, -0.25].map { Foundation.tanh($0) }, relative: 1e-15, "tanh")
        #expect(ReLU().parameters().isEmpty && Tanh().parameters().isEmpty && Flatten().parameters().isEmpty)

        let cube = Tensor((0..<24).map(Double.init), shape: [2, 3, 4])
        #expect(Flatten()(cube).shape == [2, 12], "PyTorch's default Flatten(1, −1) keeps the batch dimension")
        #expect(Flatten()(cube).data == cube.data)
        #expect(Flatten(start: 0, end: 1)(cube).shape == [6, 4])
        #expect(Flatten(start: 0, end: -1)(cube).shape == [24])
        #expect(Flatten(start: 0, end: 1)(Tensor([1, 2, 3], shape: [3, 1])).shape == [3])
        #expect(Flatten().start == 1 && Flatten().end == -1)
    }

    @Test("Sequential applies its layers in order and lists their parameters in order")
    func sequential() {
        var rng = RandomSource(seed: 8)
        let first = Linear(3, 4, using: &rng), second = Linear(4, 2, using: &rng)
        let model = Sequential(first, ReLU(), second)
        #expect(model.layers.count == 3)
        #expect(model.parameters().map { ObjectIdentifier($0) } ==
                [first.weight, first.bias!, second.weight, second.bias!].map { ObjectIdentifier($0) })
        let x = Tensor.randn([5, 3], using: &rng)
        #expect(model(x).data == second(first(x).relu()).data)
        #expect(model.forward(x).data == model(x).data)
        #expect(Sequential([first, ReLU()]).parameters().count == 2)
        #expect(Sequential().parameters().isEmpty)
        #expect(Sequential()(x) === x, "an empty Sequential is the identity")
    }

    @Test("Module.zeroGrad clears every parameter's gradient")
    func moduleZeroGrad() {
        var rng = RandomSource(seed: 2)
        let model = Sequential(Linear(2, 3, using: &rng), Tanh(), Linear(3, 1, using: &rng))
        model(Tensor.randn([4, 2], using: &rng)).sum().backward()
        #expect(model.parameters().allSatisfy { $0.grad != nil })
        model.zeroGrad()
        #expect(model.parameters().allSatisfy { $0.grad == nil })
    }

    /// Notebook 001's custom Module: two Linear layers, `linear1(x).clamp(min: 0)` then `linear2`.
    private final class TwoLayerNet: Module {
        let linear1: Linear, linear2: Linear
        init(_ inputs: Int, _ hidden: Int, _ outputs: Int, using rng: inout RandomSource) {
            linear1 = Linear(inputs, hidden, using: &rng)
            linear2 = Linear(hidden, outputs, using: &rng)
        }
        func forward(_ input: Tensor) -> Tensor { linear2(linear1(input).clamp(min: 0)) }
        func parameters() -> [Tensor] { linear1.parameters() + linear2.parameters() }
    }

    @Test("a Linear + ReLU net's parameter gradients match finite differences of a plain forward")
    func smallNetGradients() throws {
        var rng = RandomSource(seed: 21)
        let net = TwoLayerNet(3, 4, 2, using: &rng)
        let x = Tensor.randn([5, 3], using: &rng), y = Tensor.randn([5, 2], using: &rng)
        let loss = meanSquaredError(net(x), y, reduction: .sum)
        loss.backward()

        let parameters = net.parameters()
        let values = parameters.map(\.data)
        func plainLoss(_ v: [[Double]]) -> Double {
            var total = 0.0
            for row in 0..<5 {
                var hidden = [Double](repeating: 0, count: 4)
                for j in 0..<4 {
                    var sum: Double = v[1][j]
                    for i in 0..<3 { sum += v[0][j * 3 + i] * x.data[row * 3 + i] }
                    hidden[j] = max(0, sum)
                }
                for k in 0..<2 {
                    var out: Double = v[3][k]
                    for j in 0..<4 { out += v[2][k * 4 + j] * hidden[j] }
                    let error = out - y.data[row * 2 + k]
                    total += error * error
                }
            }
            return total
        }
        expectClose(loss.item, plainLoss(values), relative: 1e-12, "loss")
        for (index, parameter) in parameters.enumerated() {
            let numeric = centralDifferences(at: values[index]) { changed in
                var all = values
                all[index] = changed
                return plainLoss(all)
            }
            let grad = try #require(parameter.grad)
            expectClose(grad.data, numeric, relative: 1e-6, scale: max(1, numeric.map(abs).max()!), "parameter \(index)")
        }
    }

    @Test("training the custom module with SGD lowers the loss")
    func customModuleTrains() {
        var rng = RandomSource(seed: 4)
        let net = TwoLayerNet(10, 8, 3, using: &rng)
        let x = Tensor.randn([16, 10], using: &rng), y = Tensor.randn([16, 3], using: &rng)
        var optimizer = Optimizer.sgd(learningRate: 1e-2)
        var losses: [Double] = []
        for _ in 0..<200 {
            let loss = meanSquaredError(net(x), y, reduction: .sum)
            losses.append(loss.item)
            optimizer.zeroGrad(net.parameters())
            loss.backward()
            optimizer.step(net.parameters())
        }
        #expect(losses[199] < losses[0] / 4, "loss \(losses[0]) → \(losses[199])")
    }

    // MARK: - Loss

    @Test("meanSquaredError sums or averages (p − t)², mean by default")
    func meanSquaredErrorValues() throws {
        let prediction = Tensor([1, 2, 4], requiresGrad: true)
        let target = Tensor([1.5, 2, 1])
        let squares: Double = 0.25 + 0 + 9
        #expect(meanSquaredError(prediction, target, reduction: .sum).item == squares)
        #expect(meanSquaredError(prediction, target).item == squares / 3)
        #expect(meanSquaredError(prediction, target).shape == [])
        meanSquaredError(prediction, target).backward()
        // d/dp mean((p − t)²) = 2(p − t)/n.
        expectClose(try #require(prediction.grad).data, [2 * -0.5 / 3, 0, 2 * 3.0 / 3], relative: 1e-15, "mean gradient")
        prediction.zeroGrad()
        meanSquaredError(prediction, target, reduction: .sum).backward()
        #expect(try #require(prediction.grad).data == [-1, 0, 6])
        #expect(Reduction.allCases == [.sum, .mean])
        #expect(Reduction(rawValue: "sum") == .sum)
    }

    @Test("meanSquaredError over a 2-D batch, against a hand loop")
    func meanSquaredError2D() {
        var random = TestRandom(seed: 77)
        let p = random.values(12, -2, 2), t = random.values(12, -2, 2)
        let total = zip(p, t).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        let prediction = Tensor(p, shape: [4, 3]), target = Tensor(t, shape: [4, 3])
        expectClose(meanSquaredError(prediction, target, reduction: .sum).item, total, relative: 1e-14, "sum")
        expectClose(meanSquaredError(prediction, target).item, total / 12, relative: 1e-14, "mean")
    }
}
