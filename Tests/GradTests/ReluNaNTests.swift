import Grad
import Testing

/// PyTorch's relu at NaN: `torch.relu(nan)` is nan, and its gradient rule
/// (`threshold_backward(grad, result, 0)` in tools/autograd/derivatives.yaml, whose kernel gives
/// `result <= 0 ? 0 : grad`) passes the incoming gradient where the output is NaN.
@Suite("relu at NaN, as in PyTorch")
struct ReluNaNTests {
    @Test("relu keeps NaN and zeroes what is not positive")
    func forwardKeepsNaN() {
        let y = Tensor([.nan, -1, 0, 2, -.infinity]).relu().data
        #expect(y[0].isNaN)
        #expect(Array(y[1...]) == [0, 0, 2, 0])
        #expect(ReLU()(Tensor([.nan, -3])).data[0].isNaN, "the module is the same function")
    }

    @Test("the gradient passes where the output is NaN or positive, and is 0 where it is ≤ 0")
    func backwardAtNaN() {
        let x = Tensor([.nan, -1, 0, 2], requiresGrad: true)
        x.relu().backward(gradient: [3, 5, 7, 11])
        #expect(x.grad?.data == [3, 0, 0, 11])
    }
}
