/// Draws a `NeuronsPicture`: a header with the layer and the colour scale, a grid of maps (one a
/// neuron, its name and numbers above it, the chosen one's name reversed), and under them the
/// chosen neuron's formula and its range over the window.
///
/// In colour each map cell is two samples (`▀`/`▄` over a background, as the decision map) on a
/// diverging scale: red low, magenta lower, blank near the middle, cyan higher, blue high (tanh:
/// −1 … 1; sigmoid: 0 … 1; ReLU: 0 … the largest output). Without colour the scale is a ramp of
/// shades (` ░▒▓█`), in ASCII ` -=*#`, one sample a cell. Where a ReLU is off (output 0) the map
/// shows a faint `·` (`.`), so a dead neuron's map is there to see.
struct NeuronsChart: Widget {
    var picture: NeuronsPicture

    static let scaleColors: [Color] = [.red, .magenta, .default, .cyan, .blue]

    /// The colour step (0 … 4) of a position on the scale.
    static func colorStep(_ t: Double) -> Int {
        t < -0.6 ? 0 : t < -0.2 ? 1 : t <= 0.2 ? 2 : t <= 0.6 ? 3 : 4
    }

    /// The shade of a position on the scale without colour.
    static func shade(_ t: Double, unicode: Bool, oneSided: Bool) -> Character {
        let ramp: [Character] = unicode ? [" ", "░", "▒", "▓", "█"] : [" ", "-", "=", "*", "#"]
        let u = oneSided ? t : (t + 1) / 2
        return ramp[min(4, max(0, Int(u * 5)))]
    }

    /// Columns and rows of the grid of maps, and each map's cells across and down.
    struct Grid: Equatable {
        var columns: Int, rows: Int, mapWidth: Int, mapHeight: Int
    }

