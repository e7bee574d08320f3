import FrameTesting
import Plot
import Testing

struct XYChartTests {
    @Test func lineChartWithAxesTicksAndLegend() {
        var frame = Frame.filled(width: 30, height: 10, with: ".")
        let chart = XYChart(series: [.init(name: "line", kind: .line, role: .fit, xs: [0, 10], ys: [0, 1])],
                            viewport: Viewport(x: Scale(0, 10), y: Scale(0, 1)))
        chart.render(into: &frame, area: Rect(x: 1, y: 1, width: 28, height: 8), options: .standard)
        #expect(frame.lines == [
            "..............................",
            ".y  line ─                   .",
            ".     1┤                 ⣀⠤⠒⠉.",
            ".      │            ⢀⡠⠤⠒⠉    .",
            ".   0.5┤        ⢀⡠⠔⠊⠁        .",
            ".      │    ⣀⠤⠒⠊⠁            .",
            ".     0┤⣀⠤⠒⠉                 .",
            ".      └┬───┬───┬───┬───┬───┬.",
            ".x      0   2   4   6   8  10.",
            "..............................",
        ])
    }

    @Test func tickLabelsHaveAFixedWidthWhateverTheRange() {
        func render(_ ys: [Double]) -> Frame {
            var frame = Frame(width: 40, height: 12)
            XYChart(series: [.init(name: "", kind: .points, role: .data, xs: [0, 1], ys: ys)],
                    viewport: Viewport(x: Scale(0, 1), y: .covering(ys)))
                .render(into: &frame, area: Rect(x: 0, y: 0, width: 40, height: 12), options: .standard)
            return frame
        }
        let small = render([-1, 1]), large = render([-0.2, 25_000])
        let axisColumns = { (frame: Frame) in Set((1..<10).compactMap { frame.column(of: "┤", inRow: $0) }) }
        #expect(axisColumns(small) == [XYChart.yLabelWidth])
        #expect(axisColumns(large) == [XYChart.yLabelWidth])
        #expect(small.lines.contains { $0.hasPrefix("     1┤") } && small.lines.contains { $0.hasPrefix("  -0.5┤") })
        #expect(large.lines.contains { $0.hasPrefix("   2e4┤") } && large.lines.contains { $0.hasPrefix("     0┤") })
        #expect(small.lines[10].hasPrefix("      └") && large.lines[10].hasPrefix("      └"))
        #expect(XYChart.plotArea(in: Rect(x: 0, y: 0, width: 40, height: 12)) == Rect(x: 7, y: 1, width: 33, height: 9))
    }

    @Test func legendGlyphsFollowTheTerminal() {
        let many = (0...XYChart.markerLimit).map(Double.init)
        let dots = XYChart.fit(data: XYPoints(xs: many, ys: many), curve: XYPoints(xs: [0, 1], ys: [0, 1]))
        let markers = XYChart.fit(data: XYPoints(xs: [0, 1], ys: [0, 1]), curve: XYPoints(xs: [0, 1], ys: [0, 1]))
        let expectations: [(XYChart, RenderOptions, String)] = [
            (dots, .standard, "y  data ⠂  fit ─"), (dots, .mono, "y  data ⠂  fit •"), (dots, .ascii, "y  data .  fit *"),
            (markers, .standard, "y  data ●  fit ─"), (markers, .mono, "y  data ●  fit •"), (markers, .ascii, "y  data o  fit *"),
        ]
        for (chart, options, legend) in expectations {
            var frame = Frame(width: 30, height: 8)
            chart.render(into: &frame, area: Rect(x: 0, y: 0, width: 30, height: 8), options: options)
            #expect(frame.lines[0].hasPrefix(legend + " "))
        }
    }

    @Test func widgetsDrawOnlyInsideTheirArea() {
        let area = Rect(x: 3, y: 2, width: 34, height: 12)
        let widgets: [any Widget] = [
            XYChart.fit(data: XYPoints(xs: [-5, 5], ys: [-1e9, 1e9]), curve: XYPoints(xs: [-50, 50], ys: [1e300, -1e300])),
            XYChart.parabola(curve: XYPoints(xs: [-1, 0, 1], ys: [1, 0, 1]), point: DataPoint(x: 0.5, y: 0.25),
                             trail: XYPoints(xs: [-9, 1], ys: [81, 1]), slope: 1e12),
            XYChart.parity(target: [1, 2, 3], prediction: [3, .nan, -1]),
            LossChart(history: [1e9, 0, -3, .nan, 1], best: 0, diverged: true),
        ]
        for widget in widgets {
            for options in [RenderOptions.standard, .ascii] {
                var frame = Frame.filled(width: 40, height: 16)
                widget.render(into: &frame, area: area, options: options)
                let outside = frame.allCells.filter { !area.contains(x: $0.x, y: $0.y) }
                #expect(outside.allSatisfy { $0.cell == Cell("x") }, "\(type(of: widget)) wrote outside its area")
                #expect(frame.allCells.contains { area.contains(x: $0.x, y: $0.y) && $0.cell.character != " " })
            }
        }
    }

    @Test func parityPointsOfAPerfectModelLieOnTheDiagonal() {
        let target = (0..<200).map { Double($0) / 10 - 10 }
        let chart = XYChart.parity(target: target, prediction: target)
        var diagonalOnly = chart
        diagonalOnly.series.removeAll { $0.role == .data }
        var frame = Frame(width: 50, height: 20), diagonal = Frame(width: 50, height: 20)
        let area = Rect(x: 0, y: 0, width: 50, height: 20)
        chart.render(into: &frame, area: area, options: .standard)
        diagonalOnly.render(into: &diagonal, area: area, options: .standard)
        // At the plot's resolution: each point's cell is a cell of the diagonal or right next to one
        // in its column (a point and the line may round to neighbouring dot rows).
        let points = frame.allCells.filter { $0.y > 0 && $0.cell.style.color == .blue }
        #expect(points.count > 20)
        let braille: ClosedRange<Character> = "\u{2801}"..."\u{28FF}"
        #expect(points.allSatisfy { point in
            (-1...1).contains { dy in point.y + dy >= 0 && point.y + dy < 20 && braille.contains(diagonal[point.x, point.y + dy].character) }
        })
        #expect(frame.lines[0].hasPrefix("prediction  ideal ─  pairs ⠂"))
        #expect(frame.lines[19].hasPrefix("target"))
    }

    @Test func tangentTouchesTheCurrentPoint() {
        let xs = (0...80).map { -2 + Double($0) / 20 }
        let chart = XYChart.parabola(curve: XYPoints(xs: xs, ys: xs.map { $0 * $0 }), point: DataPoint(x: 1, y: 1),
                                     trail: XYPoints(xs: [1.5], ys: [2.25]), slope: 2)
        var frame = Frame(width: 60, height: 20)
        chart.render(into: &frame, area: Rect(x: 0, y: 0, width: 60, height: 20), options: .mono)
        let plotted = frame.allCells.filter { $0.y > 0 }
        guard let point = plotted.first(where: { $0.cell.character == "●" }) else {
            Issue.record("no current point")
            return
        }
        #expect(plotted.filter { $0.cell.character == "●" }.count == 1)
        #expect(frame[point.x, point.y].style.bold)
        let tangent = plotted.filter { $0.cell.character == "·" }
        #expect(tangent.contains { $0.x == point.x - 1 && abs($0.y - point.y) <= 1 })
        #expect(tangent.contains { $0.x == point.x + 1 && abs($0.y - point.y) <= 1 })
        #expect(frame.allCells.contains { $0.cell.character == "◦" })
        #expect(frame.lines[0].hasPrefix("f(x) ─  tangent ·  steps ◦  now ●"))
    }
}

