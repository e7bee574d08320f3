import Grad
import Testing

/// What `backward()`, `grad`, `zeroGrad()`, `noGrad {}`, `detach()` and the recorded graph mean,
/// following notebook 003's "Autograd" walkthrough and PyTorch's behaviour.
@Suite("Autograd semantics")
struct AutogradSemanticsTests {
    // MARK: - Notebook 003

    @Test("y = w·x + b with x = 4, w = 2, b = 3 gives dy/dx = 2, dy/dw = 4, dy/db = 1")
    func linearEquation() throws {
        let x = Tensor([4], requiresGrad: true)
        let w = Tensor([2], requiresGrad: true)
        let b = Tensor([3], requiresGrad: true)
        let y = w * x + b
        #expect(y.data == [11])
        y.backward()
        #expect(try #require(x.grad).data == [2])
        #expect(try #require(w.grad).data == [4])
        #expect(try #require(b.grad).data == [1])
        #expect(try #require(x.grad).shape == [1])
    }

    @Test("the graph of w·x + b: AddBackward0 whose next function is MulBackward0")
    func graphNamesOfLinearEquation() throws {
        let x = Tensor(4, requiresGrad: true), w = Tensor(2, requiresGrad: true), b = Tensor(3, requiresGrad: true)
        let product = w * x
        let y = product + b
        let root = try #require(y.gradFunction)
        #expect(root.name == "AddBackward0")
        // PyTorch lists AccumulateGrad for leaves too; the engine lists only the recorded nodes.
        #expect(root.nextFunctions.map(\.name) == ["MulBackward0"])
        #expect(root.nextFunctions.first === product.gradFunction)
        #expect(root.inputs.count == 2)
        #expect(root.inputs[0] === product && root.inputs[1] === b)
        #expect(try #require(product.gradFunction).inputs.map { ObjectIdentifier($0) } == [ObjectIdentifier(w), ObjectIdentifier(x)])
        #expect(try #require(product.gradFunction).nextFunctions.isEmpty)
    }

