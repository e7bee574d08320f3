extension String {
    /// The text with control characters (C0, DEL and C1) written as `\u{1B}`, so text from a scene
    /// file cannot move the cursor, recolour or ring the terminal it is printed to.
    /// `keepingNewlines` leaves line feeds as they are (for multi-line descriptions).
    public func escapingControlCharacters(keepingNewlines: Bool = false) -> String {
        guard unicodeScalars.contains(where: { Self.isControl($0) && !(keepingNewlines && $0 == "\n") }) else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if Self.isControl(scalar) && !(keepingNewlines && scalar == "\n") {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
