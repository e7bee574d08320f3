import CGradKernels
import Testing
@testable import Grad

/// The dispatched kernels give the same bits on the AVX2+FMA path and on the portable one, and
/// both equal a plain scalar loop of the same operations (so neither path contracts a·b + c into a
/// fused multiply-add the Swift code did not ask for, or drops one it did). On a CPU without AVX2
/// both runs take the portable path.
@Suite(.serialized)
struct KernelPathTests {
    /// Calls `body` on the portable path and on the CPU's own, and returns both results.
    static func onBothPaths<T>(_ body: () -> T) -> (portable: T, native: T) {
        tl_kernels_force_portable(1)
        let portable = body()
        tl_kernels_force_portable(0)
        return (portable, body())
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
        let results = Self.onBothPaths {
            [Kernels.sum(a), Kernels.dot(a, b), tl_squared_error_sum(a, b, n)]
        }
        #expect(Self.bits(results.portable) == Self.bits([sum, dot, error]))
        #expect(Self.bits(results.native) == Self.bits([sum, dot, error]))
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
        let results = Self.onBothPaths { () -> [Double] in
            var out = [Double](repeating: 0, count: n), scalarOut = out
            let total = tl_combination(base, 1, scales, pointers, terms, t, &out, n)
            let none = tl_combination([0.25], 0, scales, pointers, terms, nil, &scalarOut, n)
            var sumOut = 0.0, dotOut = [Double](repeating: 0, count: terms)
            var fitSumOut = 0.0, fitDotOut = dotOut
            tl_reductions(g, &sumOut, pointers, terms, &dotOut, n)
            tl_squared_error_reductions(base, t, 2, 0.75, &fitSumOut, pointers, terms, &fitDotOut, n)
            return out + scalarOut + [total, sumOut] + dotOut + [fitSumOut] + fitDotOut + [none]
        }
        #expect(Self.bits(Array(results.portable.dropLast())) == expected)
        #expect(Self.bits(Array(results.native.dropLast())) == expected)
        #expect(results.native.last == 0, "no target: no sum")
    }

    @Test func productsAgreeOnBothPaths() {
        let (m, k, n) = (13, 300, 21)
        let a = Self.values(m * k, seed: 3), b = Self.values(k * n, seed: 4)
        let results = Self.onBothPaths { Kernels.matmul(a, b, m: m, k: k, n: n) }
        #expect(Self.bits(results.portable) == Self.bits(results.native))
        #expect(Self.bits(results.native) == Self.bits(MatmulExactnessTests.naive(a, b, m: m, k: k, n: n) { i, p in i * k + p }))
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
        let results = Self.onBothPaths {
            [Kernels.arithmetic(TL_ADD, a, b, count: a.count), Kernels.arithmetic(TL_SUBTRACT, a, b, count: a.count),
             Kernels.arithmetic(TL_MULTIPLY, a, b, count: a.count), Kernels.arithmetic(TL_DIVIDE, a, b, count: a.count),
             Kernels.arithmetic(TL_MULTIPLY, a, s, count: a.count), Kernels.arithmetic(TL_DIVIDE, s, a, count: a.count)]
        }
        #expect(results.portable.map(Self.bits) == expected.map(Self.bits))
        #expect(results.native.map(Self.bits) == expected.map(Self.bits))
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
        let results = Self.onBothPaths { () -> [[Double]] in
            var p = p0, m = m0, v = v0
            switch kind {
            case .sgd: _ = tl_sgd(&p, g, lr, .infinity, n)
            case .momentum, .nesterov: _ = tl_momentum(&p, g, &m, mu, lr, 0, kind == .nesterov ? 1 : 0, .infinity, n)
            case .rmsprop: _ = tl_rmsprop(&p, g, &v, alpha, lr, eps, .infinity, n)
            case .adam, .adamw: _ = tl_adam(&p, g, &m, &v, b1, b2, step, c2, eps, kind == .adamw ? 1 - lr * 0.01 : 1, .infinity, n)
            }
            return [p, m, v]
        }
        #expect(results.portable.map(Self.bits) == [p, m, v].map(Self.bits))
        #expect(results.native.map(Self.bits) == [p, m, v].map(Self.bits))
    }

    @Test func thePathFollowsTheCPU() {
        tl_kernels_force_portable(1)
        #expect(tl_kernels_fast() == 0)
        tl_kernels_force_portable(0)
        #expect(tl_kernels_fast() == (Self.cpuHasAVX2AndFMA ? 1 : 0))
    }

    static var cpuHasAVX2AndFMA: Bool {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(info.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
        return flags.isSuperset(of: ["avx2", "fma"])
    }
}