    @Test("x + 2 → AddBackward0, · 2 → MulBackward0, mean → MeanBackward0, and dz/dx = 2/3")
    func notebookAddMulMean() throws {
        let x = Tensor([-0.7851, -0.5255, -0.8914], requiresGrad: true)
        let y = x + 2
        let z = y * 2
        let m = z.mean()
        #expect(y.gradFunction?.name == "AddBackward0")
        #expect(z.gradFunction?.name == "MulBackward0")
        #expect(m.gradFunction?.name == "MeanBackward0")
        #expect(m.shape == [])
        expectClose(m.item, (2 * (-0.7851 + 2) + 2 * (-0.5255 + 2) + 2 * (-0.8914 + 2)) / 3, relative: 1e-15, "mean")
        m.backward()
        expectClose(try #require(x.grad).data, [2.0 / 3, 2.0 / 3, 2.0 / 3], relative: 1e-15, "x.grad")
    }

    /// An operation and the grad_fn name PyTorch gives its result.
    struct NamedOperation: Sendable, CustomTestStringConvertible {
        let name: String
        let expression: String
        let operation: @Sendable (Tensor, Tensor) -> Tensor
        init(_ name: String, _ expression: String, _ operation: @escaping @Sendable (Tensor, Tensor) -> Tensor) {
            self.name = name
            self.expression = expression
            self.operation = operation
        }
        var testDescription: String { "\(expression) → \(name)" }
    }

    /// Names PyTorch 2.15 prints for the same operations (checked against torch in float64).
    static let nodeNames: [NamedOperation] = [
        NamedOperation("AddBackward0", "x + 1") { x, _ in x + 1 },
        NamedOperation("SubBackward0", "x - y") { x, y in x - y },
        NamedOperation("MulBackward0", "x * y") { x, y in x * y },
        NamedOperation("DivBackward0", "x / y") { x, y in x / y },
        NamedOperation("NegBackward0", "-x") { x, _ in -x },
        NamedOperation("PowBackward0", "x.pow(2)") { x, _ in x.pow(2) },
        NamedOperation("PowBackward0", "x.square()") { x, _ in x.square() },
        NamedOperation("PowBackward1", "x.pow(y)") { x, y in x.pow(y) },
        NamedOperation("SumBackward0", "x.sum()") { x, _ in x.sum() },
        NamedOperation("MeanBackward0", "x.mean()") { x, _ in x.mean() },
        NamedOperation("SumBackward1", "x.sum(axis: 0)") { x, _ in x.sum(axis: 0) },
        NamedOperation("MeanBackward1", "x.mean(axis: 1)") { x, _ in x.mean(axis: 1) },
        NamedOperation("MmBackward0", "x.matmul(y.transposed())") { x, y in x.matmul(y.transposed()) },
        NamedOperation("AddmmBackward0", "Tensor.linear(x, weight: y, bias: b)") { x, y in
            Tensor.linear(x, weight: y, bias: Tensor([0.5, 0.5], requiresGrad: true))
        },
        NamedOperation("MmBackward0", "Tensor.linear(x, weight: y, bias: nil)") { x, y in Tensor.linear(x, weight: y, bias: nil) },
        NamedOperation("TBackward0", "x.transposed()") { x, _ in x.transposed() },
        NamedOperation("ReluBackward0", "x.relu()") { x, _ in x.relu() },
        NamedOperation("SinBackward0", "x.sin()") { x, _ in x.sin() },
        NamedOperation("CosBackward0", "x.cos()") { x, _ in x.cos() },
        NamedOperation("ExpBackward0", "x.exp()") { x, _ in x.exp() },
        NamedOperation("LogBackward0", "x.log()") { x, _ in x.log() },
        NamedOperation("TanhBackward0", "x.tanh()") { x, _ in x.tanh() },
        NamedOperation("ViewBackward0", "x.reshape([-1])") { x, _ in x.reshape([-1]) },
        NamedOperation("ViewBackward0", "x.flatten()") { x, _ in x.flatten() },
        NamedOperation("UnsqueezeBackward0", "x.unsqueeze(-1)") { x, _ in x.unsqueeze(-1) },
        NamedOperation("SqueezeBackward0", "x.unsqueeze(0).squeeze()") { x, _ in x.unsqueeze(0).squeeze() },
        NamedOperation("ExpandBackward0", "x.unsqueeze(0).expand(to: [3, 2, 2])") { x, _ in x.unsqueeze(0).expand(to: [3, 2, 2]) },
        NamedOperation("CatBackward0", "Tensor.concatenate([x, y])") { x, y in Tensor.concatenate([x, y]) },
        NamedOperation("LegendrePolynomial3Backward", "x.apply(LegendrePolynomial3())") { x, _ in x.apply(LegendrePolynomial3()) },
    ]

    @Test("graph nodes carry PyTorch's grad_fn names", arguments: nodeNames)
    func nodeName(_ op: NamedOperation) {
        let x = Tensor(rows: [[1.5, 0.5], [2, 3]], requiresGrad: true)
        let y = Tensor(rows: [[0.5, 1], [1.5, 2]], requiresGrad: true)
        #expect(op.operation(x, y).gradFunction?.name == op.name)
    }

    // MARK: - Accumulation

    @Test("gradients accumulate over backward calls until zeroGrad()")
    func accumulation() throws {
        let weights = Tensor.ones([4])
        weights.requiresGrad = true
        (weights * 3).sum().backward()
        #expect(try #require(weights.grad).data == [3, 3, 3, 3])
        (weights * 3).sum().backward()
        #expect(try #require(weights.grad).data == [6, 6, 6, 6])
        weights.zeroGrad()
        #expect(weights.grad == nil)
        (weights * 3).sum().backward()
        #expect(try #require(weights.grad).data == [3, 3, 3, 3])
    }

    @Test("backward twice through the same graph adds the gradient twice")
    func backwardTwiceOnOneGraph() throws {
        let x = Tensor([1, -2, 0.5], requiresGrad: true)
        let loss = (x * x).sum()
        loss.backward()
        loss.backward()
        #expect(try #require(x.grad).data == [4, -8, 2])
    }

    @Test("backward(gradient:) seeds a non-scalar output with a vector (Jacobian-vector product)")
    func backwardWithGradient() throws {
        let x = Tensor([1, 2, 3], requiresGrad: true)
        let y = x * x
        y.backward(gradient: [1, 0.5, -2])
        #expect(try #require(x.grad).data == [2, 2, -12])
    }

    @Test("only leaves that require gradients receive one")
    func onlyLeavesGetGradients() throws {
        let x = Tensor([1, 2], requiresGrad: true)
        let constant = Tensor([5, 7])
        let hidden = x * constant
        let loss = hidden.sum()
        loss.backward()
        #expect(try #require(x.grad).data == [5, 7])
        #expect(constant.grad == nil, "a tensor without requiresGrad gets no gradient")
        #expect(hidden.grad == nil, "non-leaf tensors keep no gradient (as PyTorch without retain_grad)")
        #expect(loss.grad == nil)
        #expect(x.isLeaf && constant.isLeaf && !hidden.isLeaf && !loss.isLeaf)
    }

    @Test("results require gradients exactly when an input does")
    func requiresGradPropagation() {
        let a = Tensor([1, 2]), b = Tensor([3, 4])
        let plain = a * b + 1
        #expect(!plain.requiresGrad)
        #expect(plain.gradFunction == nil)
        #expect(plain.isLeaf)
        let c = Tensor([5, 6], requiresGrad: true)
        let mixed = a * c
        #expect(mixed.requiresGrad)
        #expect(mixed.gradFunction?.inputs.count == 2)
    }

    // MARK: - Sharing

    @Test("a tensor used twice gets the sum of both paths: d(x·x)/dx = 2x")
    func usedTwice() throws {
        let x = Tensor([1.5, -2, 0.25], requiresGrad: true)
        (x * x).sum().backward()
        #expect(try #require(x.grad).data == [3, -4, 0.5])
    }

    @Test("a shared weight: d(w·a + w·b)/dw = a + b, and x + x gives 2")
    func sharedWeight() throws {
        let w = Tensor(0.7, requiresGrad: true)
        let a = Tensor([1, 2, 3]), b = Tensor([-4, 0.5, 2])
        (w * a + w * b).sum().backward()
        #expect(try #require(w.grad).item == (1 + 2 + 3) + (-4 + 0.5 + 2))

        let x = Tensor([1, 2], requiresGrad: true)
        (x + x).sum().backward()
        #expect(try #require(x.grad).data == [2, 2])
    }

    @Test("a diamond y = 2x, z = y² + y gives dz/dx = (2y + 1)·2")
    func diamond() throws {
        let x = Tensor([0.5, -1.25], requiresGrad: true)
        let y = x * 2
        let z = y * y + y
        z.sum().backward()
        #expect(try #require(x.grad).data == [(2 * 1 + 1) * 2, (2 * -2.5 + 1) * 2])
    }

    @Test("a long chain of shared intermediates sums every path")
    func deepSharing() throws {
        // h₀ = x, hₖ = hₖ₋₁ + hₖ₋₁ ⇒ h₁₀ = 1024·x.
        let x = Tensor(0.5, requiresGrad: true)
        var h = x
        for _ in 0..<10 { h = h + h }
        h.backward()
        #expect(try #require(x.grad).item == 1024)
    }

    // MARK: - noGrad and detach

    @Test("noGrad records nothing and tracking resumes afterwards")
    func noGradScope() {
        let x = Tensor([0.4356, -2.1155, -0.8405], requiresGrad: true)
        let inside = noGrad { x + 2 }
        #expect(!inside.requiresGrad)
        #expect(inside.gradFunction == nil)
        let expected: [Double] = [0.4356 + 2, -2.1155 + 2, -0.8405 + 2]
        #expect(inside.data == expected)
        #expect(noGrad { GradMode.isEnabled } == false)
        #expect(GradMode.isEnabled)
        let outside = x + 2
        #expect(outside.requiresGrad)
        #expect(outside.gradFunction?.name == "AddBackward0")
    }

    @Test("noGrad nests, returns its value and restores tracking after a throw")
    func noGradNestingAndThrowing() {
        struct Failure: Error {}
        let x = Tensor(1, requiresGrad: true)
        let nested = noGrad { noGrad { x * 3 } + x }
        #expect(!nested.requiresGrad)
        #expect(nested.item == 4)
        #expect(throws: Failure.self) { try noGrad { throw Failure() } }
        #expect(GradMode.isEnabled)
        #expect((x * 3).requiresGrad)
    }

    @Test("noGrad updates in place, as the notebooks' manual SGD does")
    func noGradManualUpdate() throws {
        let w = Tensor(0.0, requiresGrad: true)
        let x = Tensor([1, 2, 3, 4]), y = Tensor([2, 4, 6, 8])
        let loss = (w * x - y).pow(2).mean()
        loss.backward()
        let grad = try #require(w.grad).item
        #expect(grad == -30)
        noGrad { w.data[0] -= 0.01 * grad }
        #expect(w.item == 0.3)
        #expect(w.requiresGrad && w.isLeaf)
    }

    @Test("detach cuts the graph: the detached path gives no gradient")
    func detachCutsGraph() throws {
        let x = Tensor([1, 2, 3], requiresGrad: true)
        let d = x.detach()
        #expect(!d.requiresGrad)
        #expect(d.gradFunction == nil)
        #expect(d.isLeaf)
        #expect(d.data == x.data)
        #expect(d.shape == x.shape)
        (x * 2 + d * 3).sum().backward()
        #expect(try #require(x.grad).data == [2, 2, 2])
        #expect(d.grad == nil)

        // Detaching an intermediate stops the flow into everything before it.
        let w = Tensor(2, requiresGrad: true)
        let hidden = (w * x).detach()
        let out = (hidden * w).sum()
        x.zeroGrad()
        out.backward()
        #expect(try #require(w.grad).item == 2 * (1 + 2 + 3), "only the second use of w counts")
        #expect(x.grad == nil)
    }

    @Test("parameters keep their identity across optimizer steps; the next forward sees new values")
    func inPlaceUpdates() throws {
        let p = Tensor([1, 2], requiresGrad: true)
        var optimizer = Optimizer.sgd(learningRate: 0.5)
        let identity = ObjectIdentifier(p)
        (p * p).sum().backward()
        optimizer.step([p])
        #expect(ObjectIdentifier(p) == identity)
        #expect(p.data == [0, 0])
        #expect(p.requiresGrad && p.isLeaf)
        #expect((p + 1).data == [1, 1])
    }

    // MARK: - Custom functions

    @Test("apply records the custom function's node, with the input as its only input")
    func customFunctionNode() throws {
        let t = Tensor([0.2, -0.5], requiresGrad: true)
        let out = t.apply(LegendrePolynomial3())
        let node = try #require(out.gradFunction)
        #expect(node.name == "LegendrePolynomial3Backward")
        #expect(node.inputs.count == 1 && node.inputs[0] === t)
        let constant = Tensor([0.2]).apply(LegendrePolynomial3())
        #expect(constant.gradFunction == nil)
        #expect(!constant.requiresGrad)
        let quiet = noGrad { t.apply(LegendrePolynomial3()) }
        #expect(quiet.gradFunction == nil)
    }

    @Test("backward of a custom function runs without recording, so no graph grows from it")
    func customFunctionBackwardRecordsNothing() throws {
        let recorder = GradModeRecorder()
        let t = Tensor([0.3], requiresGrad: true)
        let out = t.apply(recorder)
        out.sum().backward()
        #expect(recorder.modes.values == [false, false], "forward and backward both run inside noGrad")
        #expect(try #require(t.grad).data == [7])
        #expect(try #require(t.grad).gradFunction == nil)
    }
}

/// A custom function that notes whether gradient tracking was on when forward and backward ran.
private final class ModeLog: @unchecked Sendable {
    var values: [Bool] = []
}

private struct GradModeRecorder: CustomFunction {
    let modes = ModeLog()
    var name: String { "RecorderBackward" }
    func forward(_ input: Tensor) -> (output: Tensor, saved: Void) {
        modes.values.append(GradMode.isEnabled)
        return (input * 7, ())
    }
    func backward(_ gradOutput: Tensor, saved: Void) -> Tensor {
        modes.values.append(GradMode.isEnabled)
        return gradOutput * 7
    }
}
