/// Loss against step on a logarithmic y axis, the whole history visible.
///
/// The header row reads `loss 9.523  best 9.401` (the current loss and the best so far). Long
/// histories are binned: each dot column shows the minimum-to-maximum range of the steps that fall
/// into it, joined to its neighbours, so no step is ever dropped (a single spike stays visible) and
/// drawing costs O(steps + columns).
/// The y axis is logarithmic, with losses of zero sitting on its lowest decade; a loss that goes
/// negative (descending a function whose minimum is below zero) gets a linear axis instead, or a
/// symmetric logarithmic one (decades each side of zero) when it also grows a hundred times past
/// its negative part, as a diverging parabola does. A logarithmic axis of either kind says so with
/// `log` at its foot, left of the corner. A diverged run gets a `✕`
/// at the step where the loss stopped being finite.
public struct LossChart: Widget, Sendable {
    /// Width of the y tick labels (decades such as `1e-6`, `0.01`, `1e5`).
    public static let yLabelWidth = 5
    /// A loss that goes negative gets a symmetric logarithmic axis once its largest value is this
    /// many times the size of its most negative one; a linear axis below.
    public static let symmetricLogSpan = 100.0

    /// Loss per recorded value: value i covers steps i·stride ..< (i + 1)·stride.
    public var history: [Double]
    /// Steps per value of `history` (long runs are kept downsampled).
    public var stride: Int
    /// The best loss so far, shown in the header.
    public var best: Double?
    /// The loss shown in the header; the last value of `history` when nil.
    public var current: Double?
    /// Marks the run as diverged even when every recorded loss is finite (the marker then sits at
    /// the last step).
    public var diverged: Bool

    /// The optimum's loss L*, drawn as a faint dotted line where it lies on the axis.
    public var reference: Double?

    /// Steps where a rewound run took a new course, marked with a dotted vertical line.
    public var branches: [Int]
    /// Labelled moments on the step axis (changes `lr×2` `→Adam`, bookmarks `'1`), each written in
    /// the plot's top row from its step's column; a label that would run into the one before it is
    /// left out.
    public var marks: [Mark] = []

    /// The loss on held-out points, sampled at `steps`: drawn as a second curve in the test
    /// loss's colour (without colour, its `○` glyph), named `test` in the header beside the loss.
    public var test: Curve?

    /// A loss sampled at some steps (the test loss, the full loss of a mini-batch run).
    public struct Curve: Equatable, Sendable {
        public var steps: [Int]
        public var values: [Double]
        /// The loss at the current parameters (the header's figure).
        public var current: Double
        public init(steps: [Int], values: [Double], current: Double) {
            self.steps = steps
            self.values = values
            self.current = current
        }
    }

    /// The loss curve of the run before the last reset (`r`), drawn faintly behind the current one
    /// on the same axes, so a class sees how the new run compares: value i covers steps
    /// i·stride ..< (i + 1)·stride, as `history`.
    public var ghost: Ghost?

    public struct Ghost: Equatable, Sendable {
        public var values: [Double]
        public var stride: Int
        public init(values: [Double], stride: Int) {
            self.values = values
            self.stride = max(1, stride)
        }
        var lastStep: Int { max(0, values.count - 1) * stride }
    }

    /// A scheduled learning rate, sampled at `steps`: a faint line on a logarithmic scale of its
    /// own spanning the plot's height (its lowest rate at the foot, its highest at the top),
    /// labelled `lr` where it starts, so its shape shows beside the loss it drives.
    public var rates: (steps: [Int], values: [Double])?

    /// With mini-batches: the loss over every training row, the smooth curve drawn over the noisy
    /// batch losses of `history`, named `loss` in the header beside `batch` (the last batch's).
    public var full: Curve?

    /// A labelled step of the loss panel.
    public struct Mark: Equatable, Sendable {
        public let step: Int
        public let label: String
        public init(step: Int, label: String) {
            self.step = step
            self.label = label
        }
    }
    /// A race: every runner's loss, each in its letter and colour, drawn instead of `history` (and
    /// of its divergence mark: the race's table marks a diverged runner). The x axis spans the longest.
    public var runners: [RaceOverlay.Runner] = []
    /// The selected runner, drawn on top where the runners' curves overlap (`Canvas.overlay`).
    public var onTop: RunnerInk?

