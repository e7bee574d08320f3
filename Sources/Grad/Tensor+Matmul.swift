extension Tensor {
    /// Matrix product of 2-D tensors (`torch.mm`); a 1-D right operand is treated as a column and
    /// the result is 1-D (`torch.matmul` semantics for matrix × vector).
    public func matmul(_ other: Tensor) -> Tensor {
        if other.rank == 1 {
            precondition(rank == 2 && shape[1] == other.count, "matmul: shapes \(shape) and \(other.shape) do not chain")
            let m = shape[0], k = shape[1]
            let a = data, v = other.data
            let needA = requiresGrad, needV = other.requiresGrad
            let node = Tensor.node("MvBackward0", self, other) { grad in
                [needA ? Kernels.matmul(grad, v, m: m, k: 1, n: k) : nil,
                 needV ? Kernels.matmulTransposedLeft(a, grad, k: m, m: k, n: 1) : nil]
            }
            return Tensor(result: Kernels.matmul(a, v, m: m, k: k, n: 1), shape: [m], node: node)
        }
        precondition(rank == 2 && other.rank == 2 && shape[1] == other.shape[0],
                     "matmul: shapes \(shape) and \(other.shape) do not chain")
        let m = shape[0], k = shape[1], n = other.shape[1]
        let a = data, b = other.data
        let needA = requiresGrad, needB = other.requiresGrad
        let node = Tensor.node("MmBackward0", self, other) { grad in
            [needA ? Kernels.matmulTransposedRight(grad, b, m: m, k: n, n: k) : nil,
             needB ? Kernels.matmulTransposedLeft(a, grad, k: m, m: k, n: n) : nil]
        }
        return Tensor(result: Kernels.matmul(a, b, m: m, k: k, n: n), shape: [m, n], node: node)
    }

    /// `input · weightᵀ + bias` for input N×in, weight out×in and bias [out] (`torch.nn.functional.linear`),
    /// without materializing the transposed weight in the graph. A composition of matmul, transpose
    /// and a broadcast add, with their rules composed into one node as PyTorch records it
    /// (`AddmmBackward0`; `MmBackward0` without a bias): `grad · W` for the input, `gradᵀ · x` for
    /// the weight and the column sums of `grad` for the bias.
    public static func linear(_ input: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(input.rank == 2 && weight.rank == 2 && input.shape[1] == weight.shape[1],
                     "linear: input \(input.shape) does not match weight \(weight.shape)")
        let rows = input.shape[0], inputs = input.shape[1], outputs = weight.shape[0]
        var result = Kernels.matmulTransposedRight(input.data, weight.data, m: rows, k: inputs, n: outputs)
        if let bias {
            precondition(bias.shape == [outputs], "linear: bias \(bias.shape) does not match \(outputs) outputs")
            bias.data.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { r in
                    for i in 0..<rows { for j in 0..<outputs { r[i &* outputs &+ j] += b[j] } }
                }
            }
        }
        let x = input.data, w = weight.data
        let needInput = input.requiresGrad, needWeight = weight.requiresGrad, needBias = bias?.requiresGrad ?? false
        let operands = bias.map { [input, weight, $0] } ?? [input, weight]
        let node = Tensor.node(bias == nil ? "MmBackward0" : "AddmmBackward0", inputs: operands,
                               rule: .linear(rows: rows, inputs: inputs, outputs: outputs)) { grad in
            var grads: [[Double]?] = [
                needInput ? Kernels.matmul(grad, w, m: rows, k: outputs, n: inputs) : nil,
                needWeight ? Kernels.matmulTransposedLeft(grad, x, k: rows, m: outputs, n: inputs) : nil,
            ]
            if bias != nil {
                grads.append(needBias ? Tensor(grad, shape: [rows, outputs]).sumRows() : nil)
            }
            return InputGradients(grads)
        }
        return Tensor(result: result, shape: [rows, outputs], node: node)
    }

    /// Column sums of a 2-D tensor's values, without recording.
    func sumRows() -> [Double] {
        let rows = shape[0], columns = shape[1]
        var result = [Double](repeating: 0, count: columns)
        data.withUnsafeBufferPointer { d in
            for i in 0..<rows { for j in 0..<columns { result[j] += d[i &* columns &+ j] } }
        }
        return result
    }
}
