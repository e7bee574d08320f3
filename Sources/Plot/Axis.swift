/// Draws the axes of a chart: the y axis with fixed-width, right-aligned tick labels, and the x
/// axis with tick labels centered under their ticks (fewer ticks when the labels would collide),
/// its name at the start of the label row, under the y labels, so the row reads `x  -2  0  2`.
struct Axes {
    var viewport: Viewport
    var xName: String
    /// Tick spacing on x of at least 1, for step counts.
    var integralX = false

    static let xLabelWidth = 8

    func draw(into frame: inout Frame, layout: ChartLayout, canvas: Canvas, options: RenderOptions) {
        let palette = Palette(options)
        let symbols = Symbols.of(options)
        let area = layout.area, plot = layout.plot

        for row in plot.y..<plot.maxY {
            frame[layout.axisColumn, row] = Cell(symbols.axisVertical, style: palette.axis)
        }
        for (row, label) in yTicks(layout: layout, canvas: canvas) {
            frame[layout.axisColumn, row] = Cell(symbols.yTick, style: palette.axis)
            frame.put(label, x: area.x + layout.yLabelWidth - label.count, y: row, style: palette.label, clip: area)
        }

        frame[layout.axisColumn, layout.axisRow] = Cell(symbols.axisCorner, style: palette.axis)
        frame.repeatCharacter(symbols.axisHorizontal, from: plot.x, to: plot.maxX, y: layout.axisRow,
                              style: palette.axis, clip: area)
        let name = Text.truncated(Text.displayable(xName, unicode: options.unicode), to: layout.yLabelWidth, unicode: options.unicode)
        frame.put(name, x: area.x, y: layout.labelRow, style: palette.quiet, clip: area)
        let free = name.isEmpty ? area.x : area.x + name.count + 1
        for (column, start, label) in xTicks(layout: layout, canvas: canvas, free: free) {
            frame[column, layout.axisRow] = Cell(symbols.xTick, style: palette.axis)
            frame.put(label, x: start, y: layout.labelRow, style: palette.label, clip: area)
        }
    }

    /// Rows and labels of the y ticks, at most one tick every other row.
    func yTicks(layout: ChartLayout, canvas: Canvas) -> [(row: Int, label: String)] {
        let plot = layout.plot
        let maxCount = max(2, plot.height / 2 + 1)
        let scale = viewport.y
        let width = layout.yLabelWidth
        let ticks = scale.linearThreshold != nil ? Ticks.symmetricDecades(scale, maxCount: maxCount, maxWidth: width)
            : scale.logarithmic
            ? Ticks.decades(from: scale.lower, to: scale.upper, maxCount: maxCount, maxWidth: width)
            : Ticks.linear(from: scale.lower, to: scale.upper, maxCount: maxCount, maxWidth: width)
        var result: [(row: Int, label: String)] = []
        for value in ticks.values {
            guard let dot = canvas.dotRow(value, in: viewport) else { continue }
            let row = plot.y + dot / canvas.dotsPerRow
            guard row >= plot.y, row < plot.maxY, !result.contains(where: { $0.row == row }) else { continue }
            result.append((row, ticks.label(value, maxWidth: width)))
        }
        return result
    }

    /// Columns, label starts and labels of the x ticks: as many as fit with a space between labels,
    /// every label inside the area and starting at `free` or later.
    func xTicks(layout: ChartLayout, canvas: Canvas, free: Int) -> [(column: Int, start: Int, label: String)] {
        let plot = layout.plot
        var maxCount = max(2, plot.width / 4 + 2)
        while true {
            let placed = placeXTicks(maxCount: maxCount, layout: layout, canvas: canvas, free: free)
            if placed.complete || maxCount <= 2 { return placed.ticks }
            maxCount -= 1
        }
    }

    private func placeXTicks(maxCount: Int, layout: ChartLayout, canvas: Canvas, free firstFree: Int)
        -> (ticks: [(column: Int, start: Int, label: String)], complete: Bool) {
        let plot = layout.plot, area = layout.area
        let ticks = Ticks.linear(from: viewport.x.lower, to: viewport.x.upper, maxCount: maxCount, integral: integralX,
                                 maxWidth: Self.xLabelWidth)
        var result: [(column: Int, start: Int, label: String)] = []
        var complete = true
        var free = firstFree
        for value in ticks.values {
            guard let dot = canvas.dotColumn(value, in: viewport) else { continue }
            let column = plot.x + dot / canvas.dotsPerColumn
            guard column >= plot.x, column < plot.maxX else { continue }
            let label = ticks.label(value, maxWidth: Self.xLabelWidth)
            var start = column - label.count / 2
            if start + label.count > area.maxX { start = area.maxX - label.count }
            guard start >= free, start <= column, start + label.count > column else {
                complete = false
                continue
            }
            result.append((column, start, label))
            free = start + label.count + 1
        }
        return (result, complete)
    }
}
