/// Unicode braille patterns as a dot grid: each character cell holds 2 columns × 4 rows of dots,
/// one bit per dot, and the character is U+2800 plus the bits.
///
///     column 0   column 1
///     0x01       0x08       row 0 (top)
///     0x02       0x10       row 1
///     0x04       0x20       row 2
///     0x40       0x80       row 3
public enum Braille {
    public static let dotColumns = 2
    public static let dotRows = 4

    /// The bit of the dot at `column` (0…1) and `row` (0…3, from the top) of a cell.
    @inline(__always)
    public static func bit(column: Int, row: Int) -> UInt8 {
        row < 3 ? UInt8(1) << UInt8(truncatingIfNeeded: row &+ 3 &* column) : UInt8(0x40) << UInt8(truncatingIfNeeded: column)
    }

    /// The braille character showing the dots in `bits`.
    @inline(__always)
    public static func character(_ bits: UInt8) -> Character { characters[Int(bits)] }

    static let characters: [Character] = (0...255).map { Character(Unicode.Scalar(0x2800 + UInt32($0))!) }
}

/// The ASCII fallback of the dot grid: 1 column × 2 rows of dots per cell, drawn as `'` (top),
/// `.` (bottom) or `:` (both).
public enum AsciiDots {
    public static let dotColumns = 1
    public static let dotRows = 2

    @inline(__always)
    public static func bit(row: Int) -> UInt8 { UInt8(1) << UInt8(truncatingIfNeeded: row) }

    @inline(__always)
    public static func character(_ bits: UInt8) -> Character { characters[Int(bits & 3)] }

    static let characters: [Character] = [" ", "'", ".", ":"]
}

/// Half blocks, two dots a cell (top and bottom), for curves a room can read (`--present`).
public enum BlockDots {
    @inline(__always)
    public static func character(_ bits: UInt8) -> Character { characters[Int(bits & 3)] }

    static let characters: [Character] = [" ", "▀", "▄", "█"]
}
