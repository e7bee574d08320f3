/// Tight loops over Double buffers: the only place that touches raw memory.
///
/// Index arithmetic uses wrapping operators so the compiler can vectorize (overflow checks block it);
/// sizes come from shapes that were validated when the tensors were built.
enum Kernels {
    @inline(__always)
    static func map(_ a: [Double], _ f: (Double) -> Double) -> [Double] {
        let n = a.count
        return [Double](unsafeUninitializedCapacity: n) { out, initialized in
            a.withUnsafeBufferPointer { a in
                var i = 0
                while i < n { out[i] = f(a[i]); i &+= 1 }
            }
            initialized = n
        }
    }

    @inline(__always)
    static func zip(_ a: [Double], _ b: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        let n = a.count
        return [Double](unsafeUninitializedCapacity: n) { out, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    var i = 0
                    while i < n { out[i] = f(a[i], b[i]); i &+= 1 }
                }
            }
            initialized = n
        }
    }

    @inline(__always)
    static func zip3(_ a: [Double], _ b: [Double], _ c: [Double], _ f: (Double, Double, Double) -> Double) -> [Double] {
        let n = a.count
        return [Double](unsafeUninitializedCapacity: n) { out, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeBufferPointer { c in
                        var i = 0
                        while i < n { out[i] = f(a[i], b[i], c[i]); i &+= 1 }
                    }
                }
            }
            initialized = n
        }
    }

    static func add(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b, +) }

    /// Sum of all values, accumulated in eight interleaved lanes so the loop vectorizes.
    static func sum(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in
            let n = a.count
            var lanes = SIMD8<Double>()
            var i = 0
            while i &+ 8 <= n {
                lanes += SIMD8(a[i], a[i &+ 1], a[i &+ 2], a[i &+ 3], a[i &+ 4], a[i &+ 5], a[i &+ 6], a[i &+ 7])
                i &+= 8
            }
            var total = lanes.sum()
            while i < n { total += a[i]; i &+= 1 }
            return total
        }
    }

    /// Sum of products of two equal-length buffers (same lane order as `sum`).
    static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, count n: Int) -> Double {
        var lanes = SIMD8<Double>()
        var i = 0
        while i &+ 8 <= n {
            let x = SIMD8(a[i], a[i &+ 1], a[i &+ 2], a[i &+ 3], a[i &+ 4], a[i &+ 5], a[i &+ 6], a[i &+ 7])
            let y = SIMD8(b[i], b[i &+ 1], b[i &+ 2], b[i &+ 3], b[i &+ 4], b[i &+ 5], b[i &+ 6], b[i &+ 7])
            lanes = lanes.addingProduct(x, y)
            i &+= 8
        }
        var total = lanes.sum()
        while i < n { total = total.addingProduct(a[i], b[i]); i &+= 1 }
        return total
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in dot(a, b, count: a.count) } }
    }

    /// C = A·B (+ C when `accumulate`), A m×k, B k×n, all row-major; i-k-j order with row pointers.
    static func gemm(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                     m: Int, k: Int, n: Int, accumulate: Bool) {
        if !accumulate { c.update(repeating: 0, count: m &* n) }
        let blockK = 256
        var k0 = 0
        while k0 < k {
            let k1 = Swift.min(k, k0 &+ blockK)
            var i = 0
            while i < m {
                let cRow = c + i &* n
                let aRow = a + i &* k
                var p = k0
                while p < k1 {
                    let scale = aRow[p]
                    let bRow = b + p &* n
                    var j = 0
                    while j < n { cRow[j] = cRow[j].addingProduct(scale, bRow[j]); j &+= 1 }
                    p &+= 1
                }
                i &+= 1
            }
            k0 = k1
        }
    }

    /// Transposes an m×n row-major matrix into n×m.
    static func transpose(_ a: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, m: Int, n: Int) {
        let block = 32
        var i0 = 0
        while i0 < m {
            var j0 = 0
            while j0 < n {
                var i = i0
                while i < Swift.min(m, i0 &+ block) {
                    var j = j0
                    while j < Swift.min(n, j0 &+ block) { out[j &* m &+ i] = a[i &* n &+ j]; j &+= 1 }
                    i &+= 1
                }
                j0 &+= block
            }
            i0 &+= block
        }
    }

    static func transpose(_ a: [Double], rows m: Int, columns n: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: m * n) { out, initialized in
            a.withUnsafeBufferPointer { a in transpose(a.baseAddress!, out.baseAddress!, m: m, n: n) }
            initialized = m * n
        }
    }

    /// A·B for row-major A m×k and B k×n.
    static func matmul(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: m * n) { out, initialized in
            if m * n > 0 {
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        if k == 0 { out.baseAddress!.update(repeating: 0, count: m * n) }
                        else { gemm(a.baseAddress!, b.baseAddress!, out.baseAddress!, m: m, k: k, n: n, accumulate: false) }
                    }
                }
            }
            initialized = m * n
        }
    }

    /// Aᵀ·B for row-major A k×m and B k×n (result m×n), without materializing Aᵀ.
    static func matmulTransposedLeft(_ a: [Double], _ b: [Double], k: Int, m: Int, n: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: m * n) { out, initialized in
            let c = out.baseAddress!
            if m * n > 0 {
                c.update(repeating: 0, count: m * n)
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        let a = a.baseAddress!, b = b.baseAddress!
                        var p = 0
                        while p < k {
                            let aRow = a + p &* m
                            let bRow = b + p &* n
                            var i = 0
                            while i < m {
                                let scale = aRow[i]
                                let cRow = c + i &* n
                                var j = 0
                                while j < n { cRow[j] = cRow[j].addingProduct(scale, bRow[j]); j &+= 1 }
                                i &+= 1
                            }
                            p &+= 1
                        }
                    }
                }
            }
            initialized = m * n
        }
    }

    /// A·Bᵀ for row-major A m×k and B n×k (result m×n): Bᵀ is laid out once, then A·Bᵀ runs i-k-j.
    static func matmulTransposedRight(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        matmul(a, transpose(b, rows: n, columns: k), m: m, k: k, n: n)
    }
}
