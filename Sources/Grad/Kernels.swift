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

    /// Adds Σ A[i + r, p]·B[p, j ..< j + V.scalarCount] over p in `p0 ..< p1` to the four rows
    /// r = 0…3 of C starting at `c` (rows `n` apart), keeping the tile in registers. `a` points at
    /// A[i, p0]. p runs in order, so each element's sum is the plain triple loop's, bit for bit.
    @inline(__always)
    static func addTile<V: SIMD>(_: V.Type, a: UnsafePointer<Double>, rowStride: Int, columnStride: Int,
                                 b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, n: Int,
                                 count: Int) where V.Scalar == Double {
        let a0 = a, a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride
        let r0 = UnsafeMutableRawPointer(c), r1 = UnsafeMutableRawPointer(c + n)
        let r2 = UnsafeMutableRawPointer(c + 2 &* n), r3 = UnsafeMutableRawPointer(c + 3 &* n)
        var c0 = r0.loadUnaligned(as: V.self), c1 = r1.loadUnaligned(as: V.self)
        var c2 = r2.loadUnaligned(as: V.self), c3 = r3.loadUnaligned(as: V.self)
        var bp = UnsafeRawPointer(b)
        let bStep = n &* MemoryLayout<Double>.stride
        var offset = 0
        for _ in 0..<count {
            let bv = bp.loadUnaligned(as: V.self)
            c0 += a0[offset] * bv
            c1 += a1[offset] * bv
            c2 += a2[offset] * bv
            c3 += a3[offset] * bv
            bp += bStep
            offset &+= columnStride
        }
        r0.storeBytes(of: c0, as: V.self)
        r1.storeBytes(of: c1, as: V.self)
        r2.storeBytes(of: c2, as: V.self)
        r3.storeBytes(of: c3, as: V.self)
    }

    /// C = A·B for an m×k matrix A whose element (i, p) is `a[i·rowStride + p·columnStride]`
    /// (row-major A: strides k and 1; a transposed row-major k×m matrix: strides 1 and m), and a
    /// row-major k×n matrix B, into row-major C (overwritten).
    ///
    /// A register-blocked micro-kernel computes 4×8 tiles of C (4×4 for a leftover group of four
    /// columns) held in registers while it runs over a block of 256 values of p: per p it loads the
    /// values of B once and uses them for four rows, and the panel of B it reads stays in L1 for
    /// every row of A. Leftover single columns and rows take plain loops in the same order.
    static func gemm(_ a: UnsafePointer<Double>, rowStride: Int, columnStride: Int,
                     _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int) {
        c.update(repeating: 0, count: m &* n)
        let n8 = n & ~7, m4 = m & ~3
        let n4 = n8 &+ 4 <= n ? n8 &+ 4 : n8
        let blockK = 256
        var k0 = 0
        while k0 < k {
            let k1 = Swift.min(k, k0 &+ blockK)
            var j = 0
            while j < n4 {
                let width = j < n8 ? 8 : 4
                var i = 0
                while i < m4 {
                    let tileA = a + (i &* rowStride &+ k0 &* columnStride)
                    let tileB = b + (k0 &* n &+ j), tileC = c + (i &* n &+ j)
                    if width == 8 {
                        addTile(SIMD8<Double>.self, a: tileA, rowStride: rowStride, columnStride: columnStride,
                                b: tileB, c: tileC, n: n, count: k1 &- k0)
                    } else {
                        addTile(SIMD4<Double>.self, a: tileA, rowStride: rowStride, columnStride: columnStride,
                                b: tileB, c: tileC, n: n, count: k1 &- k0)
                    }
                    i &+= 4
                }
                j &+= width
            }
            k0 = k1
        }
        // Single columns right of the vector tiles, four rows at a time with the sums in registers.
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
