/// Colors and glyphs for one set of render options. Every style and mark of the picture comes from
/// here, so color-less and ASCII terminals get their substitutes in one place.
///
/// The lab is shown on dark terminals and on light projector themes alike, so nothing that must be
/// read is white, gray or yellow (each vanishes on one of the two): lines that must always show
/// (borders, axes, the tangent, the y = x reference) and labels are in the terminal's own
/// foreground, and each series role has a color that keeps contrast on both backgrounds: data
/// blue, fit and function magenta, point red (bold), trail blue, loss green.
/// Marks by terminal:
///
/// - data, function, loss: braille dots; ASCII `'` `.` `:`. Data as markers (small data sets): `●`; ASCII `o`
///   (beside held-out points, which are `○`, ASCII `o`, the training points' ASCII marker is `#`).
/// - test loss: cyan braille; without colour `○`, ASCII `o`. The ghost of the last run: dim green
///   braille; without colour `·`, ASCII `.`. A scheduled rate's course: dim magenta braille; `-` without colour. The full
///   training loss beside mini-batch losses: bold foreground braille; `•` without colour, ASCII `*`.
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
        case .data, .trainingData: .blue
        case .heldOut, .testLoss: .cyan
        case .fit, .function: .magenta
        case .point: .red
        case .trail: .blue
        case .tangent, .reference: .default
        case .optimum: .cyan
        case .loss, .ghost: .green
        case .rate: .magenta
        case .fullLoss: .default
        }
    }

    /// How `role` marks the canvas; with `markers`, one whole-cell marker per point.
    func ink(_ role: SeriesRole, markers: Bool = false) -> Ink {
        let unicode = options.unicode, colored = options.color
        let markers = markers || (options.present && (role == .data || role == .trainingData))
        let mark: Ink.Mark
        switch role {
        case .heldOut: mark = .glyph(unicode ? "○" : "o")
        case .trainingData where markers: mark = .glyph(unicode ? "●" : "#")
        case _ where markers: mark = .glyph(unicode ? "●" : "o")
        case .data, .trainingData, .function, .loss: mark = .dots
        case .testLoss: mark = colored ? .dots : .glyph(unicode ? "○" : "o")
        case .ghost: mark = colored ? .dots : .glyph(unicode ? "·" : ".")
        case .rate: mark = colored ? .dots : .glyph("-")
        case .fullLoss: mark = colored ? .dots : .glyph(unicode ? "•" : "*")
        case .fit: mark = !unicode ? .glyph("*") : colored ? .dots : .glyph("•")
        case .point: mark = .glyph(unicode ? "●" : "@")
        case .trail: mark = .glyph(unicode ? "◦" : "o")
        case .tangent, .reference: mark = !unicode ? .slope : colored ? .dots : .glyph("·")
        case .optimum: mark = !unicode ? .glyph(".") : colored ? .dots : .glyph("·")
        }
        var inkStyle = style(color(of: role), bold: role == .point)
        if role == .optimum || role == .ghost || role == .rate { inkStyle.dim = true }
        if role == .fullLoss { inkStyle.bold = true }
        if options.present {
            inkStyle.bold = true
            inkStyle.dim = false
        }
        return Ink(style: inkStyle, mark: mark)
    }

    /// The sample glyph of a series in the legend: what its marks look like.
    func legendGlyph(_ role: SeriesRole, line: Bool, markers: Bool = false) -> String {
        switch ink(role, markers: markers).mark {
        case .glyph(let glyph): String(glyph)
        case .slope: "/"
        case .dots: options.unicode ? (line ? "─" : "⠂") : (line ? ":" : ".")
        }
    }

    var border: Style { .plain }
    var title: Style { Style(bold: true) }
    var axis: Style { .plain }
    var label: Style { .plain }
    var quiet: Style { .plain }
    /// A message about the run that is not an alarm.
    var notice: Style { style(.blue, bold: true) }
    var key: Style { Style(bold: true) }
    var emphasis: Style { Style(bold: true) }
    var alarm: Style { style(.red, bold: true) }
}
