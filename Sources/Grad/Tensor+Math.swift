extension Tensor {
    /// `function` elementwise; its derivative is computed from the input and the output.
    private func elementwise(_ function: ElementwiseFunction) -> Tensor {
        let n = count
        let input = data
        let output = [Double](unsafeUninitializedCapacity: n) { out, initialized in
            if n > 0 { input.withUnsafeBufferPointer { function.values($0.baseAddress!, out.baseAddress!, n) } }
            initialized = n
        }
        let node = Tensor.node(function.nodeName, self, rule: .elementwise(function)) { grad in
            [[Double](unsafeUninitializedCapacity: n) { out, initialized in
                if n > 0 { grad.withUnsafeBufferPointer { g in
                    input.withUnsafeBufferPointer { x in
                        output.withUnsafeBufferPointer { y in function.gradients(g.baseAddress!, x.baseAddress!, y.baseAddress!, out.baseAddress!, n) }
                    }
                } }
                initialized = n
            }]
        }
        return Tensor(result: output, shape: shape, node: node)
    }

    /// A primitive: `grad · cos(x)`.
    public func sin() -> Tensor { elementwise(.sin) }
    /// tinygrad composes it as `sin(π/2 − x)`; its rule written out is `grad · (−sin(x))`.
    public func cos() -> Tensor { elementwise(.cos) }
    /// A primitive: `grad · y`, from the output.
    public func exp() -> Tensor { elementwise(.exp) }
    /// A primitive: `grad / x`.
    public func log() -> Tensor { elementwise(.log) }
    /// tinygrad composes it from the sigmoid, `2·σ(2x) − 1`; its rule written out is
    /// `grad · (1 − y²)`, from the output (PyTorch's `tanh_backward`).
    public func tanh() -> Tensor { elementwise(.tanh) }
    /// A primitive (PyTorch's `sigmoid`): `1 / (1 + exp(−x))`; its rule is `grad · (1 − y) · y`,
    /// from the output (`sigmoid_backward`).
    public func sigmoid() -> Tensor { elementwise(.sigmoid) }
    /// A primitive (PyTorch's `abs`): its rule is `grad · sgn(x)`, 0 at x = 0 (`AbsBackward0`).
    public func abs() -> Tensor { elementwise(.abs) }

    /// `max(self, 0)` elementwise, keeping NaN (as `torch.relu`). The gradient is PyTorch's
    /// `threshold_backward(grad, result, 0)`: zero where the output is ≤ 0, passed on elsewhere,
    /// NaN outputs included.
    public func relu() -> Tensor { elementwise(.relu) }

    /// `max(self, minimum)` elementwise; the gradient passes where the input is above `minimum`
    /// (at the boundary it is 0, as in PyTorch).
    public func clamp(min minimum: Double) -> Tensor { elementwise(.clamp(minimum: minimum)) }
}
