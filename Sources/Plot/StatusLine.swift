/// The status row: `▶ running  step 1200  loss 9.523  lr 1e-6  SGD  a=0.0213 b=0.857 c=…  240 steps/s`.
///
/// State, step, loss, learning rate and optimizer always show. The parameters follow in the
/// richest form that fits: with gradients, then plain, then with 2 digits, then with single spaces
/// between the fields, then only the first few and an ellipsis. The speed goes to the right end when
/// there is room left.
struct StatusLine: Widget {
    var status: LabStatus

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        let unicode = options.unicode
        let forms: [(gap: String, digits: Int, gradients: Bool)] = [
            ("  ", 3, true), ("  ", 3, false), ("  ", 2, false), (" ", 2, false),
        ]
        let anyGradient = status.parameters.contains { $0.grad != nil }
        var spans: [(String, Style)] = []
        for form in forms where anyGradient || !form.gradients {
            spans = fields(gap: form.gap, palette: palette, unicode: unicode)
            let parameters = parameterText(digits: form.digits, gradients: form.gradients, unicode: unicode)
            if !parameters.isEmpty { spans.append((form.gap + parameters, palette.label)) }
            if width(spans) <= area.width { break }
            spans.removeLast(parameters.isEmpty ? 0 : 1)
            if form.gap == forms.last!.gap && form.digits == forms.last!.digits {
                let room = area.width - width(spans) - form.gap.count
                let partial = partialParameterText(room: room, unicode: unicode)
                if !partial.isEmpty { spans.append((form.gap + partial, palette.label)) }
            }
        }
        var x = area.x
        for (text, style) in spans {
            x = frame.put(text, x: x, y: area.y, style: style, clip: area)
        }
        if let rate = status.stepsPerSecond.flatMap(speedText), x + 2 + rate.count <= area.maxX {
            frame.put(rate, x: area.maxX - rate.count, y: area.y, style: palette.quiet, clip: area)
        }
    }

    private func width(_ spans: [(String, Style)]) -> Int { spans.reduce(0) { $0 + $1.0.count } }

    private func fields(gap: String, palette: Palette, unicode: Bool) -> [(String, Style)] {
        var spans: [(String, Style)] = [(stateText(unicode: unicode), stateStyle(palette))]
        func field(_ name: String, _ value: String, _ style: Style = .plain) {
            spans.append((gap + name + " ", palette.quiet))
            spans.append((value, style))
        }
        field("step", String(status.step))
        field("loss", NumberFormat.significant(status.loss, digits: 4), status.loss.isFinite ? .plain : palette.alarm)
        field("lr", NumberFormat.scientific(status.learningRate))
        spans.append((gap, .plain))
        spans.append((Text.displayable(status.optimizer, unicode: unicode), palette.emphasis))
        if let speed = status.speedSetting {
            field("speed", Text.displayable(speed, unicode: unicode), palette.quiet)
        }
        return spans
    }

    private func stateText(unicode: Bool) -> String {
        switch status.state {
        case .running: unicode ? "▶ running" : "> running"
        case .paused: unicode ? "‖ paused" : "|| paused"
        case .diverged: unicode ? "✕ diverged" : "X diverged"
        case .done: unicode ? "■ done" : "# done"
        }
    }

    private func stateStyle(_ palette: Palette) -> Style {
        switch status.state {
        case .running: palette.style(.green, bold: true)
        case .paused: palette.style(.yellow, bold: true)
        case .diverged: palette.alarm
        case .done: palette.style(.cyan, bold: true)
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
