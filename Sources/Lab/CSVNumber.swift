import Foundation

/// The number a CSV cell holds: decimal notation (`-1.5`, `.5`, `2.`, `3e-7`, `+4E+2`) with
/// optional spaces around it, `inf`, `infinity` and `nan` in any case (returned as such, for the
/// caller to refuse as not finite); nil for anything else (hex, `1,5`, `12abc`, an empty cell).
/// The value is the correctly rounded double, the same that `Double(String)` gives.
enum CSVNumber {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return nil }
        var i = start
        var negative = false
        if bytes[i] == 0x2B || bytes[i] == 0x2D {
            negative = bytes[i] == 0x2D
            i += 1
        }
        if i < end, bytes[i] | 0x20 == 0x69 || bytes[i] | 0x20 == 0x6E {
            return special(bytes, from: i, to: end, negative: negative)
        }
        // Significant digits (up to 19 kept exactly in `mantissa`), and the power of ten they are scaled by.
        var mantissa: UInt64 = 0
        var digits = 0, dropped = 0, scale = 0
        var sawDigit = false
        // One run of digits: past the 19th, an integer digit scales by ten and a fraction digit is dropped.
        func readDigits(inFraction: Bool) {
            while i < end, bytes[i] &- 0x30 < 10 {
                sawDigit = true
                let digit = UInt64(bytes[i] &- 0x30)
                if digits < 19 {
                    if mantissa != 0 || digit != 0 {
                        mantissa = mantissa &* 10 &+ digit
                        digits += 1
                    }
                    if inFraction { scale -= 1 }
                } else {
                    dropped += 1
                    if !inFraction { scale += 1 }
                }
                i += 1
            }
        }
        readDigits(inFraction: false)
        if i < end, bytes[i] == 0x2E {
            i += 1
            readDigits(inFraction: true)
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if i < end, bytes[i] | 0x20 == 0x65 {
            i += 1
            var exponentNegative = false
            if i < end, bytes[i] == 0x2B || bytes[i] == 0x2D {
                exponentNegative = bytes[i] == 0x2D
                i += 1
            }
            guard i < end, bytes[i] &- 0x30 < 10 else { return nil }
            while i < end, bytes[i] &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- 0x30) }
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard i == end else { return nil }
        // Clinger's fast path: both the digits and the power of ten are exact doubles, so one
        // multiplication or division rounds correctly.
        let power = scale + exponent
        if dropped == 0, digits <= 15, abs(power) <= 22 {
            let value = power >= 0 ? Double(mantissa) * exactPowers[power] : Double(mantissa) / exactPowers[-power]
            return negative ? -value : value
        }
        // Otherwise the C library's correctly rounded conversion of the same text (the syntax is
        // checked above, so it reads all of it unless the locale's decimal point is not `.`).
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: end - start + 1) { text -> Double? in
            for k in start..<end { text[k - start] = CChar(bitPattern: bytes[k]) }
            text[end - start] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(text.baseAddress!, &stop)
            if stop == text.baseAddress! + (end - start) { return value }
            return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        }
    }

    private static let exactPowers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { value, _ in value * 10 } }

    /// `inf`, `infinity` or `nan` (any case) from `start`; nil for other words.
    private static func special(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, negative: Bool) -> Double? {
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased()
        switch word {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: return nil
        }
    }
}
