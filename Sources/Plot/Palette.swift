/// Colors and glyphs for one set of render options. Every style and mark of the picture comes from
/// here, so color-less and ASCII terminals get their substitutes in one place.
///
/// Each series role has a color of its own: data cyan, fit and function yellow, point red (bold),
/// trail magenta, tangent white, loss green, reference yellow. Marks by terminal:
///
/// - data, function, loss: braille dots; ASCII `'` `.` `:`.
/// - fit: braille with color, `•` without; ASCII `*`.
/// - point: `●`; ASCII `@`. trail: `◦`; ASCII `o`.
/// - tangent, reference: braille with color, `·` without; ASCII line characters chosen by slope.
struct Palette {
    let options: RenderOptions

    init(_ options: RenderOptions) {
        self.options = options
    }

    func style(_ color: Color, bold: Bool = false) -> Style {
        Style(color: options.color ? color : .default, bold: bold)
    }

    func color(of role: SeriesRole) -> Color {
        switch role {
        case .data: .cyan
        case .fit, .function, .reference: .yellow
        case .point: .red
        case .trail: .magenta
        case .tangent: .white
        case .loss: .green
        }
    }

    func ink(_ role: SeriesRole) -> Ink {
        let unicode = options.unicode, colored = options.color
        let mark: Ink.Mark
        switch role {
        case .data, .function, .loss: mark = .dots
        case .fit: mark = !unicode ? .glyph("*") : colored ? .dots : .glyph("•")
        case .point: mark = .glyph(unicode ? "●" : "@")
        case .trail: mark = .glyph(unicode ? "◦" : "o")
        case .tangent, .reference: mark = !unicode ? .slope : colored ? .dots : .glyph("·")
        }
        return Ink(style: style(color(of: role), bold: role == .point), mark: mark)
    }

    /// The sample glyph of a series in the legend: what its marks look like.
    func legendGlyph(_ role: SeriesRole, line: Bool) -> String {
        switch ink(role).mark {
        case .glyph(let glyph): String(glyph)
        case .slope: "/"
        case .dots: options.unicode ? (line ? "─" : "⠂") : (line ? ":" : ".")
        }
    }

    var border: Style { style(.gray) }
    var title: Style { Style(bold: true) }
    var axis: Style { style(.gray) }
    var label: Style { .plain }
    var quiet: Style { style(.gray) }
    var key: Style { Style(bold: true) }
    var emphasis: Style { Style(bold: true) }
    var alarm: Style { style(.red, bold: true) }
}
