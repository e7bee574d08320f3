/// What the terminal can show. `unicode` is false in a non-UTF-8 locale (ASCII glyphs only);
/// `color` is false under NO_COLOR or on a mono terminal (series then differ by glyph alone).
public struct RenderOptions: Hashable, Sendable {
    public var unicode: Bool
    public var color: Bool
    /// Projector mode (`--present`): no key line, a caption bar, curves of half blocks instead of
    /// braille dots, bold undimmed colours, data points as whole-cell markers.
    public var present: Bool

    public init(unicode: Bool = true, color: Bool = true, present: Bool = false) {
        self.unicode = unicode
        self.color = color
        self.present = present
    }

    /// A UTF-8 color terminal.
    public static let standard = RenderOptions(unicode: true, color: true)
    /// A UTF-8 terminal without color (NO_COLOR).
    public static let mono = RenderOptions(unicode: true, color: false)
    /// A non-UTF-8 terminal without color.
    public static let ascii = RenderOptions(unicode: false, color: false)
}
