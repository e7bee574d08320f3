/// Draws an `OptimizerPicture`: a title, the update rule, the last step's numbers, then the table.
///
/// Formulas wrap at spaces rather than being cut. The table keeps whole columns: when the panel is
/// narrow it first shows 3 significant digits instead of 4, then drops columns by rank (the
/// bias-corrected values first, θ last); when it is short, the rows of means go first, then the
/// rows that do not fit are counted on a last line.
struct OptimizerTable: Widget {
    var picture: OptimizerPicture

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        guard !area.isEmpty else { return }
        let palette = Palette(options)
        let text = { (line: String) in Self.displayable(line, unicode: options.unicode) }
        var lines: [(String, Style)] = []
        let t = picture.step.map { "  t = \($0)" } ?? ""
        lines.append((text("\(picture.optimizer) update rule\(t)"), palette.title))
        for formula in picture.rule {
            lines += Self.formulaLines(text(formula), width: area.width).map { ($0, palette.label) }
        }
        if let numbers = picture.lastStep {
            lines.append((text("last step:"), palette.quiet))
            lines += Self.formulaLines(text(Self.formula(numbers)), width: area.width).map { ($0, palette.emphasis) }
        } else {
            lines += Self.formulaLines(text("s takes one step and shows its numbers here"), width: area.width).map { ($0, palette.quiet) }
        }
        if let stability = picture.stability {
            lines += Text.wrapped(text(stability), width: area.width, indent: "  ").map { ($0, palette.quiet) }
        }
        let table = Self.table(picture, width: area.width, unicode: options.unicode)
        var rows = table.rows
        let fixed = lines.count + 1 + (picture.note == nil ? 0 : 1)
        var blank = true
        if fixed + 1 + rows.count > area.height { blank = false }
        if fixed + rows.count > area.height { rows.removeAll { $0.isSecondary } }
        var y = area.y
        for (line, style) in lines where y < area.maxY {
            frame.put(line, x: area.x, y: y, style: style, clip: area)
            y += 1
        }
        if blank { y += 1 }
        if let note = picture.note, y < area.maxY {
            frame.put(Text.truncated(text(note), to: area.width, unicode: options.unicode), x: area.x, y: y,
                      style: palette.quiet, clip: area)
            y += 1
        }
        guard y < area.maxY else { return }
        frame.put(table.header, x: area.x, y: y, style: palette.title, clip: area)
        y += 1
        let room = area.maxY - y
        let shown = rows.count <= room ? rows.count : max(0, room - 1)
        for row in rows.prefix(shown) {
            frame.put(row.text, x: area.x, y: y, style: palette.label, clip: area)
            y += 1
        }
        if shown < rows.count {
            let more = "\(rows.count - shown) more row\(rows.count - shown == 1 ? "" : "s") (a taller terminal shows them)"
            frame.put(Text.truncated(text(more), to: area.width, unicode: options.unicode), x: area.x, y: y,
                      style: palette.quiet, clip: area)
        }
    }

    /// The table as text lines of at most `width` characters: the header and one line per row.
    static func table(_ picture: OptimizerPicture, width: Int, unicode: Bool)
        -> (header: String, rows: [(text: String, isSecondary: Bool)]) {
        let names = picture.rows.map { displayable($0.name, unicode: unicode) }
        let nameWidth = names.map(\.count).max() ?? 0
        let fits = { (columns: [Int], digits: Int) in
            nameWidth + columns.map { 1 + columnWidth($0, picture, digits: digits, unicode: unicode) }.reduce(0, +) <= width
        }
        var chosen = (digits: 4, columns: Array(picture.columns.indices))
        if !fits(chosen.columns, 4) {
            chosen.digits = 3
            while !chosen.columns.isEmpty, !fits(chosen.columns, 3) {
                let highest = chosen.columns.map { picture.columns[$0].rank }.max()!
                chosen.columns.removeAll { picture.columns[$0].rank == highest }
            }
        }
        let widths = chosen.columns.map { columnWidth($0, picture, digits: chosen.digits, unicode: unicode) }
        var header = String(repeating: " ", count: nameWidth)
        for (column, w) in zip(chosen.columns, widths) {
            header += " " + padded(displayable(picture.columns[column].name, unicode: unicode), to: w)
        }
        let rows = zip(picture.rows, names).map { row, name in
            var line = name + String(repeating: " ", count: nameWidth - name.count)
            for (column, w) in zip(chosen.columns, widths) {
                line += " " + padded(cell(row.values[safe: column] ?? nil, digits: chosen.digits), to: w)
            }
            return (text: line, isSecondary: row.isSecondary)
        }
        return (header, rows)
    }

    private static func columnWidth(_ column: Int, _ picture: OptimizerPicture, digits: Int, unicode: Bool) -> Int {
        let values = picture.rows.map { cell($0.values[safe: column] ?? nil, digits: digits).count }
        return max(displayable(picture.columns[column].name, unicode: unicode).count, values.max() ?? 0)
    }

    private static func cell(_ value: Double?, digits: Int) -> String {
        value.map { NumberFormat.significant($0, digits: digits, keepTrailingZeros: false) } ?? ""
    }

    private static func padded(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// The rule of the last step with its numbers, e.g. `a ← 0.1 − 0.001 · 0.0421 / (√0.00177 + 1e-8) = 0.099`.
    static func formula(_ step: OptimizerPicture.StepNumbers) -> String {
        let lr = NumberFormat.learningRate(step.learningRate)
        let theta = number(step.before)
        let subtracted: String
        switch step.update {
        case .direction(let d):
            subtracted = "\(theta) − \(lr) · \(factor(d))"
        case .nesterov(let g, let mu, let buffer):
            subtracted = "\(theta) − \(lr) · (\(number(g)) + \(number(mu)) · \(factor(buffer)))"
        case .rmsprop(let g, let v, let eps):
            subtracted = "\(theta) − \(lr) · \(factor(g)) / (√\(number(v)) + \(NumberFormat.learningRate(eps)))"
        case .adam(let m, let v, let eps, let decay):
            let shrunk = decay.map { "\(factor(step.before)) · (1 − \(lr) · \(number($0)))" } ?? theta
            subtracted = "\(shrunk) − \(lr) · \(factor(m)) / (√\(number(v)) + \(NumberFormat.learningRate(eps)))"
        }
        return "\(step.parameter) ← \(subtracted) = \(number(step.after))"
    }

    private static func number(_ value: Double) -> String {
        NumberFormat.significant(value, digits: 4, keepTrailingZeros: false)
    }

    /// A number as a factor of a product: negative ones in parentheses.
    private static func factor(_ value: Double) -> String {
        value < 0 ? "(\(number(value)))" : number(value)
    }

    /// `text` as lines of at most `width` characters. A formula breaks before a top-level ` = `,
    /// ` − ` or ` + ` (outside parentheses) where it can, otherwise at spaces; continuation lines
    /// are indented by two. A word longer than a line is cut by the panel's edge.
    static func formulaLines(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        var pieces: [String] = [], current = "", depth = 0
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            let isOperator = index + 2 < characters.count && character == " " && depth == 0
                && ["=", "−", "-", "+"].contains(characters[index + 1]) && characters[index + 2] == " "
            if isOperator, !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        pieces.append(current)
        var lines: [String] = [], line = ""
        for piece in pieces {
            if (line + piece).count <= width || line.isEmpty {
                line += line.isEmpty && !lines.isEmpty ? "  " + piece.drop { $0 == " " } : piece
            } else {
                lines.append(line)
                line = "  " + piece.drop { $0 == " " }
            }
        }
        lines.append(line)
        return lines.flatMap { Text.wrapped($0, width: width, indent: "  ") }
    }

    /// `text` for the terminal: in ASCII, `·` as `*` (a product, not the title's separator), `√` as
    /// `sqrt `, `Δ` as `d`, `‖` as `|`, `ᵗ` as `^t`, a hat as `hat` (`m̂` → `mhat`), the rest as
    /// `Text.displayable` spells it (`θ` → `theta`, `←` → `<-`).
    static func displayable(_ text: String, unicode: Bool) -> String {
        if unicode { return text }
        var folded = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "·": folded += "*"
            case "√": folded += "sqrt "
            case "Δ": folded += "d"
            case "‖": folded += "|"
            case "ᵗ": folded += "^t"
            case "\u{0302}": folded += "hat"
            default: folded.unicodeScalars.append(scalar)
            }
        }
        return Text.displayable(folded, unicode: false)
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
