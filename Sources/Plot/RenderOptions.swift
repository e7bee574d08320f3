/// What the terminal can show. `unicode` is false in a non-UTF-8 locale (ASCII glyphs only);
/// `color` is false under NO_COLOR or on a mono terminal (series then differ by glyph alone).
public struct RenderOptions: Hashable, Sendable {
    public var unicode: Bool
    public var color: Bool

    public init(unicode: Bool = true, color: Bool = true) {
        self.unicode = unicode
        self.color = color
    }

    /// A UTF-8 color terminal.
    public static let standard = RenderOptions(unicode: true, color: true)
    /// A UTF-8 terminal without color (NO_COLOR).
    public static let mono = RenderOptions(unicode: true, color: false)
    /// A non-UTF-8 terminal without color.
    public static let ascii = RenderOptions(unicode: false, color: false)
}
