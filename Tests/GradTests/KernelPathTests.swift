import CGradKernels
import Testing
@testable import Grad

/// The dispatched kernels give the same bits on the AVX-512 path, the AVX2+FMA path and the
/// portable one, and all equal a plain scalar loop of the same operations (so no path contracts
/// a·b + c into a fused multiply-add the Swift code did not ask for, or drops one it did). A CPU
/// runs the paths it has (`tl_kernels_cpu_level`).
@Suite(.serialized)
struct KernelPathTests {
    /// Calls `body` on every path this CPU can run, from the portable one up, then returns to the
    /// CPU's own; `results[level]` is the result on that level.
    static func onEveryPath<T>(_ body: () -> T) -> [T] {
        defer { tl_kernels_force(-1) }
        return (0...tl_kernels_cpu_level()).map { level in
            tl_kernels_force(level)
            return body()
        }
    }

    static func values(_ n: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var rng = RandomSource(seed: seed)
        return (0..<n).map { _ in rng.normal() * scale }
    }

    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    @Test(arguments: [0, 1, 7, 8, 9, 2000, 2003])
    func reductionsSumInEightLanes(_ n: Int) {
        let a = Self.values(n, seed: 1), b = Self.values(n, seed: 2)
        var lanes = [Double](repeating: 0, count: 8)
        var dotLanes = lanes, errorLanes = lanes
        let full = n / 8 * 8
        for i in 0..<full {
            lanes[i % 8] += a[i]
            dotLanes[i % 8] += a[i] * b[i]
            errorLanes[i % 8] += (a[i] - b[i]) * (a[i] - b[i])
        }
        var sum = lanes.reduce(0, +), dot = dotLanes.reduce(0, +), error = errorLanes.reduce(0, +)
        for i in full..<n {
            sum += a[i]
            dot += a[i] * b[i]
            error += (a[i] - b[i]) * (a[i] - b[i])
        }
        for (level, result) in Self.onEveryPath({ [Kernels.sum(a), Kernels.dot(a, b), tl_squared_error_sum(a, b, n)] }).enumerated() {
            #expect(Self.bits(result) == Self.bits([sum, dot, error]), "level \(level)")
        }
    }

    /// The fused passes of a loss plan (`tl_combination`, `tl_reductions`,
    /// `tl_squared_error_reductions`) give the bits of the separate kernels they stand for, for
    /// every number of terms (more than four take several passes) and lengths around the lanes.
    @Test(arguments: [1, 7, 8, 9, 2003], [1, 2, 3, 4, 5, 6, 9])
    func fusedPassesGiveTheSeparateKernelsBits(_ n: Int, _ terms: Int) {
        let base = Self.values(n, seed: 11), t = Self.values(n, seed: 12), g = Self.values(n, seed: 13)
        let vectors = (0..<terms).map { Self.values(n, seed: 20 + UInt64($0)) }
        let scales = (0..<terms).map { 0.37 * Double($0 + 1) - 1.1 }
        // The separate kernels.
        var chained = base, scalarChained = [Double](repeating: 0, count: n)
        for k in 0..<terms {
            tl_add_scaled(chained, 1, scales[k], vectors[k], &chained, n)
            if k == 0 { tl_add_scaled([0.25], 0, scales[k], vectors[k], &scalarChained, n) }
            else { tl_add_scaled(scalarChained, 1, scales[k], vectors[k], &scalarChained, n) }
        }
        let fit = tl_squared_error_sum(chained, t, n)
        let sum = tl_sum(g, n), dots = vectors.map { tl_dot(g, $0, n) }
        var gradient = [Double](repeating: 0, count: n)
        tl_squared_error_gradient(base, t, 2, 0.75, &gradient, n)
        let fitSum = tl_sum(gradient, n), fitDots = vectors.map { tl_dot(gradient, $0, n) }
        let expected = Self.bits(chained + scalarChained + [fit, sum] + dots + [fitSum] + fitDots)
        let storage = UnsafeMutablePointer<Double>.allocate(capacity: terms * n)
        defer { storage.deallocate() }
        for (k, vector) in vectors.enumerated() { (storage + k * n).initialize(from: vector, count: n) }
        let pointers: [UnsafePointer<Double>?] = (0..<terms).map { UnsafePointer(storage + $0 * n) }
        let results = Self.onEveryPath { () -> [Double] in
            var out = [Double](repeating: 0, count: n), scalarOut = out
            let total = tl_combination(base, 1, scales, pointers, terms, t, &out, n)
            let none = tl_combination([0.25], 0, scales, pointers, terms, nil, &scalarOut, n)
            var sumOut = 0.0, dotOut = [Double](repeating: 0, count: terms)
            var fitSumOut = 0.0, fitDotOut = dotOut
            tl_reductions(g, &sumOut, pointers, terms, &dotOut, n)
            tl_squared_error_reductions(base, t, 2, 0.75, &fitSumOut, pointers, terms, &fitDotOut, n)
            return out + scalarOut + [total, sumOut] + dotOut + [fitSumOut] + fitDotOut + [none]
        }
        for (level, result) in results.enumerated() {
            #expect(Self.bits(Array(result.dropLast())) == expected, "level \(level)")
            #expect(result.last == 0, "no target: no sum")
        }
    }

