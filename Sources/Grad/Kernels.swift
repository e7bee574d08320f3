import CGradKernels

/// Tight loops over Double buffers; the hottest are handed to CGradKernels (C loops compiled for
/// AVX-512, for AVX2+FMA and portably, one chosen at run time from the CPU).
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

    static func add(_ a: [Double], _ b: [Double]) -> [Double] { arithmetic(TL_ADD, a, b, count: a.count) }

    /// Sum of all values, accumulated in eight interleaved lanes (see `tl_sum`).
    static func sum(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { tl_sum($0.baseAddress, $0.count) }
    }

    /// Sum of products of two equal-length buffers (same lane order as `sum`).
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in tl_dot(a.baseAddress, b.baseAddress, a.count) } }
    }

    /// `a op b` elementwise over `n` values: each side has `n` values or is a single value repeated.
    static func arithmetic(_ operation: tl_operation, _ a: [Double], _ b: [Double], count n: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: n) { out, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    tl_binary(Int32(operation.rawValue), a.baseAddress, a.count == n ? 1 : 0,
                              b.baseAddress, b.count == n ? 1 : 0, out.baseAddress, n)
                }
            }
            initialized = n
        }
    }

    /// C = A·B for an m×k matrix A whose element (i, p) is `a[i·rowStride + p·columnStride]`
    /// (row-major A: strides k and 1; a transposed row-major k×m matrix: strides 1 and m), and a
    /// row-major k×n matrix B, into row-major C (overwritten); see `tl_gemm`.
    static func gemm(_ a: UnsafePointer<Double>, rowStride: Int, columnStride: Int,
                     _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int) {
        tl_gemm(a, rowStride, columnStride, b, c, m, k, n)
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
