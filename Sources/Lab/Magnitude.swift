import Foundation

/// Magnitudes for messages, to three significant digits: `8.55`, `-1.53`, `1.04e14`, `1e-5`
/// (`%g`, without the exponent's `+` and leading zeros).
enum Magnitude {
    static func short(_ value: Double) -> String {
        let text = String(format: "%.3g", value)
        guard let e = text.firstIndex(of: "e") else { return text }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return "\(text[..<e])e\(exponent)"
    }
}
