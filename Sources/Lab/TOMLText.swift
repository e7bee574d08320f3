/// Pieces of TOML text written by hand, so that they read back exactly: strings quoted with
/// every special character escaped, keys bare only where TOML allows, doubles in Swift's shortest
/// form that reads back to the same bits.
enum TOMLText {
    static func string(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                quoted += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    static func key(_ name: String) -> String {
        let bare = !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0)
            || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        return bare ? name : string(name)
    }

    /// A finite double, e.g. `0.1`, `-2.0`, `1e-06`.
    static func number(_ value: Double) -> String { "\(value)" }

    static func list(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ", ") + "]" }

    static func list(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }

    /// `values` (row by row) as nested lists of `shape`; a number for shape [].
    static func nested(_ values: [Double], shape: [Int]) -> String {
        guard let first = shape.first else { return number(values.first ?? 0) }
        guard shape.count > 1 else { return list(values) }
        let stride = values.count / max(first, 1)
        return "[" + (0..<first).map { row in
            nested(Array(values[(row * stride)..<((row + 1) * stride)]), shape: Array(shape.dropFirst()))
        }.joined(separator: ", ") + "]"
    }
}
