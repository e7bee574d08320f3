/// Compact, allocation-light number formatting for labels and the status line (no Foundation).
public enum NumberFormat {
    /// `value` with exactly `decimals` digits after the point, e.g. `fixed(-0.5, decimals: 2)` is `-0.50`.
    /// Falls back to scientific notation when the value is too large for fixed digits.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        if let special = nonFinite(value) { return special }
        let d = max(0, min(decimals, 17))
        let scaled = (abs(value) * Math.powerOfTen(d)).rounded()
        guard scaled < 9e15 else { return scientific(value, significantDigits: 4) }
        var digits = String(Int(scaled))
        if d > 0 {
            if digits.count <= d { digits = String(repeating: "0", count: d + 1 - digits.count) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
        }
        return value < 0 && scaled != 0 ? "-" + digits : digits
    }

    /// Scientific notation with at most `significantDigits` digits and no trailing zeros:
    /// `1e-6`, `2.5e-3`, `1.28e-4`, `3e0`. Zero is `0`.
    public static func scientific(_ value: Double, significantDigits: Int = 3) -> String {
        exponential(value, mantissaDecimals: max(0, significantDigits - 1), keepZeros: false)
    }

    /// A learning rate as people write it: plain decimals from 1e-4 up to 1e4 (`0.32`, `0.01`,
    /// `0.0001`, `2.5`), scientific notation outside (`1e-6`, `2.5e-5`, `3e4`); at most 3
    /// significant digits, no trailing zeros.
    public static func learningRate(_ value: Double) -> String {
        if let special = nonFinite(value) { return special }
        if value == 0 { return "0" }
        let a = abs(value)
        // Judge the range after rounding to 3 digits, so 9.9996e-5 (shown as 1e-4) reads 0.0001.
        let rounded = Double(scientific(a))!
        guard rounded >= 1e-4, rounded < 1e4 else { return scientific(value) }
        let decimals = max(0, 2 - Math.decimalExponent(rounded))
        return strippingZeros(fixed(value, decimals: decimals))
    }

    /// `value` to `digits` significant digits, in fixed notation for 0.001 ≤ |value| < 10⁶ and
    /// scientific otherwise: `9.523`, `260.0`, `1.234e-5`. Integer digits are never rounded away,
    /// so a number with more of them than `digits` shows them all: `18578.4` to 4 digits is `18578`
    /// (not `18580` or `1.858e4`). With `keepTrailingZeros` false, `0.8600` becomes `0.86`.
    public static func significant(_ value: Double, digits: Int, keepTrailingZeros: Bool = true) -> String {
        if let special = nonFinite(value) { return special }
        if value == 0 { return keepTrailingZeros && digits > 1 ? fixed(0, decimals: digits - 1) : "0" }
        let a = abs(value)
        guard a >= 1e-3, a < 1e6 else {
            return exponential(value, mantissaDecimals: max(0, digits - 1), keepZeros: keepTrailingZeros)
        }
        var decimals = max(0, digits - 1 - Math.decimalExponent(a))
        // Rounding may carry into a new digit (9.9996 → 10.000): drop one decimal then.
        if decimals > 0, (a * Math.powerOfTen(decimals)).rounded() >= Math.powerOfTen(digits) { decimals -= 1 }
        let text = fixed(value, decimals: decimals)
        return keepTrailingZeros ? text : strippingZeros(text)
    }

    /// A tick label for `value`, a multiple of a tick spacing `m × 10^stepExponent`: as many decimals
    /// as the spacing needs, scientific notation from 10⁴ on and below 0.001 (`2e5`, `-1.5e23`,
    /// `1e-6`), and never more than `maxWidth` characters.
    public static func tickLabel(_ value: Double, stepExponent: Int, maxWidth: Int) -> String {
        if let special = nonFinite(value) { return special }
        if value == 0 { return "0" }
        let a = abs(value)
        let e = Math.decimalExponent(a)
        var label: String
        if a >= 1e4 || a < 1e-3 {
            label = exponential(value, mantissaDecimals: max(0, e - stepExponent), keepZeros: false)
        } else {
            label = strippingZeros(fixed(value, decimals: max(0, -stepExponent)))
        }
        var mantissaDecimals = max(0, e - stepExponent)
        while label.count > maxWidth && mantissaDecimals >= 0 {
            label = exponential(value, mantissaDecimals: mantissaDecimals, keepZeros: false)
            mantissaDecimals -= 1
        }
        return label.count > maxWidth ? String(label.prefix(max(0, maxWidth))) : label
    }

    static func strippingZeros(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: ".")) else { return text }
        var result = Substring(text)
        while result.last == "0" { result.removeLast() }
        if result.last == "." { result.removeLast() }
        return String(result)
    }

    private static func nonFinite(_ value: Double) -> String? {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return nil
    }

    private static func exponential(_ value: Double, mantissaDecimals: Int, keepZeros: Bool) -> String {
        if let special = nonFinite(value) { return special }
        if value == 0 { return "0" }
        let d = min(mantissaDecimals, 15)
        var e = Math.decimalExponent(value)
        var mantissa = (abs(value) / Math.powerOfTen(e) * Math.powerOfTen(d)).rounded()
        if mantissa >= Math.powerOfTen(d + 1) {
            e += 1
            mantissa = (abs(value) / Math.powerOfTen(e) * Math.powerOfTen(d)).rounded()
        }
        var text = fixed(mantissa / Math.powerOfTen(d), decimals: d)
        if !keepZeros { text = strippingZeros(text) }
        return (value < 0 ? "-" : "") + text + "e" + String(e)
    }
}
