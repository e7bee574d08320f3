/// Draws a `LandscapePicture`: contour lines of the slice (`Contours`) at log-spaced heights above
/// its lowest value (`ContourLevels`), coloured from green (low) through cyan and blue to magenta
/// (high), with the path (`◦`), the optimum (`✕`) and the current point (`●`) over them; the header
/// names the axes (`b ↑  a →`) and the marks. A one-parameter picture is the loss curve with the
/// path and the point on it, as the parabola is drawn. Without colour the contours are plain
/// braille; in ASCII `'` `.` `:` with `o`, `x` and `@` for the marks.
struct LandscapeChart: Widget {
    var picture: LandscapePicture

    /// Contour colours from the lowest levels to the highest.
    static let levelColors: [Color] = [.green, .cyan, .blue, .magenta]

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        if let curve = picture.curve {
            renderCurve(curve, into: &frame, area: area, options: options)
            return
        }
        frame.fill(area)
        let palette = Palette(options)
        let levels = ContourLevels(values: picture.values)
        drawHeader(into: &frame, area: area, options: options, palette: palette)
        guard let layout = ChartLayout(area: area, yLabelWidth: XYChart.yLabelWidth),
              let first = picture.xs.first, let last = picture.xs.last,
              let bottom = picture.ys.first, let top = picture.ys.last else { return }
        let viewport = Viewport(x: Scale(first, last), y: Scale(bottom, top))
        var canvas = Canvas(columns: layout.plot.width, rows: layout.plot.height, unicode: options.unicode, blocks: options.present)
        if let levels {
            let inks = (levels.lowestIndex...levels.highestIndex).map { level in
                Ink(style: palette.style(Self.color(of: level, in: levels)), mark: .dots)
            }
            var marks = [[(x: Int, y: Int)]](repeating: [], count: inks.count)
            Contours.trace(values: picture.values, levels: levels, width: canvas.dotWidth, height: canvas.dotHeight) {
                marks[$2 - levels.lowestIndex].append(($0, $1))
            }
            // Higher levels first, so where two meet in a cell the lower (nearer the optimum) colours it.
            for (ink, dots) in zip(inks, marks).reversed() {
                for dot in dots { canvas.dot(x: dot.x, y: dot.y, ink: ink) }
            }
        }
        if picture.runners.isEmpty {
            Self.drawMarks(path: picture.path, optimum: picture.optimum, point: picture.point,
                           on: &canvas, viewport: viewport, options: options)
        } else {
            Self.drawMarks(path: .empty, optimum: picture.optimum, point: nil, on: &canvas, viewport: viewport, options: options)
            Self.drawRunners(picture.runners, onTop: picture.onTop, on: &canvas, viewport: viewport, options: options)
        }
        canvas.render(into: &frame, x: layout.plot.x, y: layout.plot.y)
        let xName = picture.xName.count <= XYChart.yLabelWidth ? picture.xName : ""
        Axes(viewport: viewport, xName: xName).draw(into: &frame, layout: layout, canvas: canvas, options: options)
    }

    static func color(of level: Int, in levels: ContourLevels) -> Color {
        let count = levels.highestIndex - levels.lowestIndex + 1
        let position = (level - levels.lowestIndex) * levelColors.count / max(count, 1)
        return levelColors[min(max(position, 0), levelColors.count - 1)]
    }

    static func pathInk(_ options: RenderOptions) -> Ink {
        Ink(style: .plain, mark: .glyph(options.unicode ? "◦" : "o"))
    }

    static func optimumInk(_ options: RenderOptions) -> Ink {
        Ink(style: Style(bold: true), mark: .glyph(options.unicode ? "✕" : "x"))
    }

    /// The path, then the optimum, then the current point on top.
    private static func drawMarks(path: XYPoints, optimum: DataPoint?, point: DataPoint?, on canvas: inout Canvas,
                                  viewport: Viewport, options: RenderOptions) {
        let palette = Palette(options)
        canvas.scatter(xs: path.xs, ys: path.ys, in: viewport, ink: pathInk(options))
        if let optimum {
            canvas.scatter(xs: [optimum.x], ys: [optimum.y], in: viewport, ink: optimumInk(options))
        }
        if let point {
            canvas.scatter(xs: [point.x], ys: [point.y], in: viewport, ink: palette.ink(.point))
        }
    }

    /// A race's runners: each path in the runner's small letter, its point in its capital.
    private static func drawRunners(_ runners: [LandscapePicture.RunnerPath], onTop: RunnerInk?, on canvas: inout Canvas,
                                    viewport: Viewport, options: RenderOptions) {
        let palette = Palette(options)
        func layers(_ draw: (LandscapePicture.RunnerPath, inout Canvas) -> Void) -> [Canvas] {
            runners.map { runner in
                var layer = Canvas(columns: canvas.columns, rows: canvas.rows, unicode: canvas.unicode, blocks: canvas.blocks)
                draw(runner, &layer)
                return layer
            }
        }
        let top = runners.firstIndex { $0.ink == onTop && onTop != nil }
        canvas.overlay(layers { runner, layer in
            layer.scatter(xs: runner.path.xs, ys: runner.path.ys, in: viewport, ink: palette.ink(runner.ink))
        }, onTop: top)
        canvas.overlay(layers { runner, layer in
            guard let point = runner.point else { return }
            layer.scatter(xs: [point.x], ys: [point.y], in: viewport, ink: palette.ink(runner.ink, capital: true))
        }, onTop: top)
    }

    /// `b ↑  a →  contours ────  path ◦  optimum ✕  now ●  note`, as much as fits.
    private func drawHeader(into frame: inout Frame, area: Rect, options: RenderOptions, palette: Palette) {
        let unicode = options.unicode
        let names = Text.displayable("\(picture.yName) \(unicode ? "↑" : "^")  \(picture.xName) \(unicode ? "→" : ">")",
                                     unicode: unicode)
        var x = frame.put(names, x: area.x, y: area.y, style: palette.quiet, clip: area) + 2
        var entries: [(String, [(String, Style)])] = []
        let contourSample: [(String, Style)] = !unicode ? [(":", palette.label)]
            : options.color ? Self.levelColors.map { ("─", palette.style($0)) } : [("─", palette.label)]
        entries.append(("contours", contourSample))
        if !picture.runners.isEmpty {
            entries.append(("paths", picture.runners.map { (String($0.ink.letter), palette.ink($0.ink).style) }))
        } else if !picture.path.xs.isEmpty {
            entries.append(("path", [(unicode ? "◦" : "o", Self.pathInk(options).style)]))
        }
        if picture.optimum != nil { entries.append(("optimum", [(unicode ? "✕" : "x", Self.optimumInk(options).style)])) }
        if picture.point != nil && picture.runners.isEmpty { entries.append(("now", [(unicode ? "●" : "@", palette.ink(.point).style)])) }
        for (name, sample) in entries {
            let width = name.count + 1 + sample.reduce(0) { $0 + $1.0.count }
            guard x + width <= area.maxX else { return }
            x = frame.put(name, x: x, y: area.y, style: palette.label, clip: area) + 1
            for (glyph, style) in sample { x = frame.put(glyph, x: x, y: area.y, style: style, clip: area) }
            x += 2
        }
        let note = Text.displayable(picture.note, unicode: unicode)
        if !note.isEmpty, x + note.count <= area.maxX {
            frame.put(note, x: x, y: area.y, style: palette.quiet, clip: area)
        }
    }

    /// The loss as a curve of the one parameter, with the path and the point on it and the
    /// optimum's `✕` at the bottom of the bowl.
    private func renderCurve(_ curve: XYPoints, into frame: inout Frame, area: Rect, options: RenderOptions) {
        let viewport = picture.curveView ?? Viewport(x: Scale.covering(curve.xs), y: Scale.covering(curve.ys, padding: 0.06))
        var series = [XYChart.Series(name: "", kind: .line, role: .function, xs: curve.xs, ys: curve.ys)]
        if picture.runners.isEmpty {
            series.append(XYChart.Series(name: "steps", kind: .points, role: .trail, xs: picture.path.xs, ys: picture.path.ys))
            if let point = picture.point {
                series.append(XYChart.Series(name: "now", kind: .points, role: .point, xs: [point.x], ys: [point.y]))
            }
        }
        for runner in picture.runners {
            var trail = XYChart.Series(name: "", kind: .points, role: .trail, xs: runner.path.xs, ys: runner.path.ys)
            trail.runner = runner.ink
            series.append(trail)
        }
        for runner in picture.runners {
            guard let point = runner.point else { continue }
            var now = XYChart.Series(name: "", kind: .points, role: .point, xs: [point.x], ys: [point.y])
            now.runner = runner.ink
            series.append(now)
        }
        var chart = XYChart(series: series, viewport: viewport, xName: picture.xName, yName: picture.yName)
        chart.onTop = picture.onTop
        chart.render(into: &frame, area: area, options: options)
        guard let optimum = picture.optimum, let layout = ChartLayout(area: area, yLabelWidth: XYChart.yLabelWidth) else { return }
        var canvas = Canvas(columns: layout.plot.width, rows: layout.plot.height, unicode: options.unicode, blocks: options.present)
        Self.drawMarks(path: .empty, optimum: optimum, point: picture.runners.isEmpty ? picture.point : nil,
                       on: &canvas, viewport: viewport, options: options)
        let ink = Self.optimumInk(options)
        guard let column = canvas.dotColumn(optimum.x, in: viewport).map({ $0 / canvas.dotsPerColumn }),
              let row = canvas.dotRow(optimum.y, in: viewport).map({ $0 / canvas.dotsPerRow }),
              column >= 0, row >= 0, column < canvas.columns, row < canvas.rows,
              canvas.character(column: column, row: row) == (options.unicode ? "✕" : "x") else { return }
        frame[layout.plot.x + column, layout.plot.y + row] = Cell(options.unicode ? "✕" : "x", style: ink.style)
        var x = area.maxX
        while x > area.x, frame[x - 1, area.y].character == " " { x -= 1 }
        let legend = "optimum \(options.unicode ? "✕" : "x")"
        if x + 2 + legend.count <= area.maxX {
            frame.put("optimum ", x: x + 2, y: area.y, style: Palette(options).label, clip: area)
            frame.put(options.unicode ? "✕" : "x", x: x + 2 + 8, y: area.y, style: ink.style, clip: area)
        }
    }
}
