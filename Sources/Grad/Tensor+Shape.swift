extension Tensor {
    /// The same values in a new shape; one dimension may be −1 (inferred).
    public func reshape(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "reshape: cannot view \(shape) as \(newShape)")
            resolved[unknown] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "reshape: cannot view \(shape) as \(newShape)")
        let node = Tensor.node("ViewBackward0", self, rule: .view) { grad in [grad] }
        return Tensor(result: data, shape: resolved, node: node)
    }

    /// Merges dimensions `start...end` into one (`torch.flatten(start_dim, end_dim)`).
    public func flatten(start: Int = 0, end: Int = -1) -> Tensor {
        guard rank > 0 else { return reshape([1]) }
        let s = normalizedAxis(start), e = normalizedAxis(end)
        precondition(s <= e, "flatten: start \(start) after end \(end)")
        let merged = shape[s...e].reduce(1, *)
        return reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// Inserts a dimension of size 1 at `axis` (negative counts from the end, as in PyTorch).
    public func unsqueeze(_ axis: Int) -> Tensor {
        let position = normalizedAxis(axis, extra: 1)
        var newShape = shape
        newShape.insert(1, at: position)
        let node = Tensor.node("UnsqueezeBackward0", self, rule: .view) { grad in [grad] }
        return Tensor(result: data, shape: newShape, node: node)
    }

    /// Removes every dimension of size 1, or only `axis` when given.
    public func squeeze(_ axis: Int? = nil) -> Tensor {
        var newShape = shape
        if let axis {
            let a = normalizedAxis(axis)
            if rank > 0, shape[a] == 1 { newShape.remove(at: a) }
        } else {
            newShape.removeAll { $0 == 1 }
        }
        let node = Tensor.node(axis == nil ? "SqueezeBackward0" : "SqueezeBackward1", self, rule: .view) { grad in [grad] }
        return Tensor(result: data, shape: newShape, node: node)
    }

    /// The transpose of a 2-D tensor (`t.T`); 0-D and 1-D tensors are returned as they are.
    public func transposed() -> Tensor {
        guard rank == 2 else { return self }
        let m = shape[0], n = shape[1]
        let node = Tensor.node("TBackward0", self) { grad in [Kernels.transpose(grad, rows: n, columns: m)] }
        return Tensor(result: Kernels.transpose(data, rows: m, columns: n), shape: [n, m], node: node)
    }

    /// Repeats values along size-1 dimensions to reach `target` (`tensor.expand`).
    public func expand(to target: [Int]) -> Tensor {
        let inputShape = shape
        precondition(Broadcasting.shape(inputShape, target) == target, "expand: cannot expand \(shape) to \(target)")
        let node = Tensor.node("ExpandBackward0", self) { grad in
            [Broadcasting.reduce(grad, from: target, to: inputShape)]
        }
        return Tensor(result: Broadcasting.expand(data, from: inputShape, to: target), shape: target, node: node)
    }

    /// Joins tensors of equal shape but for `axis` along that axis (`torch.cat`).
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate: no tensors")
        let first = tensors[0]
        let a = first.normalizedAxis(axis)
        let outer = first.shape[..<a].reduce(1, *)
        let inner = first.shape[(a + 1)...].reduce(1, *)
        for t in tensors {
            precondition(t.rank == first.rank && t.shape.enumerated().allSatisfy { $0.offset == a || $0.element == first.shape[$0.offset] },
                         "concatenate: shapes \(tensors.map(\.shape)) differ outside axis \(axis)")
        }
        let sizes = tensors.map { $0.shape[a] }
        let total = sizes.reduce(0, +)
        var result = [Double]()
        result.reserveCapacity(outer * total * inner)
        for o in 0..<outer {
            for (t, size) in zip(tensors, sizes) {
                result.append(contentsOf: t.data[(o * size * inner)..<((o + 1) * size * inner)])
            }
        }
        var shape = first.shape
        shape[a] = total
        let node = Tensor.node("CatBackward0", inputs: tensors) { grad in
            var grads = sizes.map { _ in [Double]() }
            for o in 0..<outer {
                var offset = o * total * inner
                for (index, size) in sizes.enumerated() {
                    grads[index].append(contentsOf: grad[offset..<(offset + size * inner)])
                    offset += size * inner
                }
            }
            return InputGradients(grads)
        }
        return Tensor(result: result, shape: shape, node: node)
    }
}