    /// The grid that gives the maps the most cells, each about square in the plane (a cell is
    /// twice as tall as wide), in `width` × `height` cells with a blank column between maps and a
    /// name row above each; nil when not even one cell a map fits.
    static func grid(count: Int, width: Int, height: Int) -> Grid? {
        guard count > 0 else { return nil }
        var best: Grid?
        for columns in 1...count {
            let rows = (count + columns - 1) / columns
            let tileWidth = (width - (columns - 1)) / columns, tileHeight = height / rows
            guard tileWidth >= 3, tileHeight >= 2 else { continue }
            let mapWidth = min(tileWidth, 2 * (tileHeight - 1))
            let mapHeight = max(1, min(tileHeight - 1, (mapWidth + 1) / 2))
            let grid = Grid(columns: columns, rows: rows, mapWidth: mapWidth, mapHeight: mapHeight)
            if let current = best, current.mapWidth * current.mapHeight >= mapWidth * mapHeight { continue }
            best = grid
        }
        return best
    }

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        guard area.width > 0, area.height > 0 else { return }
        frame.fill(area)
        let palette = Palette(options)
        if let note = picture.note {
            let text = Text.displayable(note, unicode: options.unicode)
            for (row, line) in Text.wrapped(text, width: area.width, longWords: .cut).prefix(area.height).enumerated() {
                frame.put(line, x: area.x, y: area.y + row, style: palette.notice, clip: area)
            }
            return
        }
        let neurons = picture.neurons
        guard !neurons.isEmpty, picture.columns > 0, picture.rows > 0,
              neurons.allSatisfy({ $0.values.count == picture.columns * picture.rows }) else { return }
        let largest = picture.largestMagnitude
        drawHeader(into: &frame, area: area, options: options, palette: palette, largest: largest)
        let footer = min(2, max(0, area.height - 3))
        let gridArea = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1 - footer)
        if let grid = Self.grid(count: neurons.count, width: gridArea.width, height: gridArea.height) {
            let tileWidth = (gridArea.width - (grid.columns - 1)) / grid.columns
            let tileHeight = gridArea.height / grid.rows
            for index in neurons.indices {
                let x = gridArea.x + (index % grid.columns) * (tileWidth + 1), y = gridArea.y + (index / grid.columns) * tileHeight
                drawTile(index, into: &frame, at: (x, y), width: tileWidth, grid: grid, options: options, palette: palette, largest: largest)
            }
        }
        guard footer > 0 else { return }
        let selected = min(max(picture.selected, 0), neurons.count - 1)
        let formula = Text.displayable(picture.formula(selected, unicode: options.unicode), unicode: options.unicode)
        frame.put(Text.truncated(formula, to: area.width, unicode: options.unicode), x: area.x, y: area.maxY - footer,
                  style: palette.emphasis, clip: area)
        guard footer > 1 else { return }
        let values = neurons[selected].values.filter(\.isFinite)
        let dots = options.unicode ? "…" : ".."

        var range = "over the window: "
        if let low = values.min(), let high = values.max() {
            func number(_ value: Double) -> String {
                let text = NumberFormat.significant(value, digits: 3, keepTrailingZeros: false)
                return options.unicode ? text.replacingOccurrences(of: "-", with: "−") : text
            }
            range += "\(number(low)) \(dots) \(number(high))"
            if picture.output == .relu, high <= 0 { range += ", a dead ReLU (0 everywhere: no gradient reaches it)" }
        }
        range += " · p j k: next neuron"
        frame.put(Text.truncated(Text.displayable(range, unicode: options.unicode), to: area.width, unicode: options.unicode),
                  x: area.x, y: area.maxY - 1, style: palette.label, clip: area)
    }

    /// `first layer of 2-16-16-1: 16 tanh neurons   −1 ■■■■■ +1`, as far as it fits.
    private func drawHeader(into frame: inout Frame, area: Rect, options: RenderOptions, palette: Palette, largest: Double) {
        let count = picture.neurons.count
        let what = picture.output == .logit ? "\(count) output\(count == 1 ? "" : "s") (logits), no hidden layer"
            : "\(count) \(picture.output.rawValue) neuron\(count == 1 ? "" : "s")"
        let title = Text.displayable("first layer of \(picture.layers): \(what)", unicode: options.unicode)
        var x = frame.put(title, x: area.x, y: area.y, style: palette.title, clip: area) + 2
        let oneSided = picture.output == .relu
        let ends: (String, String)
        switch picture.output {
        case .tanh: ends = ("-1", "+1")
        case .sigmoid: ends = ("0", "1")
        case .relu: ends = ("0", NumberFormat.significant(largest, digits: 2, keepTrailingZeros: false))
        case .linear, .logit:
            let end = NumberFormat.significant(largest, digits: 2, keepTrailingZeros: false)
            ends = ("-" + end, "+" + end)
        }
        let low = options.unicode ? ends.0.replacingOccurrences(of: "-", with: "−") : ends.0
        let high = ends.1
        guard x + low.count + high.count + 7 <= area.maxX else { return }
        x = frame.put(low + " ", x: x, y: area.y, style: palette.label, clip: area)
        for step in 0..<5 {
            let t = oneSided ? Double(step) / 4 : Double(step) / 2 - 1
            if options.color {
                frame[x, area.y] = Cell(" ", style: Style(background: Self.scaleColors[Self.colorStep(t)]))
            } else {
                frame[x, area.y] = Cell(Self.shade(min(t, 0.999), unicode: options.unicode, oneSided: oneSided), style: .plain)
            }
            x += 1
        }
        frame.put(" " + high, x: x, y: area.y, style: palette.label, clip: area)
    }

    /// One map with its name row: `h3 .83 −1.2 +.05` (as much as fits), reversed when chosen.
    private func drawTile(_ index: Int, into frame: inout Frame, at origin: (x: Int, y: Int), width: Int, grid: Grid,
                          options: RenderOptions, palette: Palette, largest: Double) {
        let neuron = picture.neurons[index]
        let name = picture.name(index)
        var numbers = neuron.weights.map { NumberFormat.significant($0, digits: 2, keepTrailingZeros: false) }
        if let bias = neuron.bias { numbers.append("b" + NumberFormat.significant(bias, digits: 2, keepTrailingZeros: false)) }
        var label = name
        for number in numbers where label.count + 1 + number.count <= width { label += " " + number }
        label = Text.displayable(label, unicode: options.unicode)
        let chosen = index == picture.selected
        frame.put(name, x: origin.x, y: origin.y, style: chosen ? Style(bold: true, reverse: true) : palette.emphasis,
                  clip: Rect(x: origin.x, y: origin.y, width: width, height: 1))
        frame.put(String(label.dropFirst(name.count)), x: origin.x + name.count, y: origin.y, style: palette.label,
                  clip: Rect(x: origin.x, y: origin.y, width: width, height: 1))
        let view = picture.viewport
        let oneSided = picture.output == .relu
        let halves = options.color ? 2 : 1
        for row in 0..<grid.mapHeight {
            for column in 0..<grid.mapWidth {
                let x = view.x.lower + (Double(column) + 0.5) / Double(grid.mapWidth) * (view.x.upper - view.x.lower)
                func t(_ half: Int) -> Double {
                    let fraction = (Double(row * halves + half) + 0.5) / Double(grid.mapHeight * halves)
                    let y = view.y.upper - fraction * (view.y.upper - view.y.lower)
                    return picture.position(neuron.values[picture.sample(x: x, y: y)], largest: largest)
                }
                let cellX = origin.x + column, cellY = origin.y + 1 + row
                if oneSided, t(0) <= 0, !options.color || t(1) <= 0 {
                    frame[cellX, cellY] = Cell(options.unicode ? "·" : ".", style: Style(dim: true))
                } else if options.color {
                    let top = Self.scaleColors[Self.colorStep(t(0))], bottom = Self.scaleColors[Self.colorStep(t(1))]
                    frame[cellX, cellY] = top == bottom ? Cell(" ", style: Style(background: bottom))
                        : top == .default ? Cell("▄", style: Style(color: bottom))
                        : Cell("▀", style: Style(color: top, background: bottom))
                } else {
                    frame[cellX, cellY] = Cell(Self.shade(t(0), unicode: options.unicode, oneSided: oneSided), style: .plain)
                }
            }
        }
    }
}
