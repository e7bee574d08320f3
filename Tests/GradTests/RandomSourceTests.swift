import Foundation
@testable import Grad
import Testing

/// xoshiro256** seeded through SplitMix64, transcribed from Blackman & Vigna's reference C code
/// (prng.di.unimi.it/xoshiro256starstar.c, splitmix64.c), to check the engine's generator is that.
private struct ReferenceXoshiro {
    var s: [UInt64]

    init(seed: UInt64) {
        var x = seed
        func splitmix64() -> UInt64 {
            x &+= 0x9e3779b97f4a7c15
            var z = x
            z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
            z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
            return z ^ (z >> 31)
        }
        s = [splitmix64(), splitmix64(), splitmix64(), splitmix64()]
    }

    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    mutating func next() -> UInt64 {
        let result = Self.rotl(s[1] &* 5, 7) &* 9
        let t = s[1] << 17
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = Self.rotl(s[3], 45)
        return result
    }
}

@Suite("RandomSource")
struct RandomSourceTests {
    @Test("next() is xoshiro256** seeded by SplitMix64", arguments: [0, 1, 42, 0xDEAD_BEEF, UInt64.max])
    func matchesReferenceAlgorithm(_ seed: UInt64) {
        var engine = RandomSource(seed: seed)
        var reference = ReferenceXoshiro(seed: seed)
        for _ in 0..<100 { #expect(engine.next() == reference.next()) }
    }

    @Test("seeding fills the state with SplitMix64's published outputs for seed 0")
    func seedingIsSplitMix64() {
        // The first four outputs of splitmix64.c (prng.di.unimi.it) from state 0, a widely quoted vector.
        let state = RandomSource(seed: 0).state
        #expect(state.0 == 0xE220_A839_7B1D_CDAF)
        #expect(state.1 == 0x6E78_9E6A_A1B9_65F4)
        #expect(state.2 == 0x06C4_5D18_8009_454F)
        #expect(state.3 == 0xF88B_B8A8_724C_81EC)
    }

    @Test("next() gives the reference implementation's outputs from state 1, 2, 3, 4")
    func xoshiroKnownValues() {
        // Produced with xoshiro256starstar.c; published as the reference test of Rust's rand_xoshiro
        // (Xoshiro256StarStar, seeded with the little-endian words 1, 2, 3, 4).
        let published: [UInt64] = [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
                                   607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
                                   10_595_114_339_597_558_777, 2_904_607_092_377_533_576]
        var engine = RandomSource(state: (1, 2, 3, 4))
        #expect(published.map { _ in engine.next() } == published)
    }

    @Test("the same seed gives the same sequences of every kind")
    func sameSeedSameSequence() {
        var a = RandomSource(seed: 2024), b = RandomSource(seed: 2024)
        for _ in 0..<1000 {
            #expect(a.uniform() == b.uniform())
            #expect(a.normal() == b.normal())
            #expect(a.integer(in: 4...6) == b.integer(in: 4...6))
        }
        var c = RandomSource(seed: 7), d = RandomSource(seed: 7)
        #expect(Tensor.randn([3, 4], using: &c).data == Tensor.randn([3, 4], using: &d).data)
    }

    @Test("different seeds give different sequences")
    func differentSeedsDiffer() {
        var seen = Set<[UInt64]>()
        for seed: UInt64 in 0..<50 {
            var rng = RandomSource(seed: seed)
            seen.insert((0..<4).map { _ in rng.next() })
        }
        #expect(seen.count == 50)
        var a = RandomSource(seed: 1), b = RandomSource(seed: 2)
        let first = (0..<10).map { _ in a.normal() }, second = (0..<10).map { _ in b.normal() }
        #expect(zip(first, second).allSatisfy { $0 != $1 })
    }

    @Test("a copy of a RandomSource replays the same stream (it is a value)")
    func copyReplays() {
        var original = RandomSource(seed: 3)
        _ = original.normal()               // leaves a spare normal pending
        var copy = original
        #expect((0..<20).map { _ in original.normal() } == (0..<20).map { _ in copy.normal() })
    }

    @Test("uniform() lies in [0, 1), on the 2⁻⁵³ grid, with mean ½ and variance 1/12")
    func uniformDistribution() {
        var rng = RandomSource(seed: 11)
        let n = 100_000
        let values = (0..<n).map { _ in rng.uniform() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(values.allSatisfy { ($0 * 0x1p53).rounded(.towardZero) == $0 * 0x1p53 })
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        #expect(abs(mean - 0.5) < 0.005)                  // standard error 0.0009
        #expect(abs(variance - 1.0 / 12) < 0.002)         // standard error 0.0002
        // Ten equal bins each get a tenth (±5σ with σ ≈ 95).
        var bins = [Int](repeating: 0, count: 10)
        for v in values { bins[Int(v * 10)] += 1 }
        #expect(bins.allSatisfy { abs($0 - n / 10) < 500 }, "bins \(bins)")
    }

    @Test("uniform(low, high) and Tensor.uniform stay within [low, high)")
    func uniformRange() {
        var rng = RandomSource(seed: 12)
        let values = (0..<10_000).map { _ in rng.uniform(-0.25, 0.75) }
        #expect(values.allSatisfy { $0 >= -0.25 && $0 < 0.75 })
        #expect(values.min()! < -0.24 && values.max()! > 0.74)
        let tensor = Tensor.uniform([50, 20], low: 2, high: 3, using: &rng)
        #expect(tensor.shape == [50, 20])
        #expect(tensor.data.allSatisfy { $0 >= 2 && $0 < 3 })
        #expect(!tensor.requiresGrad)
        #expect(Tensor.uniform([2], using: &rng, requiresGrad: true).requiresGrad)
    }

    @Test("normal() of 100,000 draws has mean 0, variance 1, the normal's tails and shape")
    func normalDistribution() {
        var rng = RandomSource(seed: 13)
        let n = 100_000
        let z = (0..<n).map { _ in rng.normal() }
        let mean = z.reduce(0, +) / Double(n)
        let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        let skewness = z.map { Foundation.pow($0 - mean, 3) }.reduce(0, +) / Double(n) / Foundation.pow(variance, 1.5)
        let kurtosis = z.map { Foundation.pow($0 - mean, 4) }.reduce(0, +) / Double(n) / (variance * variance)
        #expect(abs(mean) < 0.015, "mean \(mean)")                   // standard error 0.0032
        #expect(abs(variance - 1) < 0.02, "variance \(variance)")    // standard error 0.0045
        #expect(abs(skewness) < 0.04, "skewness \(skewness)")        // standard error 0.008
        #expect(abs(kurtosis - 3) < 0.08, "kurtosis \(kurtosis)")    // standard error 0.015
        let withinOne = Double(z.filter { abs($0) < 1 }.count) / Double(n)
        let withinTwo = Double(z.filter { abs($0) < 2 }.count) / Double(n)
        #expect(abs(withinOne - 0.682_689) < 0.008, "P(|z| < 1) = \(withinOne)")
        #expect(abs(withinTwo - 0.954_500) < 0.004, "P(|z| < 2) = \(withinTwo)")
        #expect(z.allSatisfy { $0.isFinite })
    }

    @Test("consecutive normals are uncorrelated (Box–Muller pairs included)")
    func normalPairsUncorrelated() {
        var rng = RandomSource(seed: 14)
        let z = (0..<100_000).map { _ in rng.normal() }
        var evenOdd = 0.0, oddEven = 0.0
        for i in stride(from: 0, to: z.count - 2, by: 2) {
            evenOdd += z[i] * z[i + 1]        // the two values of one Box–Muller pair
            oddEven += z[i + 1] * z[i + 2]    // across pairs
        }
        #expect(abs(evenOdd / 50_000) < 0.02)
        #expect(abs(oddEven / 50_000) < 0.02)
    }

    @Test("integer(in:) covers its range evenly and never leaves it")
    func integers() {
        var rng = RandomSource(seed: 15)
        var counts = [Int: Int]()
        for _ in 0..<30_000 { counts[rng.integer(in: 4...6), default: 0] += 1 }
        #expect(Set(counts.keys) == [4, 5, 6])
        #expect(counts.values.allSatisfy { abs($0 - 10_000) < 400 }, "counts \(counts)")
        #expect((0..<100).allSatisfy { _ in rng.integer(in: 3...3) == 3 })
    }

    @Test("Tensor.randn has the requested shape and flags")
    func randnTensor() {
        var rng = RandomSource(seed: 16)
        let t = Tensor.randn([64, 10], using: &rng)
        #expect(t.shape == [64, 10] && t.count == 640)
        #expect(!t.requiresGrad && t.isLeaf)
        #expect(Set(t.data).count == 640)
        #expect(Tensor.randn([], using: &rng, requiresGrad: true).requiresGrad)
        #expect(Tensor.randn([], using: &rng).shape == [])
    }
}
