/// Checks table headers before the TOML library sees the text.
///
/// toml++ (inside TOMLKit) aborts the process on a header whose name starts with a character that
/// cannot begin a key (`[}`, `[é]`, `[=training]`, a lone `[`). This scan walks the text the way
/// TOML reads it (strings, comments, brackets of values) and reports such a header as an error
/// instead, so no input can crash tinylab.
enum TOMLPreflight {
    /// The 1-based line and column of the first bad header, with a message, or nil.
    static func badHeader(in text: String) -> (line: Int, column: Int, message: String)? {
        let characters = Array(text.unicodeScalars)
        var i = 0, line = 1, lineStart = 0, depth = 0
        var atLineStart = true
        func isKeyStart(_ c: Unicode.Scalar) -> Bool {
            ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c)
                || c == "_" || c == "-" || c == "\"" || c == "'"
        }
        func skipString(_ quote: Unicode.Scalar) {
            let triple = i + 2 < characters.count && characters[i + 1] == quote && characters[i + 2] == quote
            i += triple ? 3 : 1
            while i < characters.count {
                let c = characters[i]
                if c == "\\" && quote == "\"" { i += 2; continue }
                if c == "\n" {
                    if !triple { return }
                    line += 1
                    lineStart = i + 1
                }
                if c == quote {
                    if !triple { i += 1; return }
                    if i + 2 < characters.count && characters[i + 1] == quote && characters[i + 2] == quote {
                        i += 3
                        while i < characters.count && characters[i] == quote { i += 1 }
                        return
                    }
                }
                i += 1
            }
        }
        while i < characters.count {
            let c = characters[i]
            if c == "\n" {
                line += 1
                lineStart = i + 1
                atLineStart = true
                i += 1
                continue
            }
            if c == " " || c == "\t" || c == "\r" || c == "\u{FEFF}" { i += 1; continue }
            if c == "#" {
                while i < characters.count && characters[i] != "\n" { i += 1 }
                continue
            }
            if atLineStart && depth == 0 && c == "[" {
                var j = i + 1
                if j < characters.count && characters[j] == "[" { j += 1 }
                while j < characters.count && (characters[j] == " " || characters[j] == "\t") { j += 1 }
                if j >= characters.count || !isKeyStart(characters[j]) {
                    return (line, j - lineStart + 1, "a table header must start with a name, e.g. [training]")
                }
                while i < characters.count && characters[i] != "\n" && characters[i] != "#" {
                    if characters[i] == "\"" || characters[i] == "'" { skipString(characters[i]) } else { i += 1 }
                }
                atLineStart = false
                continue
            }
            atLineStart = false
            switch c {
            case "\"", "'": skipString(c)
            case "[", "{": depth += 1; i += 1
            case "]", "}": depth = max(0, depth - 1); i += 1
            default: i += 1
            }
        }
        return nil
    }
}
