/// The status row: `▶ running  step 1200  loss 9.523  lr 0.001  SGD  speed 200/s  a=0.0213 ∇-3.1  b=…  240 steps/s`.
///
/// State, step, loss, learning rate and optimizer always show. The rest follows in the richest
/// form that fits, giving up the least informative part first: the gradients, then a digit of the
/// parameters, then the double spaces between fields, then the speed setting, then the gap to the
/// optimum; only when the parameters still do not fit are they cut from the end, with an ellipsis
/// (the stable learning rate stays while the fields before the parameters fit with it). The parameters are the
/// point of a scene: at 100 columns every shipped scene shows all of its own. The measured speed
/// and how far `b` can go back go to the right end when there is room left.
struct StatusLine: Widget {
    var status: LabStatus

    /// One way of writing the row, from the richest to the tightest.
    private struct Form {
        var gap: String
        var digits: Int
        var gradients: Bool
        var speedSetting: Bool
        /// The gap to the optimum, where known.
        var gapToOptimum = true
        /// The stable learning rate, where known: the cue a teacher points at, so it goes last.
        var stableBound = true
    }

    private static let forms = [
        Form(gap: "  ", digits: 3, gradients: true, speedSetting: true),
        Form(gap: "  ", digits: 3, gradients: false, speedSetting: true),
        Form(gap: "  ", digits: 2, gradients: false, speedSetting: true),
        Form(gap: " ", digits: 2, gradients: false, speedSetting: true),
        Form(gap: " ", digits: 2, gradients: false, speedSetting: false),
        Form(gap: " ", digits: 2, gradients: false, speedSetting: false, gapToOptimum: false),
    ]

