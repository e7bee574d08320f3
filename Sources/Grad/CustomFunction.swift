/// A differentiable function with a hand-written backward, like a `torch.autograd.Function`.
///
/// `forward` computes the output from the input's values and may keep what backward needs in
/// `Saved` (PyTorch's `ctx.save_for_backward`); `backward` turns the gradient of the output into the
/// gradient of the input. Both run without recording, on plain tensors.
public protocol CustomFunction: Sendable {
    associatedtype Saved
    /// The graph node name, e.g. `LegendrePolynomial3Backward`.
    var name: String { get }
    func forward(_ input: Tensor) -> (output: Tensor, saved: Saved)
    func backward(_ gradOutput: Tensor, saved: Saved) -> Tensor
}

extension Tensor {
    /// Applies a custom function, recording its backward in the graph (`Function.apply`).
    public func apply<F: CustomFunction>(_ function: F) -> Tensor {
        let (output, saved) = noGrad { function.forward(self.detach()) }
        precondition(output.count > 0, "\(function.name): forward returned an empty tensor")
        let outputShape = output.shape, inputShape = shape
        let node = Tensor.node(function.name, self) { grad in
            let gradInput = noGrad { function.backward(Tensor(grad, shape: outputShape), saved: saved) }
            precondition(gradInput.shape == inputShape, "\(function.name): backward returned shape \(gradInput.shape), input was \(inputShape)")
            return [gradInput.data]
        }
        return Tensor(result: output.data, shape: outputShape, node: node)
    }
}

/// The Legendre polynomial of degree three, P3(t) = ½(5t³ − 3t), with its derivative
/// P3'(t) = 1.5(5t² − 1) written by hand, exactly as the notebook's `LegendrePolynomial3`.
public struct LegendrePolynomial3: CustomFunction {
    public init() {}
    public var name: String { "LegendrePolynomial3Backward" }

    public func forward(_ input: Tensor) -> (output: Tensor, saved: Tensor) {
        (0.5 * (5 * input.pow(3) - 3 * input), input)
    }

    public func backward(_ gradOutput: Tensor, saved input: Tensor) -> Tensor {
        gradOutput * 1.5 * (5 * input.pow(2) - 1)
    }
}
