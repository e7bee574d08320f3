/// Finds where a table or key sits in TOML text, so errors found after parsing (when the TOML
/// library no longer knows positions) can still name a line.
struct SourceLocator {
    let lines: [Substring]

    init(_ text: String) {
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// 1-based line of `key = …` inside `[table]` (top level when `table` is empty), or of the
    /// table header when the key is not found.
    func line(table: String, key: String?) -> Int? {
        var current = ""
        var headerLine: Int?
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] \t"))
                    .split(separator: "#").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[] \t")) } ?? ""
                current = name
                if name == table { headerLine = index + 1 }
                continue
            }
            guard let key, current == table else { continue }
            if let equals = line.firstIndex(of: "=") {
                let name = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if name == key { return index + 1 }
            }
        }
        return headerLine
    }

    /// 1-based column of the first character of `needle` in the value part (after the first `=`)
    /// of `line`, if present.
    func column(of needle: String, line: Int) -> Int? {
        guard line >= 1, line <= lines.count else { return nil }
        let text = lines[line - 1]
        let valueStart = text.firstIndex(of: "=") ?? text.startIndex
        guard let range = text[valueStart...].range(of: needle) else { return nil }
        return text.distance(from: text.startIndex, to: range.lowerBound) + 1
    }
}

import Foundation
