import Foundation

extension Tensor {
    /// An elementwise function whose derivative is computed from the input and the output.
    private func elementwise(_ name: String, _ f: (Double) -> Double,
                             derivative: @escaping (_ grad: Double, _ x: Double, _ y: Double) -> Double) -> Tensor {
        let output = Kernels.map(data, f)
        let input = data
        let node = Tensor.node(name, self) { grad in [Kernels.zip3(grad, input, output, derivative)] }
        return Tensor(result: output, shape: shape, node: node)
    }

    public func sin() -> Tensor { elementwise("SinBackward0", Foundation.sin) { g, x, _ in g * Foundation.cos(x) } }
    public func cos() -> Tensor { elementwise("CosBackward0", Foundation.cos) { g, x, _ in g * -Foundation.sin(x) } }
    public func exp() -> Tensor { elementwise("ExpBackward0", Foundation.exp) { g, _, y in g * y } }
    public func log() -> Tensor { elementwise("LogBackward0", Foundation.log) { g, x, _ in g / x } }
    public func tanh() -> Tensor { elementwise("TanhBackward0", Foundation.tanh) { g, _, y in g * (1 - y * y) } }

    /// `max(self, 0)` elementwise, keeping NaN (as `torch.relu`). The gradient is PyTorch's
    /// `threshold_backward(grad, result, 0)`: zero where the output is ≤ 0, passed on elsewhere,
    /// NaN outputs included.
    public func relu() -> Tensor {
        elementwise("ReluBackward0", { $0 <= 0 ? 0 : $0 }) { g, _, y in y <= 0 ? 0 : g }
    }

    /// `max(self, minimum)` elementwise; the gradient passes where the input is above `minimum`
    /// (at the boundary it is 0, as in PyTorch).
    public func clamp(min minimum: Double) -> Tensor {
        elementwise("ClampBackward1", { $0.isNaN ? $0 : Swift.max($0, minimum) }) { g, x, _ in x > minimum ? g : 0 }
    }
}
