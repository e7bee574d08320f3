/// Draws a `GraphPicture`: a header row, then one row per line of the tree (guides `├─ │ └─`, the
/// node's name and label, its shape, value and gradient in aligned columns), and, when the tree is
/// longer than the panel, a row saying which lines are shown and how to scroll.
///
/// Columns are sized for the whole tree, so they stay put while it scrolls. Where the panel is too
/// narrow, the indent narrows, then the shape column goes, then the values, then the gradients,
/// and then names are cut; deep trees draw the
/// guides of their deepest levels only (an ellipsis stands for the rest).
struct GraphTree: Widget {
    var picture: GraphPicture

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        guard area.width > 0, area.height > 0 else { return }
        frame.fill(area)
        let palette = Palette(options)
        guard !picture.lines.isEmpty else {
            let note = Text.displayable(picture.note ?? "no graph", unicode: options.unicode)
            for (row, line) in Text.wrapped(note, width: area.width, longWords: .cut).prefix(area.height).enumerated() {
                frame.put(line, x: area.x, y: area.y + row, style: palette.notice, clip: area)
            }
            return
        }
        let lines = picture.lines
        let names = lines.map { Text.displayable(Self.name($0), unicode: options.unicode) }
        let shapes = lines.map(\.shape)
        let values = lines.map { Self.text($0.value, role: $0.role, options: options) }
        let gradients = lines.map { Self.text($0.gradient, role: $0.role, isGradient: true, options: options) }
        let headers = (name: "node", shape: "shape", value: "value", gradient: "grad")
        let valueWidth = max(headers.value.count, values.map(\.count).max() ?? 0)
        let gradientWidth = max(headers.gradient.count, gradients.map(\.count).max() ?? 0)
        let shapeWidth = max(headers.shape.count, shapes.map(\.count).max() ?? 0)
        let deepest = lines.map(\.depth).max() ?? 0

        // The first layout that fits: full indent with every column, a narrower indent, then
        // without shapes, without values, and at last the names alone.
        var layout = Layout(indent: 3, showsShape: true, showsValue: true, showsGradient: true, levels: 0, nameWidth: 0)
        for (indent, showsShape, showsValue, showsGradient) in [(3, true, true, true), (2, true, true, true), (3, false, true, true),
                                                                (2, false, true, true), (2, false, false, true), (2, false, false, false)] {
            let columns = (showsShape ? shapeWidth + 1 : 0) + (showsValue ? valueWidth + 1 : 0) + (showsGradient ? gradientWidth + 1 : 0)
            let levels = min(deepest, max(1, area.width / 2 / indent))
            let needed = zip(lines, names).map { min($0.depth, levels) * indent + $1.count }.max() ?? 0
            layout = Layout(indent: indent, showsShape: showsShape, showsValue: showsValue, showsGradient: showsGradient, levels: levels,
                            nameWidth: max(1, min(max(needed, headers.name.count), area.width - columns)))
            if needed + columns <= area.width { break }
        }
        let shapeX = area.x + layout.nameWidth + 1
        let valueX = shapeX + (layout.showsShape ? shapeWidth + 1 : 0)
        let gradientX = valueX + (layout.showsValue ? valueWidth + 1 : 0)

        frame.put(headers.name, x: area.x, y: area.y, style: palette.title, clip: area)
        if layout.showsShape { frame.put(headers.shape, x: shapeX, y: area.y, style: palette.title, clip: area) }
        if layout.showsValue {
            frame.put(Self.padded(headers.value, to: valueWidth), x: valueX, y: area.y, style: palette.title, clip: area)
        }
        if layout.showsGradient {
            frame.put(Self.padded(headers.gradient, to: gradientWidth), x: gradientX, y: area.y, style: palette.title, clip: area)
        }

