/// Text shaping for cells: ASCII folding for non-UTF-8 terminals and truncation to a width.
/// Every character is taken to be one cell wide.
enum Text {
    /// `text` as the terminal can show it: unchanged in Unicode mode; otherwise with common symbols
    /// spelled in ASCII (`²` → `^2`, `·` → `-`, `→` → `->`) and anything else as `?`.
    static func displayable(_ text: String, unicode: Bool) -> String {
        if unicode || text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else {
                result += asciiSpellings[scalar] ?? "?"
            }
        }
        return result
    }

    /// `text` cut to at most `width` characters, ending in an ellipsis when cut.
    static func truncated(_ text: String, to width: Int, unicode: Bool) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        let ellipsis = unicode ? "…" : "~"
        return String(text.prefix(width - 1)) + ellipsis
    }

    private static let asciiSpellings: [Unicode.Scalar: String] = [
        "·": "-", "•": "*", "−": "-", "–": "-", "—": "--", "×": "x", "÷": "/",
        "²": "^2", "³": "^3", "⁴": "^4", "⁵": "^5", "⁶": "^6", "¹": "^1", "⁰": "^0",
        "→": "->", "←": "<-", "↑": "^", "↓": "v", "…": "...", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~",
        "π": "pi", "θ": "theta", "σ": "sigma", "ε": "eps", "λ": "lambda", "α": "alpha", "β": "beta",
        "∇": "grad", "∂": "d", "‘": "'", "’": "'", "“": "\"", "”": "\"", "\u{00A0}": " ",
    ]
}
