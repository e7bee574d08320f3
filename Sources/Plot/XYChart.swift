/// A chart of series over x and y: scatters, lines and point markers, with axes, ticks and a
/// legend (`y  data ⠂  fit ─`) in its first row. Series are drawn in order; later ones win a cell.
/// The legend lists them in `legendOrder` (drawing order by default).
public struct XYChart: Widget, Sendable {
    /// Points drawn together under one legend entry.
    public struct Series: Sendable {
        /// `points` marks each point with the role's dots or glyph; `markers` with a whole-cell
        /// marker (`●`, ASCII `o`) that small data sets stay visible by; `line` joins consecutive points.
        public enum Kind: Sendable {
            case points
            case markers
            case line
        }

        /// The legend name; empty keeps the series out of the legend.
        public var name: String
        public var kind: Kind
        public var role: SeriesRole
        public var xs: [Double]
        public var ys: [Double]
        /// A race runner's series: drawn with the runner's letter and colour instead of the role's
        /// marks (its capital letter for the `.point` role).
        public var runner: RunnerInk?

        public init(name: String, kind: Kind, role: SeriesRole, xs: [Double], ys: [Double]) {
            self.name = name
            self.kind = kind
            self.role = role
            self.xs = xs
            self.ys = ys
        }
    }

    /// Width of the y tick labels, the same for every range so the plot does not move.
    public static let yLabelWidth = 6

    public var series: [Series]
    public var viewport: Viewport
    public var xName: String
    public var yName: String
    /// Indices into `series` in the order the legend names them.
    public var legendOrder: [Int]
    /// A race's selected runner, drawn on top where runners' series overlap (`Canvas.overlay`).
    public var onTop: RunnerInk?

    public init(series: [Series], viewport: Viewport, xName: String = "x", yName: String = "y", legendOrder: [Int]? = nil) {
        self.series = series
        self.viewport = viewport
        self.xName = xName
        self.yName = yName
        self.legendOrder = legendOrder ?? Array(series.indices)
    }

    /// The cells of `area` the data goes into (inside the axes), or nil when the area is too small.
    public static func plotArea(in area: Rect) -> Rect? {
        ChartLayout(area: area, yLabelWidth: yLabelWidth)?.plot
    }

    public func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        frame.fill(area)
        let palette = Palette(options)
        drawLegend(into: &frame, area: area, options: options, palette: palette)
        guard let layout = ChartLayout(area: area, yLabelWidth: Self.yLabelWidth) else { return }
        var canvas = Canvas(columns: layout.plot.width, rows: layout.plot.height, unicode: options.unicode, blocks: options.present)
        let series = drawingOrder(color: options.color)
        // Consecutive runner series of one role (every runner's trail, say) share their cells.
        var index = 0
        while index < series.count {
            var end = index + 1
            if series[index].runner != nil {
                while end < series.count, series[end].runner != nil, series[end].role == series[index].role { end += 1 }
            }
            if end - index == 1 {
                draw(series[index], on: &canvas, palette: palette)
            } else {
                let group = series[index..<end]
                let layers = group.map { one in
                    var layer = Canvas(columns: canvas.columns, rows: canvas.rows, unicode: canvas.unicode, blocks: canvas.blocks)
                    draw(one, on: &layer, palette: palette)
                    return layer
                }
                canvas.overlay(layers, onTop: group.firstIndex { $0.runner == onTop && onTop != nil }.map { $0 - index })
            }
            index = end
        }
        canvas.render(into: &frame, x: layout.plot.x, y: layout.plot.y)
        Axes(viewport: viewport, xName: xName).draw(into: &frame, layout: layout, canvas: canvas, options: options)
    }

    /// The series in the order they are drawn (later ones take cells over). Without colour a fitted
    /// curve under dense data would vanish among the dots, so the fit (`•`, ASCII `*`) goes last,
    /// over the data's light dots; with colour, or with data as whole-cell markers (`●`, `o`), the
    /// data stay on top and colour or the marker tells them apart.
    func drawingOrder(color: Bool) -> [Series] {
        guard !color, !series.contains(where: { ($0.role == .data || $0.role == .trainingData) && $0.kind == .markers }) else { return series }
        let isFit = { (one: Series) in one.role == .fit && one.runner == nil }
        return series.filter { !isFit($0) } + series.filter(isFit)
    }

    private func draw(_ series: Series, on canvas: inout Canvas, palette: Palette) {
        let ink = series.runner.map { palette.ink($0, capital: series.role == .point) }
            ?? palette.ink(series.role, markers: series.kind == .markers)
        switch series.kind {
        case .points, .markers: canvas.scatter(xs: series.xs, ys: series.ys, in: viewport, ink: ink)
        case .line: canvas.polyline(xs: series.xs, ys: series.ys, in: viewport, ink: ink)
        }
    }

    private func drawLegend(into frame: inout Frame, area: Rect, options: RenderOptions, palette: Palette) {
        let unicode = options.unicode
        var x = area.x
        let name = Text.displayable(yName, unicode: unicode)
        if !name.isEmpty {
            x = frame.put(name, x: x, y: area.y, style: palette.quiet, clip: area) + 2
        }
        for index in legendOrder where series.indices.contains(index) && !series[index].name.isEmpty {
            let series = series[index]
            let entry = Text.displayable(series.name, unicode: unicode)
            let markers = series.kind == .markers
            let glyph = series.runner.map { String($0.capital) }
                ?? palette.legendGlyph(series.role, line: series.kind == .line, markers: markers)
            let glyphStyle = series.runner.map { palette.ink($0, capital: true).style } ?? palette.ink(series.role, markers: markers).style
            guard x + entry.count + 1 + glyph.count <= area.maxX else { break }
            x = frame.put(entry, x: x, y: area.y, style: palette.label, clip: area) + 1
            x = frame.put(glyph, x: x, y: area.y, style: glyphStyle, clip: area) + 2
        }
    }
}