        let room = area.height - 1
        let scrolls = lines.count > room && room >= 2
        let rows = scrolls ? room - 1 : room
        let first = max(0, min(picture.scroll, lines.count - rows))
        let symbols = Symbols.of(options)
        for (offset, index) in (first..<min(lines.count, first + rows)).enumerated() {
            let y = area.y + 1 + offset
            let line = lines[index]
            let guides = Self.guides(index, in: lines, levels: layout.levels, indent: layout.indent, unicode: options.unicode, ellipsis: symbols.ellipsis)
            let nameX = frame.put(guides, x: area.x, y: y, style: palette.quiet, clip: area)
            let nameClip = Rect(x: area.x, y: y, width: layout.nameWidth, height: 1)
            let name = Text.truncated(names[index], to: area.x + layout.nameWidth - nameX, unicode: options.unicode)
            drawName(name, line: line, x: nameX, y: y, into: &frame, clip: nameClip, palette: palette)
            if layout.showsShape { frame.put(shapes[index], x: shapeX, y: y, style: palette.label, clip: area) }
            if layout.showsValue {
                frame.put(Self.padded(values[index], to: valueWidth), x: valueX, y: y, style: palette.label, clip: area)
            }
            if layout.showsGradient {
                frame.put(Self.padded(gradients[index], to: gradientWidth), x: gradientX, y: y,
                          style: line.gradient == .none ? palette.quiet : palette.style(.green), clip: area)
            }
        }
        if scrolls {
            let last = min(lines.count, first + rows)
            let dash = options.unicode ? "–" : "-"
            let long = "lines \(first + 1)\(dash)\(last) of \(lines.count) · j/k PgDn/PgUp"
            let text = Text.displayable(long.count <= area.width ? long : "\(first + 1)\(dash)\(last)/\(lines.count) j/k",
                                        unicode: options.unicode)
            frame.put(text, x: area.x, y: area.maxY - 1, style: palette.quiet, clip: area)
        }
    }

    private struct Layout {
        var indent: Int
        var showsShape: Bool
        var showsValue: Bool
        var showsGradient: Bool
        /// Tree levels whose guides are drawn.
        var levels: Int
        var nameWidth: Int
    }

    /// What the name column says of a line.
    static func name(_ line: GraphPicture.Line) -> String {
        switch line.role {
        case .operation: line.name
        case .parameter: line.label.map { "\(line.name) \($0)" } ?? line.name
        case .data: line.label ?? "data"
        case .reference: "↑ \(line.label ?? line.name) (above)"
        }
    }

    /// The parameter's or data's label in its colour, the rest in the default foreground.
    private func drawName(_ text: String, line: GraphPicture.Line, x: Int, y: Int, into frame: inout Frame,
                          clip: Rect, palette: Palette) {
        switch line.role {
        case .parameter where text.count > line.name.count:
            let after = frame.put(String(text.prefix(line.name.count + 1)), x: x, y: y, style: palette.label, clip: clip)
            frame.put(String(text.dropFirst(line.name.count + 1)), x: after, y: y, style: palette.style(.magenta, bold: true), clip: clip)
        case .data:
            frame.put(text, x: x, y: y, style: palette.style(.blue), clip: clip)
        default:
            frame.put(text, x: x, y: y, style: palette.label, clip: clip)
        }
    }

    /// The guides before line `index`: for each ancestor level shown, `│` while that ancestor has
    /// inputs still to come; `├─` or `└─` at the line's own level. A line deeper than the levels
    /// shown starts with an ellipsis in place of the levels left out.
    static func guides(_ index: Int, in lines: [GraphPicture.Line], levels: Int, indent unit: Int,
                       unicode: Bool, ellipsis: String) -> String {
        let line = lines[index]
        guard line.depth > 0 else { return "" }
        let shown = min(line.depth, levels)
        var slots: [String] = []
        slots.reserveCapacity(shown)
        let branch = line.isLast ? (unicode ? "└─" : "`-") : (unicode ? "├─" : "|-")
        slots.append(unit == 3 ? branch + " " : String(branch.prefix(1)) + " ")
        var ancestor = line.parent
        while slots.count < shown, let row = ancestor {
            let above = lines[row]
            guard above.depth > 0 else { break }
            let vertical = unicode ? "│" : "|"
            slots.append((above.isLast ? " " : vertical) + String(repeating: " ", count: unit - 1))
            ancestor = above.parent
        }
        if line.depth > shown {
            slots[slots.count - 1] = ellipsis + String(repeating: " ", count: max(0, unit - ellipsis.count))
        }
        return slots.reversed().joined()
    }

    static func text(_ quantity: GraphPicture.Quantity, role: GraphPicture.Role, isGradient: Bool = false,
                     options: RenderOptions) -> String {
        switch quantity {
        case .scalar(let value): return NumberFormat.significant(value, digits: 4, keepTrailingZeros: false)
        case .norm(let norm):
            let bar = options.unicode ? "‖" : "|"
            return bar + NumberFormat.significant(norm, digits: 4, keepTrailingZeros: false) + bar
        case .none: return isGradient && role == .data ? "None" : ""
        }
    }

    static func padded(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
