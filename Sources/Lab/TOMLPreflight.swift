/// A validator for the subset of TOML that scene files use; toml++ (inside TOMLKit) only ever sees
/// text this validator accepted.
///
/// Why a validator and not the parser's own error handling: toml++ checks its internal invariants
/// with `TOML_ASSERT` / `TOML_ASSERT_ASSUME` (toml.hpp, about 90 sites). SwiftPM compiles C++
/// dependencies without `NDEBUG`, so those are `assert()`s and abort the process (`a=[}`,
/// `a=[1,2,}`, `a={b=[}}`, `a=1979-05-27T:`, `[é]`). We cannot set a dependency's compiler flags, and
/// `NDEBUG` would not help anyway: it turns `TOML_ASSERT_ASSUME` into `__builtin_assume`, so the same
/// inputs become undefined behaviour instead of an abort. The parser-side sites fall in two groups:
/// - dispatch preconditions (`parse_array` expects `[`, `parse_boolean` expects `t`/`f`,
///   `parse_inf_or_nan` expects `i`/`n`/sign, the date/time parsers expect digits in place, …). They
///   hold whenever the text is well-formed, because toml++ then dispatches on the same lead
///   character the grammar does; they fail on malformed values, where its error paths let a
///   partly consumed value reach the next parse step.
/// - bookkeeping of keys and arrays of tables (`key_buffer` sizes, `arr->back().is_table()`),
///   which hold for well-formed keys and which this subset avoids (no `[[…]]`).
/// So the fix is to hand toml++ only well-formed text, and to make "well-formed" easy to decide:
/// a small grammar with no dates or times (where toml++'s lookahead is most intricate), decimal
/// numbers only, no empty keys, and one-line inline tables. The scan is a straightforward
/// recursive descent over that grammar, with nesting of arrays and inline tables limited to
/// `maximumNesting`, and it checks every character, so anything it accepts is TOML 1.0 that
/// toml++ parses without reaching an assertion (semantic errors such as a key defined twice
/// remain toml++'s to report, which it does by throwing). `fuzz/run` exercises exactly this claim.
///
/// Grammar accepted (TOML 1.0 names; `ws` is spaces and tabs, newlines are `\n` or `\r\n`):
///
///     document     = { ws [ header | keyval ] ws [ comment ] newline }
///     header       = "[" ws key ws "]"                     (no arrays of tables "[[…]]" …)
///                  | "[[" ws name ws "]]"                  (… except in lesson files: `[[cue]]`)
///     keyval       = key ws "=" ws value
///     key          = simple-key { ws "." ws simple-key }
///     simple-key   = bare-key | basic-string | literal-string   (not empty)
///     value        = string | boolean | integer | float | array | inline-table
///     array        = "[" { ws/newline/comment } [ value { sep "," sep value } [ sep "," ] ] sep "]"
///     inline-table = "{" ws [ keyval { ws "," ws keyval } ] ws "}"   (on one line)
///     integer      = [+-] ( "0" | [1-9] { [_] digit } )       (decimal, within Int64)
///     float        = integer-part ( fraction [ exponent ] | exponent ) | [+-] ( "inf" | "nan" )
///
/// It also records where each key is defined (`positions`), so errors found after parsing can
/// name a line and column.
///
/// Lesson files need a list of tables (`[[cue]]`). The subset lets in exactly the form whose
/// bookkeeping in toml++ cannot go wrong: a header of one bare name from `arraysOfTables`, written
/// only as `[[name]]` — never as a key, a `[name]` header or a dotted part (`[name.x]`,
/// `name.x = 1`) anywhere in the file — so every such header appends a fresh table to an array of
/// tables and nothing else names it. Keys of the n-th table (from 0) are recorded under
/// `[name, "n", key]`.
enum TOMLPreflight {
    /// Arrays and inline tables nested deeper than this are refused (scene files use two levels).
    static let maximumNesting = 16

    /// Checks `text`; on success returns where each key path is first written (1-based line and column).
    static func validate(_ text: String, arraysOfTables: Set<String> = []) throws(TOMLSyntaxError) -> [[String]: SourcePosition] {
        var scanner = SubsetScanner(text)
        scanner.arraysOfTables = arraysOfTables
        try scanner.document()
        return scanner.positions
    }
}

