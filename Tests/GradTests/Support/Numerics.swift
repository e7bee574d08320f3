import Foundation
import Testing

/// A tiny SplitMix64 generator owned by the tests, so test data does not depend on the engine's
/// own `RandomSource` (which has tests of its own).
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * (Double(next() >> 11) * 0x1p-53)
    }

    /// A value whose magnitude lies in [low, high), with a random sign.
    mutating func signed(magnitude low: Double, _ high: Double) -> Double {
        let magnitude = uniform(low, high)
        return next() & 1 == 0 ? magnitude : -magnitude
    }

    mutating func values(_ count: Int, _ low: Double, _ high: Double) -> [Double] {
        (0..<count).map { _ in uniform(low, high) }
    }
}

/// `|actual − expected| ≤ relative · max(scale, |expected|)`.
func isClose(_ actual: Double, _ expected: Double, relative: Double, scale: Double = 1) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= relative * max(scale, abs(expected))
}

/// Expects two arrays to agree element by element within a relative tolerance
/// (`scale` is the floor of the magnitude the tolerance is relative to).
func expectClose(_ actual: [Double], _ expected: [Double], relative: Double, scale: Double = 1,
                 _ what: @autoclosure () -> String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what()): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    guard actual.count == expected.count else { return }
    var worst = 0, worstError = -1.0
    for i in actual.indices {
        let error = abs(actual[i] - expected[i]) / max(scale, abs(expected[i]))
        if !(error <= worstError) { worst = i; worstError = error }
    }
    guard !actual.isEmpty else { return }
    #expect(isClose(actual[worst], expected[worst], relative: relative, scale: scale),
            "\(what()): element \(worst) is \(actual[worst]), expected \(expected[worst]) (relative error \(worstError), allowed \(relative))",
            sourceLocation: sourceLocation)
}

/// Expects one value close to another within a relative tolerance.
func expectClose(_ actual: Double, _ expected: Double, relative: Double, scale: Double = 1,
                 _ what: @autoclosure () -> String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(isClose(actual, expected, relative: relative, scale: scale),
            "\(what()): \(actual), expected \(expected) (relative error \(abs(actual - expected) / max(scale, abs(expected))), allowed \(relative))",
            sourceLocation: sourceLocation)
}

/// Central differences of a scalar function of many variables:
/// ∂f/∂xᵢ ≈ (f(x + hᵢeᵢ) − f(x − hᵢeᵢ)) / 2hᵢ with hᵢ = h·max(1, |xᵢ|).
func centralDifferences(at point: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    var x = point
    return point.indices.map { i in
        let step = h * max(1, abs(point[i]))
        x[i] = point[i] + step
        let up = f(x)
        x[i] = point[i] - step
        let down = f(x)
        x[i] = point[i]
        return (up - down) / (2 * step)
    }
}

/// Plain sequential dot product.
func dot(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var total = 0.0
    for i in a.indices { total += a[i] * b[i] }
    return total
}

