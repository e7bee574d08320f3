/// A frame as the bytes a terminal needs to show it (VT100 cursor moves and SGR attributes, the 8
/// standard colours and bright black for gray): the whole screen, or only the rows that changed
/// since `previous`. What `--record` writes into an asciicast.
public enum FrameANSI {
    /// Clears the screen and draws all of `frame`.
    public static func screen(_ frame: Frame) -> String {
        "\u{1B}[0m\u{1B}[2J" + rows(frame, changedFrom: nil)
    }

    /// The rows of `frame` that differ from `previous` (all of them without one, or when the size
    /// changed), each drawn from its first column; ends with attributes reset.
    public static func rows(_ frame: Frame, changedFrom previous: Frame?) -> String {
        let whole = previous.map { $0.width != frame.width || $0.height != frame.height } ?? true
        var out = ""
        for y in 0..<frame.height {
            if !whole, let previous, (0..<frame.width).allSatisfy({ previous[$0, y] == frame[$0, y] }) { continue }
            out += "\u{1B}[\(y + 1);1H"
            var current: Style?
            for x in 0..<frame.width {
                let cell = frame[x, y]
                if cell.style != current {
                    out += sgr(cell.style)
                    current = cell.style
                }
                out.append(cell.character)
            }
        }
        return out.isEmpty ? "" : out + "\u{1B}[0m"
    }

    /// The SGR sequence that sets exactly `style`.
    static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.reverse { codes.append("7") }
        if let foreground = code(style.color, base: 30) { codes.append(foreground) }
        if let background = code(style.background, base: 40) { codes.append(background) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func code(_ color: Color, base: Int) -> String? {
        switch color {
        case .default: nil
        case .gray: String(base + 60)
        case .red: String(base + 1)
        case .green: String(base + 2)
        case .yellow: String(base + 3)
        case .blue: String(base + 4)
        case .magenta: String(base + 5)
        case .cyan: String(base + 6)
        case .white: String(base + 7)
        }
    }
}