    public init(history: [Double], stride: Int = 1, current: Double? = nil, best: Double? = nil, diverged: Bool = false,
                reference: Double? = nil, branches: [Int] = []) {
        self.reference = reference
        self.branches = branches
        self.current = current
        self.history = history
        self.stride = max(1, stride)
        self.best = best
        self.diverged = diverged
    }

    /// The step of the first non-finite loss, if any.
    public var divergenceStep: Int? { history.firstIndex { !$0.isFinite } }

    /// The decades from the smallest positive to the largest finite loss, or a linear range when
    /// some loss is negative.
    public var yScale: Scale {
        var lowestPositive = Double.infinity, lowest = Double.infinity, highest = -Double.infinity
        let plotted = (runners.isEmpty ? history : runners.flatMap(\.loss)) + (test?.values ?? []) + (ghost?.values ?? [])
            + (full?.values ?? [])
        for v in plotted + (reference.map { [$0] } ?? []) where v.isFinite {
            lowest = min(lowest, v)
            highest = max(highest, v)
            if v > 0 { lowestPositive = min(lowestPositive, v) }
        }
        guard lowest <= highest else { return Scale(decadesCovering: 1, 10) }
        if lowest < 0 {
            // A run that grows far beyond the size of its negative part (a diverging parabola):
            // by decades each side of zero, so the growth shows and the flat start is not a line at 0.
            if highest > Self.symmetricLogSpan * -lowest {
                return Scale(symmetricLogCovering: lowest, highest, threshold: Math.powerOfTen(Math.decimalExponent(-lowest)))
            }
            return Scale.covering(plotted, padding: 0.05)
        }
        guard lowestPositive <= highest else { return Scale(decadesCovering: 1, 10) }
        return Scale(decadesCovering: lowestPositive, highest)
    }

