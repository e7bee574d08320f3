@preconcurrency import CNcurses
import Plot

/// How `Style`s become ncurses attributes and color pairs.
///
/// Each `Color` other than `.default` gets its own pair, numbered by its raw value, drawn on the
/// terminal's own background. Without color only bold, dim and reverse are used.
struct ColorPairs {
    let colorEnabled: Bool
    /// On terminals with fewer than 16 colors there is no gray: it is drawn as dim white.
    private let grayIsDimWhite: Bool

    /// Starts ncurses color, unless `NO_COLOR` is set or the terminal has too few colors.
    static func start(noColorRequested: Bool) -> ColorPairs {
        let disabled = ColorPairs(colorEnabled: false, grayIsDimWhite: false)
        guard !noColorRequested, has_colors(), start_color() != tl_err() else { return disabled }
        guard tl_color_pairs() > Color.allCases.count else { return disabled }
        let usesTerminalDefaults = use_default_colors() != tl_err()
        let background = usesTerminalDefaults ? -1 : Int16(COLOR_BLACK)
        let grayIsDimWhite = tl_colors() < 16
        for color in Color.allCases where color != .default {
            let foreground: Int16 = switch color {
            case .default: usesTerminalDefaults ? -1 : Int16(COLOR_WHITE)
            case .red: Int16(COLOR_RED)
            case .green: Int16(COLOR_GREEN)
            case .yellow: Int16(COLOR_YELLOW)
            case .blue: Int16(COLOR_BLUE)
            case .magenta: Int16(COLOR_MAGENTA)
            case .cyan: Int16(COLOR_CYAN)
            case .white: Int16(COLOR_WHITE)
            case .gray: grayIsDimWhite ? Int16(COLOR_WHITE) : 8
            }
            init_pair(Int16(color.rawValue), foreground, background)
        }
        return ColorPairs(colorEnabled: true, grayIsDimWhite: grayIsDimWhite)
    }

    /// The attributes and color pair number for `style`.
    func rendition(of style: Style) -> (attributes: attr_t, pair: Int16) {
        var attributes = tl_a_normal()
        if style.bold { attributes |= tl_a_bold() }
        if style.dim { attributes |= tl_a_dim() }
        if style.reverse { attributes |= tl_a_reverse() }
        guard colorEnabled else { return (attributes, 0) }
        if style.color == .gray && grayIsDimWhite { attributes |= tl_a_dim() }
        return (attributes, Int16(style.color.rawValue))
    }
}
