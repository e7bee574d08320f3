/// A seeded, portable random number generator: the same seed gives the same numbers on every
/// machine and every run.
///
/// Bits come from xoshiro256** seeded through SplitMix64. `uniform()` uses the top 53 bits of a
/// draw, so values are multiples of 2⁻⁵³ in [0, 1). `normal()` uses the Box–Muller transform on two
/// uniforms and returns both values of a pair before drawing again.
public struct RandomSource: RandomNumberGenerator, Sendable {
    /// xoshiro256**'s four words of state.
    @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var mix = seed
        func splitMix() -> UInt64 {
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// A generator started from the given xoshiro256** state words (not all zero), as the
    /// reference C code takes them.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        self.state = state
    }

    /// The four xoshiro256** state words, which `init?(stateWords:)` takes back: the stream goes on
    /// from here (a pending second normal value of `normal()` is not part of them).
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// A generator that goes on from `stateWords` (four words, not all zero), or nil.
    public init?(stateWords words: [UInt64]) {
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        state = (words[0], words[1], words[2], words[3])
    }

    /// Inlinable: a shuffle draws once a row, and a call into the module would cost as much as the draw.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    @inlinable
    func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform value in [0, 1).
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform value in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A standard-normal value (Box–Muller).
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = 1 - uniform()
        let u2 = uniform()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }

    /// A uniform integer in `range`.
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }
}

import Foundation