    public func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        frame.fill(area)
        drawHeader(into: &frame, area: area, options: options)
        guard let layout = ChartLayout(area: area, yLabelWidth: Self.yLabelWidth) else { return }
        let palette = Palette(options)
        let lastStep = max(runners.isEmpty ? (history.count - 1) * stride : runners.map { ($0.loss.count - 1) * $0.lossStride }.max() ?? 0,
                           test?.steps.last ?? 0, ghost?.lastStep ?? 0)
        let viewport = Viewport(x: Scale(0, Double(max(stride, lastStep))), y: yScale)
        var canvas = Canvas(columns: layout.plot.width, rows: layout.plot.height, unicode: options.unicode, blocks: options.present)
        let divergence = divergenceStep
        let finiteCount = divergence ?? history.count
        if let reference, reference.isFinite, !history.isEmpty, !viewport.y.logarithmic || reference > 0 {
            let y = viewport.y.fraction(reference) * Double(canvas.dotHeight - 1)
            for x in Swift.stride(from: 0, to: canvas.dotWidth, by: 3) {
                canvas.line(Double(x), y, Double(x), y, ink: palette.ink(.optimum), yUp: true)
            }
        }
        for branch in branches where branch > 0 && Double(branch) <= viewport.x.upper {
            let x = (viewport.x.fraction(Double(branch)) * Double(canvas.dotWidth - 1)).rounded()
            for y in Swift.stride(from: 0, to: canvas.dotHeight, by: 2) {
                canvas.line(x, Double(y), x, Double(y), ink: palette.ink(.reference), yUp: true)
            }
        }
        if let ghost, runners.isEmpty {
            Self.drawSampled(steps: ghost.values.indices.map { $0 * ghost.stride }, ghost.values, on: &canvas, viewport: viewport,
                             ink: palette.ink(.ghost))
        }
        if let rates, runners.isEmpty { drawRates(rates, on: &canvas, viewport: viewport, palette: palette) }
        if let full, runners.isEmpty {
            let inkless = Canvas(columns: canvas.columns, rows: canvas.rows, unicode: canvas.unicode, blocks: canvas.blocks)
            var layer = inkless
            drawHistory(prefix: finiteCount, on: &layer, viewport: viewport, ink: palette.ink(.loss))
            var top = inkless
            Self.drawSampled(steps: full.steps, full.values, on: &top, viewport: viewport, ink: palette.ink(.fullLoss))
            canvas.overlay([layer, top], onTop: 1)
        }
        if let test, runners.isEmpty {
            Self.drawSampled(steps: test.steps, test.values, on: &canvas, viewport: viewport, ink: palette.ink(.testLoss))
        }
        if runners.isEmpty, full == nil {
            drawHistory(prefix: finiteCount, on: &canvas, viewport: viewport, ink: palette.ink(.loss))
        } else {
            let layers = runners.map { runner in
                var layer = Canvas(columns: canvas.columns, rows: canvas.rows, unicode: canvas.unicode, blocks: canvas.blocks)
                let steps = runner.loss.indices.map { Double($0 * runner.lossStride) }
                layer.polyline(xs: steps, ys: runner.loss, in: viewport, ink: palette.ink(runner.ink))
                return layer
            }
            canvas.overlay(layers, onTop: runners.firstIndex { $0.ink == onTop && onTop != nil })
        }
        canvas.render(into: &frame, x: layout.plot.x, y: layout.plot.y)
        Axes(viewport: viewport, xName: "step", integralX: true)
            .draw(into: &frame, layout: layout, canvas: canvas, options: options)
        drawMarks(into: &frame, layout: layout, viewport: viewport, dotWidth: canvas.dotWidth, dotsPerColumn: canvas.dotsPerColumn,
                  palette: palette)
        if rates != nil, runners.isEmpty {
            frame.put("lr", x: layout.plot.maxX - 2, y: layout.plot.maxY - 1, style: palette.ink(.rate).style, clip: layout.plot)
        }
        if !viewport.y.isLinear {
            frame.put("log", x: layout.axisColumn - 3, y: layout.axisRow, style: palette.label, clip: area)
        }
        if runners.isEmpty, diverged || divergence != nil, !history.isEmpty {
            let step = min(finiteCount, history.count - 1)
            let column = layout.plot.x + column(of: step, dotWidth: canvas.dotWidth) / canvas.dotsPerColumn
            frame[column, layout.plot.y] = Cell(Symbols.of(options).diverged, style: palette.alarm)
        }
    }

    /// A line through the finite `values` at `steps`.
    private static func drawSampled(steps: [Int], _ values: [Double], on canvas: inout Canvas, viewport: Viewport, ink: Ink) {
        let finite = values.indices.filter { values[$0].isFinite }
        canvas.polyline(xs: finite.map { Double(steps[$0]) }, ys: finite.map { values[$0] }, in: viewport, ink: ink)
    }

    private func drawRates(_ rates: (steps: [Int], values: [Double]), on canvas: inout Canvas, viewport: Viewport, palette: Palette) {
        let kept = rates.values.indices.filter { rates.values[$0].isFinite && rates.values[$0] > 0 }
        guard let low = kept.map({ rates.values[$0] }).min(), let high = kept.map({ rates.values[$0] }).max() else { return }
        let span = Math.decimalLog(high) - Math.decimalLog(low)
        let ys = kept.map { span > 0 ? (Math.decimalLog(rates.values[$0]) - Math.decimalLog(low)) / span : 0.5 }
        let own = Viewport(x: viewport.x, y: Scale(-0.02, 1.02))
        canvas.polyline(xs: kept.map { Double(rates.steps[$0]) }, ys: ys, in: own, ink: palette.ink(.rate))
    }

    private func drawMarks(into frame: inout Frame, layout: ChartLayout, viewport: Viewport, dotWidth: Int, dotsPerColumn: Int,
                           palette: Palette) {
        var free = layout.plot.x
        for mark in marks.sorted(by: { $0.step < $1.step }) where Double(mark.step) <= viewport.x.upper {
            let label = Text.displayable(mark.label, unicode: palette.options.unicode)
            let dot = Int((viewport.x.fraction(Double(mark.step)) * Double(dotWidth - 1)).rounded())
            let column = min(layout.plot.x + dot / dotsPerColumn, layout.plot.maxX - label.count)
            guard column >= free else { continue }
            frame.put(label, x: column, y: layout.plot.y, style: palette.label, clip: layout.plot)
            free = column + label.count + 1
        }
    }

    /// Dot column of step `i`: round(i·(width − 1)/(count − 1)), in integers.
    private func column(of i: Int, dotWidth: Int) -> Int {
        let span = history.count - 1
        guard span > 0 else { return 0 }
        return (2 * i * (dotWidth - 1) + span) / (2 * span)
    }

    private func drawHistory(prefix count: Int, on canvas: inout Canvas, viewport: Viewport, ink: Ink) {
        let width = canvas.dotWidth
        guard count > 0, width > 0 else { return }
        let top = Double(canvas.dotHeight - 1)
        func y(_ v: Double) -> Double { viewport.y.fraction(v) * top }
        var previous: (x: Double, y: Double)?
        func draw(column: Int, first: Double, last: Double, low: Double, high: Double) {
            let x = Double(column)
            if let previous { canvas.line(previous.x, previous.y, x, y(first), ink: ink, yUp: true) }
            canvas.line(x, y(low), x, y(high), ink: ink, yUp: true)
            previous = (x, y(last))
        }
        // Step i falls into column ⌊(2i(width − 1) + span) / (2 span)⌋: walk the numerator instead
        // of dividing, and keep the running bin of the current column in locals.
        let span = max(1, history.count - 1)
        var numerator = span, column = 0, nextColumnAt = 2 * span
        var first = history[0], last = first, low = first, high = first
        history.withUnsafeBufferPointer { values in
            for i in 1..<max(1, count) {
                numerator += 2 * (width - 1)
                let v = values[i]
                if numerator >= nextColumnAt {
                    draw(column: column, first: first, last: last, low: low, high: high)
                    while numerator >= nextColumnAt {
                        column += 1
                        nextColumnAt += 2 * span
                    }
                    first = v
                    low = v
                    high = v
                } else {
                    // Plain comparisons: the values here are finite, so `min`/`max`'s NaN handling
                    // would only lengthen the loop.
                    if v < low { low = v }
                    if v > high { high = v }
                }
                last = v
            }
        }
        draw(column: column, first: first, last: last, low: low, high: high)
    }

    /// `loss 9.523  best 9.401`, tightened to fit: single spaces, 3 digits, no best, then the loss
    /// alone; the word `loss` goes only when not even `loss 9.52` fits.
    private func drawHeader(into frame: inout Frame, area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        let current = self.current ?? history.last
        let currentStyle = current?.isFinite ?? true ? palette.ink(.loss).style : palette.alarm
        func spans(digits: Int, gap: String, withBest: Bool, named: Bool = true) -> [(String, Style)] {
            var parts: [(String, Style)] = []
            if full != nil, let batch = history.last {
                parts.append((named ? "batch " : "", palette.quiet))
                parts.append((NumberFormat.significant(batch, digits: digits), palette.ink(.loss).style))
                parts.append((gap.isEmpty ? " " : gap, palette.quiet))
            }
            if named { parts.append(("loss ", palette.quiet)) }
            parts.append((current.map { NumberFormat.significant($0, digits: digits) } ?? "-", full == nil ? currentStyle : palette.ink(.fullLoss).style))
            if let test {
                parts.append((gap.isEmpty ? " " : gap, palette.quiet))
                parts.append((named ? "test " : "", palette.quiet))
                parts.append((NumberFormat.significant(test.current, digits: digits), palette.ink(.testLoss).style))
                if !options.color { parts.append((" " + palette.legendGlyph(.testLoss, line: true), palette.quiet)) }
            }
            if withBest, let best {
                parts.append((gap + "best ", palette.quiet))
                parts.append((NumberFormat.significant(best, digits: digits), palette.label))
            }
            return parts
        }
        let candidates = [
            spans(digits: 4, gap: "  ", withBest: true), spans(digits: 4, gap: " ", withBest: true),
            spans(digits: 3, gap: " ", withBest: true), spans(digits: 4, gap: "", withBest: false),
            spans(digits: 3, gap: "", withBest: false), spans(digits: 2, gap: "", withBest: false),
            spans(digits: 3, gap: "", withBest: false, named: false),
        ]
        let chosen = candidates.first { $0.reduce(0) { $0 + $1.0.count } <= area.width } ?? candidates.last!
        var x = area.x
        for (text, style) in chosen {
            x = frame.put(text, x: x, y: area.y, style: style, clip: area)
        }
    }
}
