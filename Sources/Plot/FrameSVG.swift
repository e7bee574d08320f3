/// A frame as a picture for slides: an SVG document that draws every cell as text in a monospace
/// font on a white page, in colours that read there (`FrameSVG.Palette.slide`).
///
/// Each cell is `cellWidth` × `cellHeight` pixels. Every row is one `<text>` element holding the
/// row's characters (spaces included, `xml:space="preserve"`), split into a `<tspan>` per run of
/// equal foreground, boldness and dimness; each tspan lists every character's `x`, so the columns
/// hold whatever widths the viewer's fallback fonts give braille and box characters. Backgrounds
/// other than the page's are rectangles, one per run of equal background in a row. Reverse swaps
/// a cell's foreground and background (the page colour stands in for the terminal's own
/// background, the default foreground for its own foreground); dim draws at 55 % opacity.
public enum FrameSVG {
    /// The colours a frame is drawn in, as `#rrggbb`.
    public struct Palette: Sendable {
        public var foreground: String
        public var background: String
        public var colors: [Color: String]

        /// Dark text on white; red #c0392b, green #1e8449, yellow #9a7d0a (darkened to read on white),
        /// blue #1f5fa8, magenta #8e44ad, cyan #0e7c86, gray #6c7a89, white #ffffff; the default
        /// foreground #1a1a1a.
        public static let slide = Palette(foreground: "#1a1a1a", background: "#ffffff", colors: [
            .red: "#c0392b", .green: "#1e8449", .yellow: "#9a7d0a", .blue: "#1f5fa8", .magenta: "#8e44ad",
            .cyan: "#0e7c86", .gray: "#6c7a89", .white: "#ffffff",
        ])

        func foreground(_ color: Color) -> String { color == .default ? foreground : colors[color] ?? foreground }
        func background(_ color: Color) -> String { color == .default ? background : colors[color] ?? background }
    }

    public static let cellWidth = 8.4
    public static let cellHeight = 17.0
    public static let fontSize = 14
    public static let fontFamily = "DejaVu Sans Mono, Menlo, Consolas, monospace"
    /// The text's baseline below the top of its cell.
    static let baseline = 13.0

    /// The SVG document of `frame`.
    public static func document(_ frame: Frame, palette: Palette = .slide) -> String {
        let width = number(Double(frame.width) * cellWidth)
        let height = number(Double(frame.height) * cellHeight)
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="\(fontFamily)" font-size="\(fontSize)">
            <rect width="\(width)" height="\(height)" fill="\(palette.background)"/>

            """
        for y in 0..<frame.height {
            for run in runs(in: frame, row: y, by: { background(of: $0.style, palette) }) where run.key != palette.background {
                svg += "<rect x=\"\(number(Double(run.start) * cellWidth))\" y=\"\(number(Double(y) * cellHeight))\" "
                    + "width=\"\(number(Double(run.count) * cellWidth))\" height=\"\(number(cellHeight))\" fill=\"\(run.key)\"/>\n"
            }
        }
        for y in 0..<frame.height {
            svg += "<text y=\"\(number(Double(y) * cellHeight + baseline))\" xml:space=\"preserve\">"
            for run in runs(in: frame, row: y, by: { textStyle(of: $0.style, palette) }) {
                let xs = (run.start..<(run.start + run.count)).map { number(Double($0) * cellWidth) }.joined(separator: " ")
                var attributes = "x=\"\(xs)\" fill=\"\(run.key.fill)\""
                if run.key.bold { attributes += " font-weight=\"bold\"" }
                if run.key.dim { attributes += " fill-opacity=\"0.55\"" }
                let text = String((run.start..<(run.start + run.count)).map { frame[$0, y].character })
                svg += "<tspan \(attributes)>\(escaped(text))</tspan>"
            }
            svg += "</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// The frame as plain text: its rows, trailing spaces trimmed, each ending in a newline.
    public static func plainText(_ frame: Frame) -> String {
        (0..<frame.height).map { y in
            var line = Substring(frame.line(y))
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    /// `text` with XML's five special characters as entities.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }

    struct TextStyle: Equatable {
        var fill: String
        var bold: Bool
        var dim: Bool
    }

    static func textStyle(of style: Style, _ palette: Palette) -> TextStyle {
        TextStyle(fill: style.reverse ? palette.background(style.background) : palette.foreground(style.color),
                  bold: style.bold, dim: style.dim)
    }

    static func background(of style: Style, _ palette: Palette) -> String {
        style.reverse ? palette.foreground(style.color) : palette.background(style.background)
    }

    /// Row `y` cut into runs of cells with equal `key`.
    static func runs<Key: Equatable>(in frame: Frame, row y: Int, by key: (Cell) -> Key) -> [(start: Int, count: Int, key: Key)] {
        var runs: [(start: Int, count: Int, key: Key)] = []
        for x in 0..<frame.width {
            let value = key(frame[x, y])
            if let last = runs.last, last.key == value {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((x, 1, value))
            }
        }
        return runs
    }

    /// A pixel coordinate with at most two decimals and no trailing zeros (`8.4`, `17`, `25.2`).
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return "\(whole)" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
