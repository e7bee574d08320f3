/// A race's status area, in place of the status line: a heading row (`▶ running  step 1200  speed
/// 200/s`), then one row per runner:
///
///     ▶ A Adam      lr 0.001   loss 0.4467   to 1% of best: 840 steps
///       S SGD       lr 1e-5    loss ✕ diverged
///
/// the selected runner marked with `▶` (ASCII `>`), each runner's letter in its colour. Rows that
/// do not fit below each other go into side-by-side columns; the wide form tightens (single spaces,
/// `1%: 840`) before cells are cut at the column's edge.
struct RaceTable: Widget {
    var status: LabStatus
    var race: RaceOverlay

    /// Runner rows shown below each other in a status area of `rows` rows for the runners.
    static func rowsPerColumn(runners: Int, rows: Int) -> Int { max(1, min(runners, rows)) }

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        guard area.height > 0 else { return }
        let palette = Palette(options)
        drawHeading(into: &frame, area: area, palette: palette, unicode: options.unicode)
        let perColumn = Self.rowsPerColumn(runners: race.rows.count, rows: area.height - 1)
        let columns = (race.rows.count + perColumn - 1) / perColumn
        guard columns > 0 else { return }
        let columnWidth = (area.width - 2 * (columns - 1)) / columns
        for short in [false, true] {
            let table = race.rows.map { cells(of: $0, short: short, options: options) }
            let widths = (0..<4).map { column in table.map { $0[column].text.count }.max() ?? 0 }
            let gap = short ? " " : "  "
            let needed = 4 + widths.reduce(0, +) + gap.count * 3
            guard needed <= columnWidth || short else { continue }
            for (index, row) in race.rows.enumerated() {
                let x = area.x + (index / perColumn) * (columnWidth + 2)
                let y = area.y + 1 + index % perColumn
                let clip = Rect(x: x, y: y, width: columnWidth, height: 1)
                if row.isSelected { frame.put(options.unicode ? "▶" : ">", x: x, y: y, style: palette.emphasis, clip: clip) }
                let ink = index < race.runners.count ? race.runners[index].ink : RunnerInk(slot: index, letter: "?")
                var at = frame.put(String(ink.capital), x: x + 2, y: y, style: palette.ink(ink, capital: true).style, clip: clip) + 1
                for (column, cell) in table[index].enumerated() where !cell.text.isEmpty {
                    let text = column == 3 ? cell.text : cell.text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    at = frame.put((column == 0 ? "" : gap) + text, x: at, y: y, style: cell.style(palette, row), clip: clip)
                }
            }
            return
        }
    }

    private struct Cell {
        enum Kind { case name, plain, loss, reach }
        var text: String
        var kind: Kind

        func style(_ palette: Palette, _ row: RaceOverlay.Row) -> Style {
            switch kind {
            case .name: row.isSelected ? palette.emphasis : palette.label
            case .plain, .reach: palette.label
            case .loss: row.diverged || !(row.loss?.isFinite ?? true) ? palette.alarm : palette.label
            }
        }
    }

    /// Name, learning rate, loss, and the steps to within 1% of the best loss.
    private func cells(of row: RaceOverlay.Row, short: Bool, options: RenderOptions) -> [Cell] {
        let name = Text.displayable(row.optimizer, unicode: options.unicode)
        let rate = "lr " + NumberFormat.learningRate(row.learningRate)
        if row.diverged {
            return [Cell(text: name, kind: .name), Cell(text: rate, kind: .plain),
                    Cell(text: "loss " + String(Symbols.of(options).diverged) + " diverged", kind: .loss),
                    Cell(text: "", kind: .reach)]
        }
        let loss = "loss " + (row.loss.map { NumberFormat.significant($0, digits: 4) } ?? "-")
        let reach: String
        if let steps = row.stepsToWithinOnePercent {
            reach = short ? "1%: \(steps)" : "to 1% of best: \(steps) steps"
        } else {
            reach = short ? "1%: -" : "to 1% of best: -"
        }
        return [Cell(text: name, kind: .name), Cell(text: rate, kind: .plain), Cell(text: loss, kind: .loss),
                Cell(text: reach, kind: .reach)]
    }

    private func drawHeading(into frame: inout Frame, area: Rect, palette: Palette, unicode: Bool) {
        let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        var x = frame.put(StatusLine.stateText(status.state, unicode: unicode), x: area.x, y: area.y,
                          style: StatusLine.stateStyle(status.state, palette), clip: row)
        var fields = [("step ", String(status.step))]
        if let speed = status.speedSetting { fields.append(("speed ", Text.displayable(speed, unicode: unicode))) }
        fields.append(("runners ", String(race.rows.count)))
        for (name, value) in fields {
            x = frame.put("  " + name, x: x, y: area.y, style: palette.quiet, clip: row)
            x = frame.put(value, x: x, y: area.y, style: palette.label, clip: row)
        }
    }
}