    /// The tightest form, which cuts the parameters short; without the stable bound only when even
    /// the fields before the parameters do not fit with it.
    private static let cutting = forms[forms.count - 1]
    private static let bare = Form(gap: " ", digits: 2, gradients: false, speedSetting: false, gapToOptimum: false, stableBound: false)

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        let unicode = options.unicode
        let anyGradient = status.parameters.contains { $0.grad != nil }
        var spans: [(String, Style)] = []
        var fits = false
        for form in Self.forms where anyGradient || !form.gradients {
            spans = fields(form, palette: palette, unicode: unicode)
            let parameters = parameterText(digits: form.digits, gradients: form.gradients, unicode: unicode)
            if !parameters.isEmpty { spans.append((form.gap + parameters, palette.label)) }
            if width(spans) <= area.width {
                fits = true
                break
            }
        }
        if !fits {
            spans = fields(Self.cutting, palette: palette, unicode: unicode)
            if width(spans) > area.width { spans = fields(Self.bare, palette: palette, unicode: unicode) }
            let room = area.width - width(spans) - Self.cutting.gap.count
            let partial = partialParameterText(room: room, unicode: unicode)
            if !partial.isEmpty { spans.append((Self.cutting.gap + partial, palette.label)) }
        }
        var x = area.x
        for (text, style) in spans {
            x = frame.put(text, x: x, y: area.y, style: style, clip: area)
        }
        // At the right end, as room allows: how far b can go back, and the measured speed.
        let back = status.stepsBack.map { "back \($0)" }
        let rate = status.stepsPerSecond.flatMap(speedText)
        for text in [[back, rate].compactMap { $0 }.joined(separator: " · "), rate ?? "", back ?? ""] where !text.isEmpty {
            if x + 2 + text.count <= area.maxX {
                frame.put(text, x: area.maxX - text.count, y: area.y, style: palette.quiet, clip: area)
                break
            }
        }
    }

    private func width(_ spans: [(String, Style)]) -> Int { spans.reduce(0) { $0 + $1.0.count } }

    private func fields(_ form: Form, palette: Palette, unicode: Bool) -> [(String, Style)] {
        let gap = form.gap
        var spans: [(String, Style)] = [(stateText(unicode: unicode), stateStyle(palette))]
        func field(_ name: String, _ value: String, _ style: Style = .plain) {
            spans.append((gap + name + " ", palette.quiet))
            spans.append((value, style))
        }
        field("step", String(status.step))
        field("loss", NumberFormat.significant(status.loss, digits: 4), status.loss.isFinite ? .plain : palette.alarm)
        if let test = status.testLoss {
            field("test", NumberFormat.significant(test, digits: 4), test.isFinite ? palette.ink(.testLoss).style : palette.alarm)
        }
        if let accuracy = status.accuracy {
            let test = accuracy.test.map { " / " + Self.percent($0) } ?? ""
            field("acc", Self.percent(accuracy.train) + test)
        }
        if form.gapToOptimum, let gapToOptimum = status.gapToOptimum, gapToOptimum.isFinite {
            field("gap", NumberFormat.significant(gapToOptimum, digits: 2, keepTrailingZeros: false), palette.quiet)
        }
        let unstable = status.stableLearningRate.map { status.learningRate >= $0 } ?? false
        field("lr", NumberFormat.learningRate(status.learningRate), unstable ? palette.alarm : .plain)
        if form.stableBound, let bound = status.stableLearningRate {
            let full = status.batch == nil ? "" : "full-batch "
            spans.append(((unicode ? " · \(full)stable < " : " - \(full)stable < ") + NumberFormat.significant(bound, digits: 3, keepTrailingZeros: false),
                          unstable ? palette.alarm : palette.quiet))
        }
        spans.append((gap, .plain))
        spans.append((Text.displayable(status.optimizer, unicode: unicode), palette.emphasis))
        if let batch = status.batch {
            field("batch", String(batch.size))
            field("epoch", String(batch.epoch))
        }
        if form.speedSetting, let speed = status.speedSetting {
            field("speed", Text.displayable(speed, unicode: unicode), palette.quiet)
        }
        return spans
    }

    /// `97.5%`: one decimal, enough to see a single point of a few hundred change sides.
    static func percent(_ share: Double) -> String {
        share.isFinite ? String(format: "%.1f%%", 100 * share) : "n/a"
    }

    private func stateText(unicode: Bool) -> String { Self.stateText(status.state, unicode: unicode) }

    private func stateStyle(_ palette: Palette) -> Style { Self.stateStyle(status.state, palette) }

    /// `▶ running`, `‖ paused`, `✕ diverged`, `■ done` (ASCII: `>`, `||`, `X`, `#`).
    static func stateText(_ state: LabStatus.State, unicode: Bool) -> String {
        switch state {
        case .running: unicode ? "▶ running" : "> running"
        case .paused: unicode ? "‖ paused" : "|| paused"
        case .diverged: unicode ? "✕ diverged" : "X diverged"
        case .done: unicode ? "■ done" : "# done"
        }
    }

    static func stateStyle(_ state: LabStatus.State, _ palette: Palette) -> Style {
        switch state {
        case .running: palette.style(.green, bold: true)
        case .paused: palette.style(.blue, bold: true)
        case .diverged: palette.alarm
        case .done: palette.style(.magenta, bold: true)
        }
    }

    private func speedText(_ rate: Double) -> String? {
        guard rate.isFinite, rate >= 0 else { return nil }
        let text = rate >= 10 || rate == 0 ? String(Int(rate.rounded())) : NumberFormat.significant(rate, digits: 2)
        return text + " steps/s"
    }

    private func parameterItems(digits: Int, gradients: Bool, unicode: Bool) -> [String] {
        status.parameters.map { parameter in
            var text = Text.displayable(parameter.name, unicode: unicode) + "="
                + NumberFormat.significant(parameter.value, digits: digits, keepTrailingZeros: false)
            if gradients, let grad = parameter.grad {
                text += (unicode ? " ∇" : " g=") + NumberFormat.significant(grad, digits: 2, keepTrailingZeros: false)
            }
            return text
        }
    }

    /// All parameters, e.g. `a=0.0213 b=0.857`, or with gradients `x=0.279 ∇3.7  y=…`.
    private func parameterText(digits: Int, gradients: Bool, unicode: Bool) -> String {
        parameterItems(digits: digits, gradients: gradients, unicode: unicode).joined(separator: gradients ? "  " : " ")
    }

    /// The first parameters that fit in `room`, then an ellipsis.
    private func partialParameterText(room: Int, unicode: Bool) -> String {
        let ellipsis = unicode ? "…" : "..."
        var text = ""
        for item in parameterItems(digits: 2, gradients: false, unicode: unicode) {
            let candidate = text.isEmpty ? item : text + " " + item
            if candidate.count + 1 + ellipsis.count > room { break }
            text = candidate
        }
        return text.isEmpty ? "" : text + " " + ellipsis
    }
}
