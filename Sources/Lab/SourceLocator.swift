/// Finds where a table or key sits in TOML text, so errors found after parsing (when the TOML
/// library no longer knows positions) can still name a line and column.
struct SourceLocator {
    let lines: [Substring]
    /// Where each key path (`["data", "x", "low"]`) is first written, from `TOMLPreflight.validate`.
    let positions: [[String]: SourcePosition]

    init(_ text: String, positions: [[String]: SourcePosition]) {
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        self.positions = positions
    }

    /// Position of `key` inside `table` (a dotted path such as "training.learning_rate"; empty for
    /// the top level), or of the table itself when `key` is nil or not written in the file.
    func position(table: String, key: String?) -> SourcePosition? {
        let path = table.isEmpty ? [] : table.split(separator: ".").map(String.init)
        if let key, let found = positions[path + [key]] { return found }
        return path.isEmpty ? nil : positions[path]
    }

    /// 1-based line of `key` in `table`, or of the table when the key is not found.
    func line(table: String, key: String?) -> Int? {
        position(table: table, key: key)?.line
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
