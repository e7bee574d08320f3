/// The status row: `▶ running  step 1200  loss 9.523  lr 1e-6  SGD  a=0.0213 b=0.857 …  240 steps/s`.
///
/// State, step, loss, learning rate and optimizer always come first; then as many parameters as
/// fit (with their gradients when all of them fit that way); the speed goes to the right end when
/// there is room left.
struct StatusLine: Widget {
    var status: LabStatus

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        let unicode = options.unicode
        var spans: [(String, Style)] = [(stateText(unicode: unicode), stateStyle(palette))]
        func field(_ name: String, _ value: String, _ style: Style = .plain) {
            spans.append(("  " + name + " ", palette.quiet))
            spans.append((value, style))
        }
        field("step", String(status.step))
        field("loss", NumberFormat.significant(status.loss, digits: 4), status.loss.isFinite ? .plain : palette.alarm)
        field("lr", NumberFormat.scientific(status.learningRate))
        spans.append(("  ", .plain))
        spans.append((Text.displayable(status.optimizer, unicode: unicode), palette.emphasis))

        let used = spans.reduce(0) { $0 + $1.0.count }
        let rate = status.stepsPerSecond.map { speedText($0) } ?? ""
        let parameters = parameterText(room: area.width - used - 2, unicode: unicode)
        if !parameters.isEmpty { spans.append(("  " + parameters, palette.label)) }

        var x = area.x
        for (text, style) in spans {
            x = frame.put(text, x: x, y: area.y, style: style, clip: area)
        }
        if !rate.isEmpty, x + 2 + rate.count <= area.maxX {
            frame.put(rate, x: area.maxX - rate.count, y: area.y, style: palette.quiet, clip: area)
        }
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

    private func speedText(_ rate: Double) -> String {
        guard rate.isFinite, rate >= 0 else { return "" }
        let text = rate >= 10 || rate == 0 ? String(Int(rate.rounded())) : NumberFormat.significant(rate, digits: 2)
        return text + " steps/s"
    }

    /// `a=0.0213 ∇-1.2 b=…` in at most `room` characters: all with gradients, or all without, or
    /// the first few followed by an ellipsis.
    private func parameterText(room: Int, unicode: Bool) -> String {
        guard room > 0, !status.parameters.isEmpty else { return "" }
        let plain = status.parameters.map { parameter in
            Text.displayable(parameter.name, unicode: unicode) + "="
                + NumberFormat.significant(parameter.value, digits: 3, keepTrailingZeros: false)
        }
        let withGradients = zip(plain, status.parameters).map { text, parameter in
            guard let grad = parameter.grad else { return text }
            return text + (unicode ? " ∇" : " g=") + NumberFormat.significant(grad, digits: 2, keepTrailingZeros: false)
        }
        let full = withGradients.joined(separator: "  ")
        if full.count <= room { return full }
        let short = plain.joined(separator: " ")
        if short.count <= room { return short }
        let ellipsis = unicode ? "…" : "..."
        var text = ""
        for item in plain {
            let candidate = text.isEmpty ? item : text + " " + item
            if candidate.count + 1 + ellipsis.count > room { break }
            text = candidate
        }
        return text.isEmpty ? "" : text + " " + ellipsis
    }
}