struct LossChartTests {
    func rendered(_ chart: LossChart, width: Int = 24, height: Int = 10, options: RenderOptions = .standard) -> Frame {
        var frame = Frame.filled(width: width, height: height, with: ".")
        chart.render(into: &frame, area: Rect(x: 1, y: 1, width: width - 2, height: height - 2), options: options)
        return frame
    }

    @Test func geometricDecayIsAStraightLineOnTheLogAxis() {
        #expect(rendered(LossChart(history: [1000, 100, 10, 1, 0.1], best: 0.1)).lines == [
            "........................",
            ".loss 0.100 best 0.100 .",
            ".     │⠑⠢⣀             .",
            ".  100┤   ⠉⠢⢄⡀         .",
            ".     │      ⠈⠑⠢⢄      .",
            ".    1┤          ⠑⠢⣀   .",
            ".     │             ⠑⠢⢄.",
            ".  log└┬───┬───┬──┬───┬.",
            ".step  0   1   2  3   4.",
            "........................",
        ])
    }

    @Test func logAxisLabelsEveryDecade() {
        let history = (0..<50).map { 5e4 * pow10(-Double($0) / 49 * 7.2) }
        let frame = rendered(LossChart(history: history), width: 30, height: 22)
        let labels = frame.lines.dropFirst(2).prefix(17).map { line in
            String(line.dropFirst().prefix(LossChart.yLabelWidth).filter { $0 != " " })
        }.filter { !$0.isEmpty }
        #expect(labels == ["1e5", "1e4", "1e3", "1e2", "1e1", "1e0", "1e-1", "1e-2", "1e-3"])
    }

    @Test func headerShowsCurrentAndBestLoss() {
        #expect(rendered(LossChart(history: [5, 3, 4], best: 3), width: 30).lines[1].hasPrefix(".loss 4.000  best 3.000 "))
    }

    @Test func aSpikeInALongHistoryStaysVisible() {
        var history = [Double](repeating: 1, count: 10_000)
        history[5_003] = 1000
        let frame = rendered(LossChart(history: history), width: 40, height: 12)
        let topPlotRow = frame.lines[2]
        #expect(topPlotRow.contains { ("\u{2801}"..."\u{28FF}").contains($0) })
    }

    @Test func aLossThatGoesNegativeGetsALinearAxis() {
        let chart = LossChart(history: [10, 1, 0, -1, 0])
        #expect(!chart.yScale.logarithmic)
        #expect(chart.yScale.lower < -1 && chart.yScale.upper > 10)
        let frame = rendered(chart, width: 24, height: 10)
        let labels = frame.lines.dropFirst(2).prefix(7).map { line in
            String(line.dropFirst().prefix(LossChart.yLabelWidth).filter { $0 != " " })
        }.filter { !$0.isEmpty }
        #expect(labels.contains("0") && labels.contains("10"))
        #expect(LossChart(history: [10, 1, 0.5]).yScale.logarithmic)
        let clamped = LossChart(history: [10, 1, 0, 0.5])
        #expect(clamped.yScale.logarithmic && clamped.yScale.lower == 0.1, "zero sits on the lowest decade")
    }

    @Test func strideLabelsStepsOfADownsampledHistory() {
        let frame = rendered(LossChart(history: [100, 10, 1], stride: 500), width: 30, height: 10)
        #expect(frame.lines.contains { $0.contains("1000") })
    }

    @Test func divergenceIsMarkedWhereTheLossStoppedBeingFinite() {
        let chart = LossChart(history: [100, 10, 1e10, .infinity], best: 10, diverged: true)
        #expect(chart.divergenceStep == 3)
        let unicode = rendered(chart)
        #expect(unicode.lines[2].hasSuffix("✕."))
        #expect(unicode[22, 2].style.color == .red)
        #expect(unicode.lines[1].hasPrefix(".loss inf  best 10.00"))
        #expect(rendered(chart, options: .ascii).lines[2].hasSuffix("X."))
    }

    private func pow10(_ x: Double) -> Double {
        var result = 1.0
        let whole = Int(x.rounded(.down))
        for _ in 0..<abs(whole) { result = whole < 0 ? result / 10 : result * 10 }
        let fraction = x - Double(whole)
        // 10^f = e^(f ln 10), by its series; f is in [0, 1).
        var term = 1.0, sum = 1.0
        for n in 1...40 {
            term *= fraction * 2.302585092994046 / Double(n)
            sum += term
        }
        return result * sum
    }
}