    /// Shapes with whole 4×16, 4×8 and 4×4 tiles and every kind of leftover.
    @Test(arguments: [(13, 300, 21), (9, 40, 37), (64, 1000, 100), (5, 3, 16), (4, 17, 7)])
    func productsAgreeOnEveryPath(_ size: (Int, Int, Int)) {
        let (m, k, n) = size
        let a = Self.values(m * k, seed: 3), b = Self.values(k * n, seed: 4)
        let expected = Self.bits(MatmulExactnessTests.naive(a, b, m: m, k: k, n: n) { i, p in i * k + p })
        for (level, result) in Self.onEveryPath({ Kernels.matmul(a, b, m: m, k: k, n: n) }).enumerated() {
            #expect(Self.bits(result) == expected, "level \(level), \(m)×\(k)·\(k)×\(n)")
        }
    }

    /// The product that skips a ReLU's zeros (`tl_gemm_sparse`, C = Aᵀ·B as a weight gradient
    /// reads it) equals the plain loop over every term, for widths around the AVX-512 path's blocks
    /// of 64 and 8 columns, with B starting anywhere in a cache line, and with infinite and NaN
    /// rows of B (whose zero terms must be kept: 0·∞ is NaN).
    @Test(arguments: [1, 7, 8, 9, 16, 63, 64, 72, 100, 1000, 1001], [0, 3])
    func sparseProductsAgreeOnEveryPath(_ n: Int, _ offset: Int) {
        let (m, k) = (11, 37)
        let g = Self.values(k * m, seed: 14).enumerated().map { $0.offset % 3 == 0 || $0.element < 0 ? 0 : $0.element }
        var b = Self.values(k * n + offset, seed: 15)
        b[offset + 5 * n + n / 2] = .infinity
        b[offset + 9 * n] = .nan
        let dense = Array(b[offset...])
        // Which NaN a sum of two NaNs keeps depends on the order of an add's operands: any NaN will do.
        let canonical = { (values: [Double]) in Self.bits(values.map { $0.isNaN ? .nan : $0 }) }
        let expected = canonical(MatmulExactnessTests.naive(g, dense, m: m, k: k, n: n) { i, p in p * m + i })
        let scratch = (tl_gemm_sparse_scratch(m, k) + 7) / 8
        let results = Self.onEveryPath { () -> [Double] in
            var out = [Double](repeating: -1, count: m * n)
            var work = [Double](repeating: 0, count: scratch)
            b.withUnsafeBufferPointer { b in tl_gemm_sparse(g, 1, m, b.baseAddress! + offset, &out, m, k, n, &work) }
            return out
        }
        for (level, result) in results.enumerated() {
            #expect(canonical(result) == expected, "level \(level), n \(n), B at +\(offset)")
        }
    }

