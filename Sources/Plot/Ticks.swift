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
        let intervals = Double(max(1, maxCount - 1))
        let raw = upper / intervals - lower / intervals
        guard raw.isFinite, raw > 0 else { return Ticks(values: [], stepExponent: 0, logarithmic: false) }
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

    /// Linear ticks whose labels, at most `maxWidth` characters, are all different and each reads
    /// as its own value (to within half the spacing): as many as `linear(from:to:maxCount:)` gives,
    /// fewer when labels would repeat or say something else, down to the roundest single value in
    /// the range (the multiple of the largest power of ten inside it), or none.
    public static func linear(from lower: Double, to upper: Double, maxCount: Int, integral: Bool = false,
                              maxWidth: Int) -> Ticks {
        var count = max(2, maxCount)
        while count >= 2 {
            let ticks = linear(from: lower, to: upper, maxCount: count, integral: integral)
            if !ticks.values.isEmpty, ticks.labelsAreFaithful(maxWidth: maxWidth) { return ticks }
            count -= 1
        }
        if let single = roundest(from: lower, to: upper), single.labelsAreFaithful(maxWidth: maxWidth) { return single }
        return Ticks(values: [], stepExponent: 0, logarithmic: false)
    }

    /// The one value of `lower...upper` that is a multiple of the largest possible power of ten.
    static func roundest(from lower: Double, to upper: Double) -> Ticks? {
        guard lower.isFinite, upper.isFinite, upper >= lower else { return nil }
        if lower <= 0 && upper >= 0 { return Ticks(values: [0], stepExponent: 0, logarithmic: false) }
        let magnitude = max(abs(lower), abs(upper))
        var exponent = Math.decimalExponent(magnitude) + 1
        while exponent > -330 {
            let step = Math.powerOfTen(exponent)
            let value = (lower / step).rounded(.up) * step
            if step > 0, value >= lower, value <= upper, value.isFinite {
                return Ticks(values: [value], stepExponent: exponent, logarithmic: false)
            }
            exponent -= 1
        }
        return nil
    }

    /// Powers of ten inside `lower...upper` (both positive), at most `maxCount` of them, leaving out
    /// any whose label would not fit in `maxWidth` characters.
    public static func decades(from lower: Double, to upper: Double, maxCount: Int, maxWidth: Int) -> Ticks {
        let all = decades(from: lower, to: upper, maxCount: maxCount)
        let fitting = all.values.filter { all.label($0, maxWidth: .max).count <= maxWidth }
        return Ticks(values: fitting, stepExponent: all.stepExponent, logarithmic: true)
    }

    /// Whether every label at `maxWidth` reads back as its tick value, to within half the distance
    /// to the nearest other tick (half the spacing `10^stepExponent` for a lone linear tick; a
    /// factor of √10 for decades), so no two labels are alike.
    public func labelsAreFaithful(maxWidth: Int) -> Bool {
        var seen = Set<String>()
        for (index, value) in values.enumerated() {
            let label = self.label(value, maxWidth: maxWidth)
            guard seen.insert(label).inserted, let read = Double(label) else { return false }
            if logarithmic {
                guard read > 0, abs(Math.decimalLog(read) - Math.decimalLog(value)) < 0.5 else { return false }
                continue
            }
            var gap = values.count == 1 ? Math.powerOfTen(stepExponent) : Double.infinity
            if index > 0 { gap = min(gap, value - values[index - 1]) }
            if index + 1 < values.count { gap = min(gap, values[index + 1] - value) }
            guard abs(read - value) < gap / 2 else { return false }
        }
        return true
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

    /// Ticks of a symmetric logarithmic scale: 0 and the decades ±c·10^k inside it, every decade or
    /// every 2nd, 5th… on each side so that at most `maxCount` are left.
    public static func symmetricDecades(_ scale: Scale, maxCount: Int, maxWidth: Int) -> Ticks {
        guard let c = scale.linearThreshold else { return decades(from: scale.lower, to: scale.upper, maxCount: maxCount, maxWidth: maxWidth) }
        let negative = scale.lower < 0 ? decades(from: c, to: -scale.lower, maxCount: max(1, maxCount / 3)).values : []
        let positive = scale.upper > 0 ? decades(from: c, to: scale.upper, maxCount: max(1, maxCount - negative.count - 1)).values : []
        let values = negative.reversed().map { -$0 } + [0] + positive
        let ticks = Ticks(values: values, stepExponent: 0, logarithmic: true)
        return Ticks(values: values.filter { ticks.label($0, maxWidth: .max).count <= maxWidth }, stepExponent: 0, logarithmic: true)
    }

    /// The label of one of these tick values, at most `maxWidth` characters. Decades read `0.01`,
    /// `1`, `1000`, unless the axis reaches 10⁴ or below 10⁻³: then every decade reads `1e-6`,
    /// `1e0`, `1e20`, so the labels stay alike.
    public func label(_ value: Double, maxWidth: Int) -> String {
        guard logarithmic else { return NumberFormat.tickLabel(value, stepExponent: stepExponent, maxWidth: maxWidth) }
        if value == 0 { return "0" }
        if value < 0 { return String(("-" + label(-value, maxWidth: max(0, maxWidth - 1)))) }
        let exponent = Math.decimalExponent(value)
        let magnitudes = values.filter { $0 != 0 }.map(abs)
        if let low = magnitudes.min(), let high = magnitudes.max(),
           Math.decimalExponent(high) >= 4 || Math.decimalExponent(low) < -3 {
            return String("1e\(exponent)".prefix(maxWidth))
        }
        return NumberFormat.tickLabel(value, stepExponent: exponent, maxWidth: maxWidth)
    }
}
