/// Loss against step on a logarithmic y axis, the whole history visible.
///
/// The header row reads `loss 9.523  best 9.401`. Long histories are binned: each dot column shows
/// the minimum-to-maximum range of the steps that fall into it, joined to its neighbours, so no
/// step is ever dropped (a single spike stays visible) and drawing costs O(steps + columns).
/// Values ≤ 0 sit on the lowest decade shown. A diverged run gets a `✕` at the step where the
/// loss stopped being finite.
public struct LossChart: Widget, Sendable {
    /// Width of the y tick labels (decades such as `1e-6`, `0.01`, `100k`).
    public static let yLabelWidth = 5

    /// Loss per step, index = step.
    public var history: [Double]
    public var best: Double?
    public var diverged: Bool

    public init(history: [Double], best: Double? = nil, diverged: Bool = false) {
        self.history = history
        self.best = best
        self.diverged = diverged
    }

    /// The step of the first non-finite loss, if any.
    public var divergenceStep: Int? { history.firstIndex { !$0.isFinite } }

    /// The decades shown: from the smallest to the largest positive finite loss.
    public var yScale: Scale {
        var lo = Double.infinity, hi = 0.0
        for v in history where v > 0 && v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        return lo <= hi ? Scale(decadesCovering: lo, hi) : Scale(decadesCovering: 1, 10)
    }

    public func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        frame.fill(area)
        drawHeader(into: &frame, area: area, options: options)
        guard let layout = ChartLayout(area: area, yLabelWidth: Self.yLabelWidth) else { return }
        let palette = Palette(options)
        let viewport = Viewport(x: Scale(0, Double(max(1, history.count - 1))), y: yScale)
        var canvas = Canvas(columns: layout.plot.width, rows: layout.plot.height, unicode: options.unicode)
        let finiteCount = divergenceStep ?? history.count
        drawHistory(prefix: finiteCount, on: &canvas, viewport: viewport, ink: palette.ink(.loss))
        canvas.render(into: &frame, x: layout.plot.x, y: layout.plot.y)
        Axes(viewport: viewport, xName: "step", integralX: true)
            .draw(into: &frame, layout: layout, canvas: canvas, options: options)
        if diverged || divergenceStep != nil, !history.isEmpty {
            let step = min(finiteCount, history.count - 1)
            let column = layout.plot.x + column(of: step, dotWidth: canvas.dotWidth) / canvas.dotsPerColumn
            frame[column, layout.plot.y] = Cell(Symbols.of(options).diverged, style: palette.alarm)
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
        var low = [Double](repeating: .infinity, count: width)
        var high = [Double](repeating: -.infinity, count: width)
        var first = [Double](repeating: .nan, count: width)
        var last = [Double](repeating: .nan, count: width)
        history.withUnsafeBufferPointer { values in
            for i in 0..<count {
                let c = column(of: i, dotWidth: width)
                let v = values[i]
                if first[c].isNaN { first[c] = v }
                last[c] = v
                low[c] = min(low[c], v)
                high[c] = max(high[c], v)
            }
        }
        let top = Double(canvas.dotHeight - 1)
        func y(_ v: Double) -> Double { viewport.y.fraction(v) * top }
        var previous: (x: Double, y: Double)?
        for c in 0..<width where !first[c].isNaN {
            let x = Double(c)
            if let previous {
                canvas.line(previous.x, previous.y, x, y(first[c]), ink: ink, yUp: true)
            }
            canvas.line(x, y(low[c]), x, y(high[c]), ink: ink, yUp: true)
            previous = (x, y(last[c]))
        }
    }

    private func drawHeader(into frame: inout Frame, area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        var parts: [(String, Style)] = [("loss ", palette.quiet)]
        if let current = history.last {
            parts.append((NumberFormat.significant(current, digits: 4), current.isFinite ? palette.ink(.loss).style : palette.alarm))
        } else {
            parts.append(("-", palette.label))
        }
        if let best {
            parts.append(("  best ", palette.quiet))
            parts.append((NumberFormat.significant(best, digits: 4), palette.label))
        }
        let total = parts.reduce(0) { $0 + $1.0.count }
        if total > area.width { parts.removeLast(min(2, parts.count - 2)) }
        var x = area.x
        for (text, style) in parts {
            x = frame.put(text, x: x, y: area.y, style: style, clip: area)
        }
    }
}