    @Test func elementwiseArithmeticIsPlainArithmetic() {
        let a = Self.values(1003, seed: 5), b = Self.values(1003, seed: 6), s = [0.3]
        let sums: [Double] = zip(a, b).map { $0 + $1 }
        let differences: [Double] = zip(a, b).map { $0 - $1 }
        let products: [Double] = zip(a, b).map { $0 * $1 }
        let quotients: [Double] = zip(a, b).map { $0 / $1 }
        let scaled: [Double] = a.map { $0 * 0.3 }
        let reciprocals: [Double] = a.map { 0.3 / $0 }
        let expected = [sums, differences, products, quotients, scaled, reciprocals]
        let results = Self.onEveryPath {
            [Kernels.arithmetic(TL_ADD, a, b, count: a.count), Kernels.arithmetic(TL_SUBTRACT, a, b, count: a.count),
             Kernels.arithmetic(TL_MULTIPLY, a, b, count: a.count), Kernels.arithmetic(TL_DIVIDE, a, b, count: a.count),
             Kernels.arithmetic(TL_MULTIPLY, a, s, count: a.count), Kernels.arithmetic(TL_DIVIDE, s, a, count: a.count)]
        }
        for (level, result) in results.enumerated() {
            #expect(result.map(Self.bits) == expected.map(Self.bits), "level \(level)")
        }
    }

    /// One step of each update rule from the same state, against the rule written as scalar Swift.
    @Test(arguments: OptimizerKind.allCases)
    func updatesFollowTheScalarRule(_ kind: OptimizerKind) {
        let n = 1001
        let p0 = Self.values(n, seed: 7), g = Self.values(n, seed: 8, scale: 3)
        let m0 = Self.values(n, seed: 9, scale: 0.1), v0 = Self.values(n, seed: 10).map { $0 * $0 }
        let lr = 1e-3, mu = 0.9, alpha = 0.99, b1 = 0.9, b2 = 0.999, eps = 1e-8, step = lr / 0.19, c2 = 0.0447
        var p = p0, m = m0, v = v0
        for i in 0..<n {
            switch kind {
            case .sgd: p[i] = p[i].addingProduct(g[i], -lr)
            case .momentum, .nesterov:
                m[i] = m[i] * mu + g[i]
                p[i] = p[i].addingProduct(kind == .nesterov ? g[i].addingProduct(m[i], mu) : m[i], -lr)
            case .rmsprop:
                v[i] = (v[i] * alpha).addingProduct((1 - alpha) * g[i], g[i])
                p[i] = p[i] + (-lr * g[i]) / (v[i].squareRoot() + eps)
            case .adam, .adamw:
                if kind == .adamw { p[i] = p[i] * (1 - lr * 0.01) }
                m[i] = m[i].addingProduct(1 - b1, g[i] - m[i])
                v[i] = (v[i] * b2).addingProduct((1 - b2) * g[i], g[i])
                p[i] = p[i] + (-step * m[i]) / (v[i].squareRoot() / c2 + eps)
            }
        }
        let results = Self.onEveryPath { () -> [[Double]] in
            var p = p0, m = m0, v = v0
            switch kind {
            case .sgd: _ = tl_sgd(&p, g, lr, .infinity, n)
            case .momentum, .nesterov: _ = tl_momentum(&p, g, &m, mu, lr, 0, kind == .nesterov ? 1 : 0, .infinity, n)
            case .rmsprop: _ = tl_rmsprop(&p, g, &v, alpha, lr, eps, .infinity, n)
            case .adam, .adamw: _ = tl_adam(&p, g, &m, &v, b1, b2, step, c2, eps, kind == .adamw ? 1 - lr * 0.01 : 1, .infinity, n)
            }
            return [p, m, v]
        }
        for (level, result) in results.enumerated() {
            #expect(result.map(Self.bits) == [p, m, v].map(Self.bits), "level \(level)")
        }
    }

    @Test func thePathFollowsTheCPU() {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(info.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
        let level = !flags.isSuperset(of: ["avx2", "fma"]) ? 0
            : flags.isSuperset(of: ["avx512f", "avx512vl", "avx512dq", "avx512bw"]) ? 2 : 1
        #expect(tl_kernels_cpu_level() == level)
        #expect(tl_kernels_level() == level)
        tl_kernels_force(0)
        #expect(tl_kernels_level() == 0)
        tl_kernels_force(1)
        #expect(tl_kernels_level() == min(1, level))
        tl_kernels_force(5)
        #expect(tl_kernels_level() == level)
        tl_kernels_force(-1)
        #expect(tl_kernels_level() == level)
    }
}
