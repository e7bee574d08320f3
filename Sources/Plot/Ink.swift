/// How a series marks the canvas: the style of its cells and the shape of its marks.
public struct Ink: Hashable, Sendable {
    /// The shape of a series' marks.
    public enum Mark: Hashable, Sendable {
        /// Sub-cell dots: braille (2×4 per cell) in Unicode mode, `'` `.` `:` (1×2) in ASCII mode.
        case dots
        /// One whole-cell character in every cell the series touches.
        case glyph(Character)
        /// Whole-cell ASCII line characters `-` `/` `|` `\` chosen by each segment's slope.
        case slope
    }

    public var style: Style
    public var mark: Mark

    public init(style: Style, mark: Mark = .dots) {
        self.style = style
        self.mark = mark
    }
}
