extension Tensor {
    /// Sum of all elements, a scalar. A primitive (`SumBackward0`): every input element receives the gradient.
    public func sum() -> Tensor {
        let n = count
        let node = Tensor.node("SumBackward0", self, rule: .sum) { grad in [[Double](repeating: grad[0], count: n)] }
        return Tensor(result: [Kernels.sum(data)], shape: [], node: node)
    }

    /// Mean of all elements, a scalar: `sum() · (1/n)`, as tinygrad composes it, so every element
    /// receives `grad / n` (one node, `MeanBackward0`).
    public func mean() -> Tensor {
        let n = count
        let node = Tensor.node("MeanBackward0", self, rule: .mean) { grad in
            [[Double](repeating: grad[0] / Double(n), count: n)]
        }
        return Tensor(result: [Kernels.sum(data) / Double(n)], shape: [], node: node)
    }

    /// Sum along `axis` (negative counts from the end); `keepDim` keeps it with size 1.
    public func sum(axis: Int, keepDim: Bool = false) -> Tensor {
        reduce(axis: axis, keepDim: keepDim, name: "SumBackward1", divisor: 1)
    }

    /// Mean along `axis` (negative counts from the end); `keepDim` keeps it with size 1.
    public func mean(axis: Int, keepDim: Bool = false) -> Tensor {
        let axis = normalizedAxis(axis)
        return reduce(axis: axis, keepDim: keepDim, name: "MeanBackward1", divisor: rank == 0 ? 1 : Double(shape[axis]))
    }

    func normalizedAxis(_ axis: Int, extra: Int = 0) -> Int {
        let rank = Swift.max(shape.count + extra, 1)
        let normalized = axis < 0 ? axis + rank : axis
        precondition(normalized >= 0 && normalized < rank, "axis \(axis) out of range for shape \(shape)")
        return normalized
    }

    private func reduce(axis: Int, keepDim: Bool, name: String, divisor: Double) -> Tensor {
        let axis = normalizedAxis(axis)
        if rank == 0 {
            let node = Tensor.node(name, self) { grad in [grad] }
            return Tensor(result: data, shape: [], node: node)
        }
        let outer = shape[..<axis].reduce(1, *), size = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        var result = [Double](repeating: 0, count: outer * inner)
        data.withUnsafeBufferPointer { source in
            for o in 0..<outer {
                for s in 0..<size {
                    let base = (o * size + s) * inner
                    for i in 0..<inner { result[o * inner + i] += source[base + i] }
                }
            }
        }
        if divisor != 1 { result = Kernels.map(result) { $0 / divisor } }
        var kept = shape
        kept[axis] = 1
        let inputShape = shape
        let node = Tensor.node(name, self) { grad in
            let scaled = divisor == 1 ? grad : Kernels.map(grad) { $0 / divisor }
            return [Broadcasting.expand(scaled, from: kept, to: inputShape)]
        }
        var outShape = shape
        if keepDim { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        return Tensor(result: result, shape: outShape, node: node)
    }
}
