/// Tick values for an axis: "nice" multiples of 1, 2 or 5 × 10^k on a linear axis, or powers of ten
/// (every decade, or every 2nd, 5th, 10th… when they are too many) on a logarithmic one.
public struct Ticks: Hashable, Sendable {
    public let values: [Double]
    /// The spacing of linear ticks is m × 10^stepExponent (m ∈ {1, 2, 5}); labels use it to pick
    /// their number of decimals. For decades it is the exponent of each value instead.
    public let stepExponent: Int
    public let logarithmic: Bool

    /// At most `maxCount` (≥ 2) nice values inside `lower...upper`. With `integral`, the spacing is
    /// at least 1 (for step counts).
    public static func linear(from lower: Double, to upper: Double, maxCount: Int, integral: Bool = false) -> Ticks {
        guard lower.isFinite, upper.isFinite, upper > lower else {
            return Ticks(values: lower.isFinite ? [lower] : [], stepExponent: 0, logarithmic: false)
        }
        let raw = (upper - lower) / Double(max(1, maxCount - 1))
        var exponent = Math.decimalExponent(raw)
        let normalized = raw / Math.powerOfTen(exponent)
        let multiplier: Double
        switch normalized {
        case ...1: multiplier = 1
        case ...2: multiplier = 2
        case ...5: multiplier = 5
        default:
            multiplier = 1
            exponent += 1
        }
        var step = multiplier * Math.powerOfTen(exponent)
        if integral && step < 1 {
            step = 1
            exponent = 0
        }
        let first = (lower / step).rounded(.up)
        let last = (upper / step).rounded(.down)
        guard abs(first) < 1e15, abs(last) < 1e15, last >= first else {
            return Ticks(values: [], stepExponent: exponent, logarithmic: false)
        }
        let values = (Int(first)...Int(last)).prefix(maxCount + 1).map { Double($0) * step }
        return Ticks(values: values, stepExponent: exponent, logarithmic: false)
    }

    /// Powers of ten inside `lower...upper` (both positive), at most `maxCount` of them.
    public static func decades(from lower: Double, to upper: Double, maxCount: Int) -> Ticks {
        guard lower > 0, upper >= lower, upper.isFinite else {
            return Ticks(values: [], stepExponent: 0, logarithmic: true)
        }
        let low = Math.decimalExponent(lower) + (Math.powerOfTen(Math.decimalExponent(lower)) < lower ? 1 : 0)
        let high = Math.decimalExponent(upper)
        guard high >= low else { return Ticks(values: [], stepExponent: 0, logarithmic: true) }
        let count = high - low + 1
        var every = 1
        let strides = [1, 2, 5, 10, 20, 50, 100]
        for candidate in strides where (count - 1) / candidate + 1 <= max(1, maxCount) {
            every = candidate
            break
        }
        if (count - 1) / every + 1 > max(1, maxCount) { every = strides.last! }
        var exponents: [Int] = []
        var k = low
        while k % every != 0 { k += 1 }
        while k <= high {
            exponents.append(k)
            k += every
        }
        if exponents.isEmpty { exponents = [low] }
        return Ticks(values: exponents.map(Math.powerOfTen), stepExponent: 0, logarithmic: true)
    }

    /// The label of one of these tick values, at most `maxWidth` characters. Decades read `0.01`,
    /// `1`, `100k`, unless the axis reaches past 10¹² or below 10⁻³: then every decade reads `1e-6`,
    /// `1e0`, `1e20`, so the labels stay alike.
    public func label(_ value: Double, maxWidth: Int) -> String {
        guard logarithmic else { return NumberFormat.tickLabel(value, stepExponent: stepExponent, maxWidth: maxWidth) }
        let exponent = Math.decimalExponent(value)
        if let low = values.first, let high = values.last,
           Math.decimalExponent(high) > 12 || Math.decimalExponent(low) < -3 {
            return String("1e\(exponent)".prefix(maxWidth))
        }
        return NumberFormat.tickLabel(value, stepExponent: exponent, maxWidth: maxWidth)
    }
}
