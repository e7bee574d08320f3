/// Draws a `DecisionMapPicture`. In colour each cell is two samples, an upper and a lower (`▀` in
/// the upper one's colour on the lower one's background, a blank where they agree): class 0 red,
/// class 1 blue, class 2 green where the model is sure, magenta, cyan and yellow where it leans
/// (a background colour reads on dark and light terminals alike). The boundary between classes
/// (p = 0.5 for two) is a line of braille dots, the data are class shapes (`●` `▲` `■`, hollow
/// `○` `△` `□` for held-out points) in bold over the map. Without colour the classes are shades
/// (blank, `░`, `▒`) under the same line and shapes; in ASCII `.` and `,` dots, a `*` line and the
/// letters `O` `X` `A` (held out: `o` `x` `a`).
struct DecisionMapChart: Widget {
    var picture: DecisionMapPicture

    static let sureColors: [Color] = [.red, .blue, .green]
    static let leaningColors: [Color] = [.magenta, .cyan, .yellow]

    static func marker(label: Int, heldOut: Bool, unicode: Bool) -> Character {
        let index = min(max(label, 0), 2)
        if !unicode { return Array(heldOut ? "oxa" : "OXA")[index] }
        return Array(heldOut ? "○△□" : "●▲■")[index]
    }

    /// Where the class colour turns from leaning to sure: halfway from a uniform guess to certainty.
    var sureAbove: Double { (1 + 1 / Double(max(picture.classes, 2))) / 2 }

