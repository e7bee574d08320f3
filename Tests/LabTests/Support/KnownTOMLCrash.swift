/// toml++ (inside TOMLKit) aborts on an assertion, in debug and release builds alike, when a table
/// header starts with a character that is neither a bare-key character nor a quote: `[}`, `[é]`,
/// `[#x]`, `[.`, or a lone `[` at the end of a line. Until the loader guards against it, the fuzz
/// loops skip such inputs in-process (so one known crash does not take the whole suite down) and
/// `SceneFuzzTests.strayCharactersAfterABracketAreErrorsNotCrashes` checks them in child processes.
enum KnownTOMLCrash {
    static func isBareKeyOrQuote(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"):
            true
        default:
            false
        }
    }

    /// Whether some line (after leading blanks) opens with `[` or `[[`, then blanks, then a byte
    /// the parser's key reader asserts on. Conservative: lines inside multi-line values count too.
    static func matches(_ text: String) -> Bool {
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var bytes = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
            guard bytes.first == UInt8(ascii: "[") else { continue }
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "[") { bytes = bytes.dropFirst() }
            bytes = bytes.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            // A lone bracket before the newline: the parser sees '\n' (or '\r') as the key's first character.
            guard let first = bytes.first else {
                if line.endIndex != text.utf8.endIndex { return true }
                continue
            }
            if !isBareKeyOrQuote(first) { return true }
        }
        return false
    }
}
