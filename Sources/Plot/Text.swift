/// Text shaping for cells: ASCII folding for non-UTF-8 terminals, truncation to a width and
/// wrapping into lines.
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

    /// What `wrapped` does with a word longer than a line.
    enum LongWords: Sendable {
        /// Kept whole, on a line longer than the width (the panel's edge cuts it).
        case kept
        /// Cut at the width; the rest of the word is dropped.
        case cut
        /// Broken into lines of `width` characters; the last piece goes on as a word.
        case broken
    }

    /// `text` broken at spaces into lines of at most `width` characters, filled greedily: a text
    /// that fits is one line as it is; otherwise words are joined by the spaces between them and
    /// every line after the first starts with `indent`. Empty text, or a width below 1, gives no
    /// lines. Only spaces break a line: pass text through `singleSpaced` to break at newlines too.
    static func wrapped(_ text: String, width: Int, longWords: LongWords = .kept, indent: String = "") -> [String] {
        guard width > 0, !text.isEmpty else { return [] }
        guard text.count > width else { return [text] }
        var lines: [String] = [], line = ""
        for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(piece)
            if longWords == .broken {
                while word.count > width {
                    if !line.isEmpty { lines.append(line); line = "" }
                    lines.append(String(word.prefix(width)))
                    word = String(word.dropFirst(width))
                }
            }
            if line.allSatisfy({ $0 == " " }) {
                line = line.isEmpty ? word : line + " " + word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = indent + word
            }
            if longWords == .cut, line.count > width { line = String(line.prefix(width)) }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// `text` with every run of whitespace (newlines included) as one space, and none at the ends.
    static func singleSpaced(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static let asciiSpellings: [Unicode.Scalar: String] = [
        "·": "-", "•": "*", "−": "-", "–": "-", "—": "--", "×": "x", "÷": "/",
        "²": "^2", "³": "^3", "⁴": "^4", "⁵": "^5", "⁶": "^6", "¹": "^1", "⁰": "^0",
        "→": "->", "←": "<-", "↑": "^", "↓": "v", "…": "...", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~",
        "π": "pi", "θ": "theta", "σ": "sigma", "ε": "eps", "λ": "lambda", "α": "alpha", "β": "beta",
        "∇": "grad", "∂": "d", "‘": "'", "’": "'", "“": "\"", "”": "\"", "\u{00A0}": " ",
    ]
}
