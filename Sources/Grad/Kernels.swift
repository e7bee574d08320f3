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

    @inline(__always)
    static func load8(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    static func store8(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
    }

    /// Sum of all values, accumulated in eight interleaved lanes so the loop vectorizes.
    static func sum(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in
            let n = a.count
            guard let base = a.baseAddress else { return 0 }
            var lanes = SIMD8<Double>()
            var i = 0
            while i &+ 8 <= n {
                lanes += load8(base + i)
                i &+= 8
            }
            var total = lanes.sum()
            while i < n { total += a[i]; i &+= 1 }
            return total
        }
    }

    /// Sum of products of two equal-length buffers (same lane order as `sum`).
    static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, count n: Int) -> Double {
        guard let x = a.baseAddress, let y = b.baseAddress else { return 0 }
        var lanes = SIMD8<Double>()
        var i = 0
        while i &+ 8 <= n {
            lanes += load8(x + i) * load8(y + i)
            i &+= 8
        }
        var total = lanes.sum()
        while i < n { total += x[i] * y[i]; i &+= 1 }
        return total
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in dot(a, b, count: a.count) } }
    }

    /// C = A·B for an m×k matrix A whose element (i, p) is `a[i·rowStride + p·columnStride]`
    /// (row-major A: strides k and 1; a transposed row-major k×m matrix: strides 1 and m), and a
    /// row-major k×n matrix B, into row-major C (overwritten).
    ///
    /// A register-blocked micro-kernel computes 4×8 tiles of C held in registers while it runs
    /// over a block of 256 values of p: per p it loads eight values of B once and uses them for
    /// four rows, and the 256×8 panel of B it reads stays in L1 for every row of A.
    static func gemm(_ a: UnsafePointer<Double>, rowStride: Int, columnStride: Int,
                     _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int) {
        c.update(repeating: 0, count: m &* n)
        let n8 = n & ~7, m4 = m & ~3
        let blockK = 256
        var k0 = 0
        while k0 < k {
            let k1 = Swift.min(k, k0 &+ blockK)
            var j = 0
            while j < n8 {
                var i = 0
                while i < m4 {
                    let a0 = a + (i &* rowStride &+ k0 &* columnStride)
                    let a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride
                    let cp = c + (i &* n &+ j)
                    var c0 = load8(cp), c1 = load8(cp + n), c2 = load8(cp + 2 &* n), c3 = load8(cp + 3 &* n)
                    var bp = b + (k0 &* n &+ j)
                    var offset = 0
                    var p = k0
                    while p < k1 {
                        let bv = load8(bp)
                        c0 += a0[offset] * bv
                        c1 += a1[offset] * bv
                        c2 += a2[offset] * bv
                        c3 += a3[offset] * bv
                        bp += n
                        offset &+= columnStride
                        p &+= 1
                    }
                    store8(c0, cp)
                    store8(c1, cp + n)
                    store8(c2, cp + 2 &* n)
                    store8(c3, cp + 3 &* n)
                    i &+= 4
                }
                j &+= 8
            }
            k0 = k1
        }
        // Columns right of the last group of eight, four rows at a time with the sums in registers:
        // a group of four columns as vectors, then single columns.
        let n4 = n8 &+ 4 <= n ? n8 &+ 4 : n8
        if n8 < n4 {
            var i = 0
            while i < m4 {
                let a0 = a + i &* rowStride, a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride
                var c0 = SIMD4<Double>(), c1 = SIMD4<Double>(), c2 = SIMD4<Double>(), c3 = SIMD4<Double>()
                var bp = b + n8
                var offset = 0
                var p = 0
                while p < k {
                    let bv = UnsafeRawPointer(bp).loadUnaligned(as: SIMD4<Double>.self)
                    c0 += a0[offset] * bv
                    c1 += a1[offset] * bv
                    c2 += a2[offset] * bv
                    c3 += a3[offset] * bv
                    bp += n
                    offset &+= columnStride
                    p &+= 1
                }
                let cp = UnsafeMutableRawPointer(c + (i &* n &+ n8)), rowBytes = n &* MemoryLayout<Double>.stride
                cp.storeBytes(of: c0, as: SIMD4<Double>.self)
                (cp + rowBytes).storeBytes(of: c1, as: SIMD4<Double>.self)
                (cp + 2 &* rowBytes).storeBytes(of: c2, as: SIMD4<Double>.self)
                (cp + 3 &* rowBytes).storeBytes(of: c3, as: SIMD4<Double>.self)
                i &+= 4
            }
        }
        if n4 < n {
            var i = 0
            while i < m4 {
                let a0 = a + i &* rowStride, a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride
                for j in n4..<n {
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    var offset = 0
                    var p = 0
                    while p < k {
                        let bv = b[p &* n &+ j]
                        s0 += a0[offset] * bv
                        s1 += a1[offset] * bv
                        s2 += a2[offset] * bv
                        s3 += a3[offset] * bv
                        offset &+= columnStride
                        p &+= 1
                    }
                    c[i &* n &+ j] = s0
                    c[(i &+ 1) &* n &+ j] = s1
                    c[(i &+ 2) &* n &+ j] = s2
                    c[(i &+ 3) &* n &+ j] = s3
                }
                i &+= 4
            }
        }
        // Rows below the last full group of four.
        for i in m4..<m {
            let row = a + i &* rowStride
            let cRow = c + i &* n
            var p = 0
            while p < k {
                let scale = row[p &* columnStride]
                let bRow = b + p &* n
                var j = 0
                while j < n { cRow[j] += scale * bRow[j]; j &+= 1 }
                p &+= 1
            }
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
        product(a, rowStride: k, columnStride: 1, b, m: m, k: k, n: n)
    }

    /// Aᵀ·B for row-major A k×m and B k×n (result m×n), without materializing Aᵀ.
    static func matmulTransposedLeft(_ a: [Double], _ b: [Double], k: Int, m: Int, n: Int) -> [Double] {
        product(a, rowStride: 1, columnStride: m, b, m: m, k: k, n: n)
    }

    /// A·Bᵀ for row-major A m×k and B n×k (result m×n): Bᵀ is laid out once, then A·Bᵀ runs as A·B.
    static func matmulTransposedRight(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        matmul(a, transpose(b, rows: n, columns: k), m: m, k: k, n: n)
    }

    private static func product(_ a: [Double], rowStride: Int, columnStride: Int, _ b: [Double],
                                m: Int, k: Int, n: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: m * n) { out, initialized in
            if m * n > 0 {
                if k == 0 {
                    out.baseAddress!.update(repeating: 0, count: m * n)
                } else {
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            gemm(a.baseAddress!, rowStride: rowStride, columnStride: columnStride,
                                 b.baseAddress!, out.baseAddress!, m: m, k: k, n: n)
                        }
                    }
                }
            }
            initialized = m * n
        }
    }
}
