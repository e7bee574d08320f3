/// Where the parts of a chart go inside its area:
///
///     header row (legend or values)
///     ┌ y labels ┐│ plot …
///     (fixed     ┤ plot …
///      width)    │ plot …
///                └──┬─────┬──   axis row
///     x name        -2     0     label row
///
/// The y labels have a fixed width, so the plot keeps its place whatever the labels say.
struct ChartLayout {
    let area: Rect
    let plot: Rect
    let yLabelWidth: Int

    var axisColumn: Int { plot.x - 1 }
    var axisRow: Int { plot.maxY }
    var labelRow: Int { plot.maxY + 1 }

    /// Nil when the area is too small to hold a plot of at least 2×2 cells.
    init?(area: Rect, yLabelWidth: Int) {
        let plot = Rect(x: area.x + yLabelWidth + 1, y: area.y + 1,
                        width: area.width - yLabelWidth - 1, height: area.height - 3)
        guard plot.width >= 2, plot.height >= 2 else { return nil }
        self.area = area
        self.plot = plot
        self.yLabelWidth = yLabelWidth
    }
}
