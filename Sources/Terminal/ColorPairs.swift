@preconcurrency import CNcurses
import Plot

/// How `Style`s become ncurses attributes and color pairs.
///
/// Each `Color` other than `.default` gets its own pair, numbered by its raw value, drawn on the
/// terminal's own background. A style with a background color gets a pair of its two colors when it
/// is first drawn, while the terminal has pairs left (after that, the foreground's own pair).
/// Without color only bold, dim and reverse are used.
final class ColorPairs {
    let colorEnabled: Bool
    /// On terminals with fewer than 16 colors there is no gray: it is drawn as dim white.
    private let grayIsDimWhite: Bool
    private let usesTerminalDefaults: Bool
    /// Pairs made for foreground and background colors, by (foreground, background) raw values.
    private var pairsWithBackground: [Int: Int16] = [:]
    private var nextPair = Int16(Color.allCases.count)

    private init(colorEnabled: Bool, grayIsDimWhite: Bool, usesTerminalDefaults: Bool) {
        self.colorEnabled = colorEnabled
        self.grayIsDimWhite = grayIsDimWhite
        self.usesTerminalDefaults = usesTerminalDefaults
    }

    /// Starts ncurses color, unless `NO_COLOR` is set or the terminal has too few colors.
    static func start(noColorRequested: Bool) -> ColorPairs {
        let disabled = ColorPairs(colorEnabled: false, grayIsDimWhite: false, usesTerminalDefaults: false)
        guard !noColorRequested, has_colors(), start_color() != tl_err() else { return disabled }
        guard tl_color_pairs() > Color.allCases.count else { return disabled }
        let usesTerminalDefaults = use_default_colors() != tl_err()
        let background = usesTerminalDefaults ? -1 : Int16(COLOR_BLACK)
        let grayIsDimWhite = tl_colors() < 16
        let pairs = ColorPairs(colorEnabled: true, grayIsDimWhite: grayIsDimWhite, usesTerminalDefaults: usesTerminalDefaults)
        for color in Color.allCases where color != .default {
            init_pair(Int16(color.rawValue), pairs.number(of: color), background)
        }
        return pairs
    }

    /// The terminal's number of `color`.
    private func number(of color: Color) -> Int16 {
        switch color {
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
    }

    /// The pair of `style`'s foreground on its background, made the first time it is asked for;
    /// nil once the terminal has no pairs left.
    private func pair(withBackground style: Style) -> Int16? {
        let key = style.color.rawValue * 16 + style.background.rawValue
        if let known = pairsWithBackground[key] { return known }
        guard Int32(nextPair) < tl_color_pairs() else { return nil }
        let foreground = style.color == .default && !usesTerminalDefaults ? Int16(COLOR_WHITE) : number(of: style.color)
        guard init_pair(nextPair, foreground, number(of: style.background)) != tl_err() else { return nil }
        pairsWithBackground[key] = nextPair
        nextPair += 1
        return nextPair - 1
    }

    /// The attributes and color pair number for `style`.
    func rendition(of style: Style) -> (attributes: attr_t, pair: Int16) {
        var attributes = tl_a_normal()
        if style.bold { attributes |= tl_a_bold() }
        if style.dim { attributes |= tl_a_dim() }
        if style.reverse { attributes |= tl_a_reverse() }
        guard colorEnabled else { return (attributes, 0) }
        if style.color == .gray && grayIsDimWhite { attributes |= tl_a_dim() }
        if style.background != .default, let pair = pair(withBackground: style) { return (attributes, pair) }
        return (attributes, Int16(style.color.rawValue))
    }
}
