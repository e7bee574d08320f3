import CGradKernels

/// PyTorch broadcasting: shapes are aligned at their trailing dimensions; a dimension of size 1 (or
/// a missing leading one) stretches to match the other.
enum Broadcasting {
    static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(x == y || x == 1 || y == 1,
                         "broadcast: shapes \(a) and \(b) do not match at dimension \(i)")
            result[i] = x == 1 ? y : x
        }
        return result
    }

    /// Element strides of `shape` viewed as `target` (stride 0 along stretched dimensions).
    static func strides(of shape: [Int], in target: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        let offset = target.count - shape.count
        for i in (0..<shape.count).reversed() {
            strides[i + offset] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        return strides
    }

    /// Calls `body` for every element of `target` in row-major order with the offset of the
    /// element of `shape` (broadcast to `target`) it corresponds to.
    @inline(__always)
    private static func forEachOffset(of shape: [Int], in target: [Int], _ body: (_ element: Int, _ offset: Int) -> Void) {
        let strides = strides(of: shape, in: target)
        var index = [Int](repeating: 0, count: target.count)
        var offset = 0
        for element in 0..<target.reduce(1, *) {
            body(element, offset)
            var d = target.count - 1
            while d >= 0 {
                index[d] += 1
                offset += strides[d]
                if index[d] < target[d] { break }
                offset -= strides[d] * target[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// Values of `data` (of `shape`) repeated to fill `target`.
    static func expand(_ data: [Double], from shape: [Int], to target: [Int]) -> [Double] {
        if shape == target { return data }
        let n = target.reduce(1, *)
        if data.count == 1 { return [Double](repeating: data[0], count: n) }
        var result = [Double](repeating: 0, count: n)
        forEachOffset(of: shape, in: target) { element, offset in result[element] = data[offset] }
        return result
    }

    /// Sums a gradient of shape `target` back down to `shape` (the inverse of `expand`).
    static func reduce(_ grad: [Double], from target: [Int], to shape: [Int]) -> [Double] {
        if shape == target { return grad }
        let n = shape.reduce(1, *)
        if n == 1 { return [Kernels.sum(grad)] }
        var result = [Double](repeating: 0, count: n)
        forEachOffset(of: shape, in: target) { element, offset in result[offset] += grad[element] }
        return result
    }

    /// Whether `a op b` is one elementwise pass: equal shapes, or one side a single value of no
    /// higher rank than the other.
    static func isElementwise(_ aShape: [Int], _ aCount: Int, _ bShape: [Int], _ bCount: Int) -> Bool {
        aShape == bShape || (bCount == 1 && bShape.count <= aShape.count) || (aCount == 1 && aShape.count <= bShape.count)
    }

    /// `a op b` elementwise, broadcast together (the dispatched kernel unless both sides stretch).
    static func arithmetic(_ operation: tl_operation, _ a: [Double], _ aShape: [Int], _ b: [Double],
                           _ bShape: [Int]) -> (data: [Double], shape: [Int]) {
        if aShape == bShape { return (Kernels.arithmetic(operation, a, b, count: a.count), aShape) }
        if b.count == 1, bShape.count <= aShape.count { return (Kernels.arithmetic(operation, a, b, count: a.count), aShape) }
        if a.count == 1, aShape.count <= bShape.count { return (Kernels.arithmetic(operation, a, b, count: b.count), bShape) }
        let f: (Double, Double) -> Double = switch operation {
        case TL_ADD: (+)
        case TL_SUBTRACT: (-)
        case TL_MULTIPLY: (*)
        default: (/)
        }
        return zip(a, aShape, b, bShape, f)
    }

    /// Applies `f` elementwise to `a` and `b` broadcast together.
    @inline(__always)
    static func zip(_ a: [Double], _ aShape: [Int], _ b: [Double], _ bShape: [Int],
                    _ f: (Double, Double) -> Double) -> (data: [Double], shape: [Int]) {
        if aShape == bShape { return (Kernels.zip(a, b, f), aShape) }
        if b.count == 1, bShape.count <= aShape.count {
            let y = b[0]
            return (Kernels.map(a) { f($0, y) }, aShape)
        }
        if a.count == 1, aShape.count <= bShape.count {
            let x = a[0]
            return (Kernels.map(b) { f(x, $0) }, bShape)
        }
        let shape = shape(aShape, bShape)
        return (Kernels.zip(expand(a, from: aShape, to: shape), expand(b, from: bShape, to: shape), f), shape)
    }
}