/// A 1-based line and column (in Unicode scalars).
struct SourcePosition: Equatable {
    let line: Int
    let column: Int
}

/// Text outside the scene-file subset of TOML, located.
struct TOMLSyntaxError: Error, Equatable {
    let line: Int
    let column: Int
    let message: String
}

private struct SubsetScanner {
    let s: [Unicode.Scalar]
    var i = 0
    var line = 1
    var lineStart = 0
    var table: [String] = []
    var positions: [[String]: SourcePosition] = [:]
    /// The names that may (only) be `[[name]]` headers, and how many of each were seen.
    var arraysOfTables: Set<String> = []
    var arrayCounts: [String: Int] = [:]

    init(_ text: String) {
        s = Array(text.unicodeScalars)
    }

    var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }
    var position: SourcePosition { SourcePosition(line: line, column: i - lineStart + 1) }

    func fail(_ message: String) -> TOMLSyntaxError {
        TOMLSyntaxError(line: line, column: i - lineStart + 1, message: message)
    }

    func describe(_ c: Unicode.Scalar?) -> String {
        guard let c else { return "the end of the file" }
        if c == "\n" || c == "\r" { return "the end of the line" }
        if c.properties.generalCategory == .control { return "control character U+" + hex(c.value) }
        return "'\(Character(c))'"
    }

    func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func isBare(_ c: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    /// Control characters TOML forbids in comments and strings (tab is allowed).
    static func isForbiddenControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }

    mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" { i += 1 }
    }

    mutating func newline() throws(TOMLSyntaxError) {
        if peek == "\r" {
            guard i + 1 < s.count, s[i + 1] == "\n" else { throw fail("a carriage return must be followed by a newline") }
            i += 1
        }
        i += 1
        line += 1
        lineStart = i
    }

    mutating func comment() throws(TOMLSyntaxError) {
        i += 1
        while let c = peek, c != "\n" {
            if c == "\r", i + 1 < s.count, s[i + 1] == "\n" { return }
            if Self.isForbiddenControl(c) { throw fail("\(describe(c)) in a comment; remove it") }
            i += 1
        }
    }

    /// After a header or key/value: spaces, an optional comment, then a newline or the end.
    mutating func endOfLine(after what: String) throws(TOMLSyntaxError) {
        skipSpaces()
        if peek == "#" { try comment() }
        guard let c = peek else { return }
        guard c == "\n" || c == "\r" else {
            throw fail("expected the end of the line after \(what), found \(describe(c)) (one key = value per line)")
        }
    }

    mutating func document() throws(TOMLSyntaxError) {
        if peek == "\u{FEFF}" { i += 1; lineStart = 1 }
        while let c = peek {
            switch c {
            case " ", "\t": skipSpaces()
            case "#": try comment()
            case "\n", "\r": try newline()
            case "[":
                try header()
                try endOfLine(after: "the table header")
            default:
                try keyValue(base: table, depth: 0)
                try endOfLine(after: "the value")
            }
        }
    }

    mutating func record(_ path: [String], at position: SourcePosition) {
        for length in 1...max(1, path.count) where positions[Array(path.prefix(length))] == nil {
            positions[Array(path.prefix(length))] = position
        }
    }

    mutating func header() throws(TOMLSyntaxError) {
        i += 1
        if peek == "[" { return try arrayHeader() }
        skipSpaces()
        let start = position
        let path = try key(what: "a table header must start with a name, e.g. [training]")
        try refuseArrayName(path)
        skipSpaces()
        guard peek == "]" else { throw fail("expected ']' to close the table header, found \(describe(peek))") }
        i += 1
        record(path, at: start)
        table = path
    }

    /// `[[name]]`, for a name of `arraysOfTables`.
    mutating func arrayHeader() throws(TOMLSyntaxError) {
        guard !arraysOfTables.isEmpty else { throw fail("arrays of tables ([[…]]) are not used in scene files; write [name]") }
        i += 1
        let names = arraysOfTables.sorted().map { "[[\($0)]]" }.joined(separator: ", ")
        skipSpaces()
        let start = position
        var name = String.UnicodeScalarView()
        while let c = peek, Self.isBare(c) { name.append(c); i += 1 }
        let text = String(name)
        guard arraysOfTables.contains(text) else { throw fail("the only list of tables here is \(names)") }
        skipSpaces()
        guard peek == "]", i + 1 < s.count, s[i + 1] == "]" else { throw fail("expected ']]' to close \(names)") }
        i += 2
        let index = arrayCounts[text, default: 0]
        arrayCounts[text] = index + 1
        table = [text, String(index)]
        record(table, at: start)
    }

    /// A name of `arraysOfTables` written any other way than `[[name]]` (a key, `[name]`, a dotted part).
    func refuseArrayName(_ path: [String]) throws(TOMLSyntaxError) {
        guard let name = path.first, arraysOfTables.contains(name) else { return }
        throw fail("'\(name)' is a list of tables here: write each one as [[\(name)]] with its keys below it")
    }

    mutating func key(what: String) throws(TOMLSyntaxError) -> [String] {
        var path = [try simpleKey(what: what)]
        while true {
            let mark = i
            skipSpaces()
            guard peek == "." else { i = mark; return path }
            i += 1
            skipSpaces()
            path.append(try simpleKey(what: "expected a name after '.' in the key"))
            if path.count > TOMLPreflight.maximumNesting {
                throw fail("a key has more than \(TOMLPreflight.maximumNesting) dotted parts")
            }
        }
    }

    mutating func simpleKey(what: String) throws(TOMLSyntaxError) -> String {
        let start = position
        let name: String
        switch peek {
        case "\"":
            if i + 2 < s.count, s[i + 1] == "\"", s[i + 2] == "\"" { throw fail("a key cannot be a multi-line string") }
            name = try basicString()
        case "'":
            if i + 2 < s.count, s[i + 1] == "'", s[i + 2] == "'" { throw fail("a key cannot be a multi-line string") }
            name = try literalString()
        case let c? where Self.isBare(c):
            var scalars = String.UnicodeScalarView()
            while let c = peek, Self.isBare(c) { scalars.append(c); i += 1 }
            return String(scalars)
        default:
            if let c = peek, c.value > 0x7F {
                throw fail("\(describe(c)) cannot start a name; names use A-Z, a-z, 0-9, _ and - (or \"quotes\")")
            }
            throw fail(what.hasPrefix("expected") ? "\(what), found \(describe(peek))" : what)
        }
        if name.isEmpty { throw TOMLSyntaxError(line: start.line, column: start.column, message: "a key must not be empty") }
        return name
    }

    mutating func keyValue(base: [String], depth: Int) throws(TOMLSyntaxError) {
        let start = position
        let path = try key(what: "expected a key (letters, digits, _ or -, or a quoted name) or a [table] header")
        if base.isEmpty { try refuseArrayName(path) }
        skipSpaces()
        guard peek == "=" else { throw fail("expected '=' after the key, found \(describe(peek))") }
        i += 1
        skipSpaces()
        record(base + path, at: start)
        try value(path: base + path, depth: depth)
    }

    mutating func value(path: [String], depth: Int) throws(TOMLSyntaxError) {
        guard let c = peek else { throw fail("expected a value after '=', found the end of the file") }
        switch c {
        case "\"":
            if i + 2 < s.count, s[i + 1] == "\"", s[i + 2] == "\"" { try multiLineString(quote: "\"") } else { _ = try basicString() }
        case "'":
            if i + 2 < s.count, s[i + 1] == "'", s[i + 2] == "'" { try multiLineString(quote: "'") } else { _ = try literalString() }
        case "[":
            try array(path: path, depth: depth + 1)
        case "{":
            try inlineTable(path: path, depth: depth + 1)
        default:
            try scalar()
        }
    }

    mutating func nested(_ depth: Int) throws(TOMLSyntaxError) {
        if depth > TOMLPreflight.maximumNesting {
            throw fail("arrays and tables are nested more than \(TOMLPreflight.maximumNesting) levels deep")
        }
    }

    /// Spaces, newlines and comments, as allowed between array elements.
    mutating func skipBlank() throws(TOMLSyntaxError) {
        while let c = peek {
            switch c {
            case " ", "\t": i += 1
            case "\n", "\r": try newline()
            case "#": try comment()
            default: return
            }
        }
    }

    mutating func array(path: [String], depth: Int) throws(TOMLSyntaxError) {
        try nested(depth)
        i += 1
        try skipBlank()
        if peek == "]" { i += 1; return }
        while true {
            guard let c = peek, c != ",", c != "}" else {
                throw fail("expected a value or ']' in the array, found \(describe(peek))")
            }
            try value(path: path, depth: depth)
            try skipBlank()
            guard let next = peek else { throw fail("expected ',' or ']' in the array, found the end of the file") }
            if next == "]" { i += 1; return }
            guard next == "," else { throw fail("expected ',' or ']' in the array, found \(describe(next))") }
            i += 1
            try skipBlank()
            if peek == "]" { i += 1; return }
        }
    }

    mutating func inlineTable(path: [String], depth: Int) throws(TOMLSyntaxError) {
        try nested(depth)
        i += 1
        skipSpaces()
        if peek == "}" { i += 1; return }
        while true {
            guard let c = peek, c != "\n", c != "\r" else {
                throw fail("expected a key in { … }, found \(describe(peek)); an inline table must be on one line")
            }
            try keyValue(base: path, depth: depth)
            skipSpaces()
            guard let next = peek else { throw fail("expected ',' or '}' in the inline table, found the end of the file") }
            if next == "}" { i += 1; return }
            guard next == "," else {
                throw fail("expected ',' or '}' in the inline table, found \(describe(next))"
                           + (next == "\n" || next == "\r" || next == "#" ? "; an inline table must be on one line" : ""))
            }
            i += 1
            skipSpaces()
            if peek == "}" { throw fail("no ',' before '}' in an inline table") }
        }
    }

    /// `"…"` on one line; returns the decoded text.
    mutating func basicString() throws(TOMLSyntaxError) -> String {
        i += 1
        var scalars = String.UnicodeScalarView()
        while true {
            guard let c = peek, c != "\n", c != "\r" else { throw fail("the string has no closing '\"' on this line") }
            if c == "\"" { i += 1; return String(scalars) }
            if c == "\\" {
                scalars.append(try escape())
                continue
            }
            if Self.isForbiddenControl(c) { throw fail("\(describe(c)) in a string; write it as an escape such as \\u001B") }
            scalars.append(c)
            i += 1
        }
    }

    /// `'…'` on one line, taken as written.
    mutating func literalString() throws(TOMLSyntaxError) -> String {
        i += 1
        var scalars = String.UnicodeScalarView()
        while true {
            guard let c = peek, c != "\n", c != "\r" else { throw fail("the string has no closing \"'\" on this line") }
            if c == "'" { i += 1; return String(scalars) }
            if Self.isForbiddenControl(c) { throw fail("\(describe(c)) in a string; use a \"basic string\" with an escape") }
            scalars.append(c)
            i += 1
        }
    }

    /// A backslash escape in a basic string: `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`.
    mutating func escape() throws(TOMLSyntaxError) -> Unicode.Scalar {
        i += 1
        guard let c = peek else { throw fail("the string ends after '\\'") }
        let simple: [Unicode.Scalar: Unicode.Scalar] = ["b": "\u{08}", "t": "\t", "n": "\n", "f": "\u{0C}",
                                                        "r": "\r", "\"": "\"", "\\": "\\"]
        if let scalar = simple[c] { i += 1; return scalar }
        guard c == "u" || c == "U" else {
            throw fail("unknown escape '\\\(Character(c))'; use \\n, \\t, \\\", \\\\, \\uXXXX or \\UXXXXXXXX")
        }
        let length = c == "u" ? 4 : 8
        i -= 1
        var value: UInt32 = 0
        for offset in 2..<(2 + length) {
            guard i + offset < s.count, s[i + offset].isASCII, let digit = Character(s[i + offset]).hexDigitValue else {
                throw fail("\\\(Character(c)) takes \(length) hexadecimal digits")
            }
            value = value * 16 + UInt32(digit)
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw fail("\\\(Character(c))\(String(value, radix: 16)) is not a Unicode scalar value")
        }
        i += 2 + length
        return scalar
    }

    /// `"""…"""` or `'''…'''`; a newline right after the opening quotes is not part of the text.
    mutating func multiLineString(quote: Unicode.Scalar) throws(TOMLSyntaxError) {
        i += 3
        while true {
            guard let c = peek else { throw fail("the multi-line string has no closing \(String(repeating: Character(quote), count: 3))") }
            if c == quote, i + 2 < s.count, s[i + 1] == quote, s[i + 2] == quote {
                i += 3
                if peek == quote {
                    throw fail("write a quote at the end of a multi-line string with an escape (\\\") or before a newline")
                }
                return
            }
            if c == "\n" || c == "\r" { try newline(); continue }
            if c == "\\" && quote == "\"" {
                let mark = i
                i += 1
                var sawNewline = false
                while let w = peek, w == " " || w == "\t" || w == "\n" || w == "\r" {
                    if w == " " || w == "\t" { i += 1 } else { try newline(); sawNewline = true }
                }
                if sawNewline { continue }
                i = mark
                _ = try escape()
                continue
            }
            if Self.isForbiddenControl(c) { throw fail("\(describe(c)) in a string; write it as an escape such as \\u001B") }
            i += 1
        }
    }

    /// A number or boolean: the longest run of letters, digits and `_ + - . :`, checked whole.
    mutating func scalar() throws(TOMLSyntaxError) {
        let start = i
        while let c = peek, c.isASCII, Self.isBare(c) || c == "+" || c == "." || c == ":" { i += 1 }
        let token = String(String.UnicodeScalarView(s[start..<i]))
        let end = i
        i = start
        if token.isEmpty {
            throw fail("expected a value (a number, \"string\", true/false, [array] or { table }), found \(describe(peek))")
        }
        if token == "true" || token == "false" { i = end; return }
        if Self.looksLikeDate(token) {
            throw fail("scene files have no dates or times; write a number, or text in \"quotes\"")
        }
        if let problem = Self.numberProblem(token) { throw fail(problem) }
        i = end
    }

    static func looksLikeDate(_ token: String) -> Bool {
        if token.contains(":") { return true }
        let scalars = Array(token.unicodeScalars)
        return scalars.count >= 5 && scalars[0..<4].allSatisfy { ("0"..."9").contains($0) } && scalars[4] == "-"
    }

    /// Why `token` is not a decimal integer, float, inf or nan of TOML, or nil when it is one.
    static func numberProblem(_ token: String) -> String? {
        let bad = "'\(token)' is not a value; write a number (e.g. 2, -0.5, 1e-3), true/false, or text in \"quotes\""
        var rest = Substring(token)
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        if rest == "inf" || rest == "nan" { return nil }
        if rest.hasPrefix("0x") || rest.hasPrefix("0o") || rest.hasPrefix("0b") { return "write numbers in decimal, found '\(token)'" }
        func digits(_ text: inout Substring) -> Bool {
            guard let first = text.first, first.isASCII, first.isNumber else { return false }
            text = text.dropFirst()
            while let c = text.first {
                if c.isASCII && c.isNumber { text = text.dropFirst(); continue }
                if c == "_", text.count > 1, let next = text.dropFirst().first, next.isASCII, next.isNumber {
                    text = text.dropFirst(); continue
                }
                break
            }
            return true
        }
        let integerStart = rest
        guard digits(&rest) else { return bad }
        let integerPart = integerStart[..<rest.startIndex]
        if integerPart.count > 1 && integerPart.first == "0" { return "'\(token)': a number cannot start with 0 (leading zeros are not allowed)" }
        var isFloat = false
        if rest.first == "." {
            rest = rest.dropFirst()
            guard digits(&rest) else { return bad }
            isFloat = true
        }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            guard digits(&rest) else { return bad }
            isFloat = true
        }
        guard rest.isEmpty else { return bad }
        let plain = String(token.filter { $0 != "_" })
        if isFloat {
            guard let value = Double(plain), value.isFinite else { return "'\(token)' is too large for a number" }
        } else if Int64(plain) == nil {
            return "'\(token)' is outside the range of whole numbers (±9223372036854775807); write it with a decimal point"
        }
        return nil
    }
}
