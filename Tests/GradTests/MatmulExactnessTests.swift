import Testing
@testable import Grad

/// The blocked, vectorized matrix kernels add each product in order p = 0, 1, …, k − 1 into its
/// element, exactly as the plain triple loop does, so their results are identical to the last bit
/// (the speed work must not change a number). Sizes cover full 4×8 tiles, leftover rows and
/// columns, and several 256-long blocks of k.
struct MatmulExactnessTests {
    static func naive(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, aAt: (Int, Int) -> Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += a[aAt(i, p)] * b[p * n + j] }
                c[i * n + j] = sum
            }
        }
        return c
    }

    @Test(arguments: [(1, 1, 1), (4, 8, 8), (13, 300, 21), (64, 1000, 100), (7, 513, 9)])
    func productsMatchThePlainLoopBitForBit(_ size: (Int, Int, Int)) {
        let (m, k, n) = size
        var rng = RandomSource(seed: UInt64(m * 1_000_003 + k * 1009 + n))
        let a = (0..<(m * k)).map { _ in rng.normal() }
        let b = (0..<(k * n)).map { _ in rng.normal() }
        #expect(Kernels.matmul(a, b, m: m, k: k, n: n) == Self.naive(a, b, m: m, k: k, n: n) { i, p in i * k + p })
        // The same numbers read as the transpose of a k×m matrix.
        let aT = (0..<(k * m)).map { index in a[(index % m) * k + index / m] }
        #expect(Kernels.matmulTransposedLeft(aT, b, k: k, m: m, n: n) == Self.naive(a, b, m: m, k: k, n: n) { i, p in i * k + p })
    }
}