    func background(_ sample: Int) -> Color {
        let winner = min(Int(picture.winners[sample]), 2)
        return picture.confidence[sample] >= sureAbove ? Self.sureColors[winner] : Self.leaningColors[winner]
    }

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        frame.fill(area)
        let palette = Palette(options)
        drawHeader(into: &frame, area: area, options: options, palette: palette)
        guard let layout = ChartLayout(area: area, yLabelWidth: XYChart.yLabelWidth),
              picture.columns > 0, picture.rows > 0, picture.winners.count == picture.columns * picture.rows,
              picture.confidence.count == picture.winners.count else { return }
        let plot = layout.plot, view = picture.viewport
        let canvas = Canvas(columns: plot.width, rows: plot.height, unicode: options.unicode)
        // The class at every dot of the plot (braille: 2 × 4 a cell; ASCII: 1 × 2), top row first.
        let dotColumns = canvas.dotWidth, dotRows = canvas.dotHeight
        func dataX(_ dot: Double) -> Double { view.x.lower + (dot + 0.5) / Double(dotColumns) * (view.x.upper - view.x.lower) }
        func dataY(_ dot: Double) -> Double { view.y.upper - (dot + 0.5) / Double(dotRows) * (view.y.upper - view.y.lower) }
        var dotClass = [UInt8](repeating: 0, count: dotColumns * dotRows)
        for row in 0..<dotRows {
            let y = dataY(Double(row))
            for column in 0..<dotColumns {
                dotClass[row * dotColumns + column] = picture.winners[picture.sample(x: dataX(Double(column)), y: y)]
            }
        }
        func onBoundary(_ column: Int, _ row: Int) -> Bool {
            let here = dotClass[row * dotColumns + column]
            return (column + 1 < dotColumns && dotClass[row * dotColumns + column + 1] != here)
                || (row + 1 < dotRows && dotClass[(row + 1) * dotColumns + column] != here)
        }
        let perColumn = canvas.dotsPerColumn, perRow = canvas.dotsPerRow
        for cellRow in 0..<plot.height {
            for cellColumn in 0..<plot.width {
                let x = plot.x + cellColumn, y = plot.y + cellRow
                let centreX = dataX(Double(cellColumn * perColumn) + Double(perColumn) / 2 - 0.5)
                var bits: UInt8 = 0
                for dy in 0..<perRow {
                    for dx in 0..<perColumn where onBoundary(cellColumn * perColumn + dx, cellRow * perRow + dy) {
                        bits |= options.unicode ? Braille.bit(column: dx, row: dy) : 1
                    }
                }
                let upper = picture.sample(x: centreX, y: dataY(Double(cellRow * perRow) + Double(perRow) / 4 - 0.5))
                let lower = picture.sample(x: centreX, y: dataY(Double(cellRow * perRow) + Double(perRow) * 3 / 4 - 0.5))
                if options.color {
                    let top = background(upper), bottom = background(lower)
                    if bits != 0 {
                        frame[x, y] = Cell(Braille.character(bits), style: Style(bold: true, background: bottom))
                    } else {
                        frame[x, y] = top == bottom ? Cell(" ", style: Style(background: bottom))
                                                    : Cell("▀", style: Style(color: top, background: bottom))
                    }
                } else if bits != 0 {
                    frame[x, y] = Cell(options.unicode ? Braille.character(bits) : "*", style: palette.emphasis)
                } else {
                    let winner = Int(picture.winners[lower])
                    let shade: Character = options.unicode ? [" ", "░", "▒"][min(winner, 2)]
                        : winner == 0 || (cellColumn + cellRow) % 2 == 1 ? " " : (winner == 1 ? "." : ",")
                    frame[x, y] = Cell(shade, style: .plain)
                }
            }
        }
        // Held-out points first, so a training point in the same cell shows.
        for point in picture.points.sorted(by: { $0.heldOut && !$1.heldOut }) {
            guard point.x.isFinite, point.y.isFinite, view.x.lower...view.x.upper ~= point.x, view.y.lower...view.y.upper ~= point.y else { continue }
            let column = min(plot.width - 1, Int((point.x - view.x.lower) / (view.x.upper - view.x.lower) * Double(plot.width)))
            let row = min(plot.height - 1, Int((view.y.upper - point.y) / (view.y.upper - view.y.lower) * Double(plot.height)))
            let x = plot.x + column, y = plot.y + row
            let under = frame[x, y].style.background
            frame[x, y] = Cell(Self.marker(label: point.label, heldOut: point.heldOut, unicode: options.unicode),
                               style: Style(bold: true, background: options.color ? under : .default))
        }
        let xName = picture.xName.count <= XYChart.yLabelWidth ? picture.xName : ""
        Axes(viewport: view, xName: xName).draw(into: &frame, layout: layout, canvas: canvas, options: options)
    }

    /// `x2 ↑  x1 →   ● class 0  ▲ class 1  ○△ held out  ⠉ boundary`, as far as it fits.
    private func drawHeader(into frame: inout Frame, area: Rect, options: RenderOptions, palette: Palette) {
        let unicode = options.unicode
        let names = Text.displayable("\(picture.yName) \(unicode ? "↑" : "^")  \(picture.xName) \(unicode ? "→" : ">")", unicode: unicode)
        var x = frame.put(names, x: area.x, y: area.y, style: palette.quiet, clip: area) + 2
        var entries: [[(String, Style)]] = []
        for label in 0..<min(max(picture.classes, 2), 3) {
            let swatch = options.color ? Style(bold: true, background: Self.sureColors[label]) : palette.emphasis
            entries.append([(String(Self.marker(label: label, heldOut: false, unicode: unicode)), swatch), (" class \(label)", palette.label)])
        }
        if picture.points.contains(where: \.heldOut) {
            let hollow = (0..<min(max(picture.classes, 2), 3)).map { String(Self.marker(label: $0, heldOut: true, unicode: unicode)) }.joined()
            entries.append([(hollow, palette.emphasis), (" held out", palette.label)])
        }
        let half = picture.classes == 2 ? " p = 0.5" : ""
        entries.append([(unicode ? "⠒" : "*", palette.emphasis), (" boundary" + half, palette.label)])
        for entry in entries {
            let width = entry.reduce(0) { $0 + $1.0.count }
            guard x + width <= area.maxX else { return }
            for (text, style) in entry { x = frame.put(text, x: x, y: area.y, style: style, clip: area) }
            x += 2
        }
    }
}
