/// Plain, index-by-index reference implementations of tensor operations on row-major arrays.
/// They are deliberately naive (multi-index arithmetic, no strides, no fast paths) so that they
/// share nothing with the engine's kernels.
enum Reference {
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The multi-index of flat position `flat` in `shape`.
    static func index(_ flat: Int, in shape: [Int]) -> [Int] {
        var rest = flat
        var result = [Int](repeating: 0, count: shape.count)
        for d in shape.indices.reversed() {
            result[d] = rest % shape[d]
            rest /= shape[d]
        }
        return result
    }

    /// The flat position of `index` in `shape`.
    static func flat(_ index: [Int], in shape: [Int]) -> Int {
        var result = 0
        for d in shape.indices { result = result * shape[d] + index[d] }
        return result
    }

    /// NumPy/PyTorch broadcast shape, or nil if the shapes do not broadcast.
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a
        let pb = [Int](repeating: 1, count: rank - b.count) + b
        var result: [Int] = []
        for (x, y) in zip(pa, pb) {
            if x == y || y == 1 { result.append(x) } else if x == 1 { result.append(y) } else { return nil }
        }
        return result
    }

    /// The value of `data` (of `shape`) seen at `outIndex` of a larger broadcast shape.
    static func broadcastValue(_ data: [Double], _ shape: [Int], at outIndex: [Int]) -> Double {
        let offset = outIndex.count - shape.count
        let own = shape.indices.map { d in shape[d] == 1 ? 0 : outIndex[d + offset] }
        return data[flat(own, in: shape)]
    }

    static func binary(_ a: [Double], _ aShape: [Int], _ b: [Double], _ bShape: [Int],
                       _ f: (Double, Double) -> Double) -> [Double] {
        let shape = broadcastShape(aShape, bShape)!
        return (0..<count(shape)).map { i in
            let idx = index(i, in: shape)
            return f(broadcastValue(a, aShape, at: idx), broadcastValue(b, bShape, at: idx))
        }
    }

    static func expand(_ a: [Double], _ shape: [Int], to target: [Int]) -> [Double] {
        (0..<count(target)).map { i in broadcastValue(a, shape, at: index(i, in: target)) }
    }

    /// Sum (or mean) along `axis` (already non-negative); the result is laid out without that axis,
    /// which is the same order as with it kept at size 1.
    static func reduce(_ a: [Double], _ shape: [Int], axis: Int, mean: Bool) -> [Double] {
        var outShape = shape
        outShape[axis] = 1
        var result = [Double](repeating: 0, count: count(outShape))
        for i in 0..<a.count {
            var idx = index(i, in: shape)
            idx[axis] = 0
            result[flat(idx, in: outShape)] += a[i]
        }
        return mean ? result.map { $0 / Double(shape[axis]) } : result
    }

    /// A (m×k) · B (k×n).
    static func matmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += a[i * k + p] * b[p * n + j] } } }
        return c
    }

    static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var t = [Double](repeating: 0, count: a.count)
        for i in 0..<rows { for j in 0..<columns { t[j * rows + i] = a[i * columns + j] } }
        return t
    }

    /// torch.cat along `axis`.
    static func concatenate(_ parts: [[Double]], shapes: [[Int]], axis: Int) -> [Double] {
        var outShape = shapes[0]
        outShape[axis] = shapes.map { $0[axis] }.reduce(0, +)
        return (0..<count(outShape)).map { i in
            var idx = index(i, in: outShape)
            var part = 0
            while idx[axis] >= shapes[part][axis] {
                idx[axis] -= shapes[part][axis]
                part += 1
            }
            return parts[part][flat(idx, in: shapes[part])]
        }
    }
}
