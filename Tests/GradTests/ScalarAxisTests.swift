import Grad
import Testing

/// PyTorch accepts dim 0 and −1 on a 0-d tensor (`torch.tensor(3.).sum(0)`, `.mean(-1)`,
/// `.squeeze(0)`, all 0-d results equal to 3; the gradient of their sum is 4 with keepdim included).
/// The checks run in a child process so that a crash is reported as a failure, not the end of the run.
@Suite("Axis operations on 0-d tensors")
struct ScalarAxisTests {
    @Test("sum/mean(axis: 0 or −1) and squeeze(0) of a scalar behave as in PyTorch")
    func scalarAxisReductions() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let x = Tensor(3, requiresGrad: true)
            let a = x.sum(axis: 0), b = x.mean(axis: -1), c = x.squeeze(0), d = x.sum(axis: 0, keepDim: true)
            (a + b + c + d.sum()).backward()
            print("shapes=\(a.shape)\(b.shape)\(c.shape)\(d.shape) values=\(a.item),\(b.item),\(c.item),\(d.item) grad=\(x.grad?.item ?? -1)")
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output.contains("shapes=[][][][] values=3.0,3.0,3.0,3.0 grad=4.0"), "child printed: \(output)")
    }
}
