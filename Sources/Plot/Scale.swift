/// Maps an interval of data values onto a row or column of dots, linearly or by decades.
///
/// A value's dot is `round((v − lower)·(dots − 1)/(upper − lower))` (of log10 values on a
/// logarithmic scale, where values ≤ 0 are clamped to `lower`, the smallest value shown; of
/// sign(v)·log10(1 + |v|/c) on a symmetric logarithmic one).
public struct Scale: Hashable, Sendable {
    public let lower: Double
    public let upper: Double
    public let logarithmic: Bool
    /// A symmetric logarithmic scale ("symlog") for values of both signs spanning many decades:
    /// nearly linear within ±c, by decades beyond. Nil for linear and logarithmic scales.
    public let linearThreshold: Double?

    /// Whether values map onto dots by a straight line (neither logarithmic kind).
    public var isLinear: Bool { !logarithmic && linearThreshold == nil }

    /// A linear scale. Reversed bounds are swapped and an empty interval is widened around its
    /// value, so the scale always has a positive length; a length past the largest Double is
    /// narrowed to ±greatestFiniteMagnitude/2, so that it stays a number.
    public init(_ lower: Double, _ upper: Double) {
        var lo = lower.isFinite ? lower : 0
        var hi = upper.isFinite ? upper : lo + 1
        if hi < lo { swap(&lo, &hi) }
        if hi - lo <= max(abs(lo), abs(hi)) * 1e-12 {
            let half = lo == 0 ? 0.5 : abs(lo) * 0.1
            lo -= half
            hi += half
        }
        let largest = Double.greatestFiniteMagnitude
        lo = max(lo, -largest)
        hi = min(hi, largest)
        if !(hi - lo).isFinite {
            lo = max(lo, -largest / 2)
            hi = min(hi, largest / 2)
        }
        self.lower = lo
        self.upper = hi
        self.logarithmic = false
        self.linearThreshold = nil
    }

    /// A symmetric logarithmic scale from −10^k ≤ `lower` to 10^j ≥ `upper` (whole decades
    /// outside ±`threshold`), linear-like within ±`threshold`.
    public init(symmetricLogCovering lower: Double, _ upper: Double, threshold: Double) {
        let c = threshold > 0 && threshold.isFinite ? threshold : 1
        func outward(_ v: Double) -> Double {
            let magnitude = abs(v)
            guard magnitude > c, magnitude.isFinite else { return v < 0 ? -c : c }
            var exponent = Math.decimalExponent(magnitude)
            if Math.powerOfTen(exponent) < magnitude { exponent += 1 }
            return (v < 0 ? -1 : 1) * min(Math.powerOfTen(exponent), Double.greatestFiniteMagnitude)
        }
        let lo = lower.isFinite ? min(lower, 0) : -c, hi = upper.isFinite ? max(upper, 0) : c
        self.lower = lo < 0 ? outward(lo) : 0
        self.upper = hi > 0 ? outward(hi) : c
        self.logarithmic = false
        self.linearThreshold = c
    }

    /// A logarithmic scale over whole decades covering `lower...upper` (at least one decade).
    public init(decadesCovering lower: Double, _ upper: Double) {
        let lo = lower > 0 && lower.isFinite ? lower : 1
        let hi = upper > 0 && upper.isFinite ? max(upper, lo) : lo
        let low = Math.decimalExponent(lo)
        var high = Math.decimalExponent(hi)
        if Math.powerOfTen(high) < hi { high += 1 }
        if high <= low { high = low + 1 }
        self.lower = Math.powerOfTen(low)
        self.upper = Math.powerOfTen(high)
        self.logarithmic = true
        self.linearThreshold = nil
    }

    /// A linear scale over the finite values of `arrays`, widened by `padding` × its length on
    /// each side; `fallback` when there is no finite value.
    public static func covering(_ arrays: [Double]..., padding: Double = 0, fallback: (Double, Double) = (0, 1)) -> Scale {
        var lo = Double.infinity
        var hi = -Double.infinity
        for array in arrays {
            for v in array where v.isFinite {
                lo = min(lo, v)
                hi = max(hi, v)
            }
        }
        guard lo <= hi else { return Scale(fallback.0, fallback.1) }
        var pad = (hi - lo) * padding
        if !pad.isFinite { pad = hi * padding - lo * padding }
        let largest = Double.greatestFiniteMagnitude
        return Scale(max(lo - pad, -largest), min(hi + pad, largest))
    }

    /// Where `value` falls, 0 at `lower` and 1 at `upper` (NaN stays NaN).
    @inline(__always)
    public func fraction(_ value: Double) -> Double {
        if let c = linearThreshold {
            func t(_ v: Double) -> Double { v >= 0 ? Math.decimalLog(1 + v / c) : -Math.decimalLog(1 - v / c) }
            return (t(value) - t(lower)) / (t(upper) - t(lower))
        }
        if logarithmic {
            let v = value > 0 ? value : lower
            return (Math.decimalLog(v) - Math.decimalLog(lower)) / (Math.decimalLog(upper) - Math.decimalLog(lower))
        }
        return (value - lower) / (upper - lower)
    }
}

/// The data window a canvas shows: `x` across, `y` up.
public struct Viewport: Hashable, Sendable {
    public var x: Scale
    public var y: Scale

    public init(x: Scale, y: Scale) {
        self.x = x
        self.y = y
    }
}

/// A point in data coordinates.
public struct DataPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
