/// The key row, from the lab's keys: `space pause · s step · +/- lr · o/O optimizer · r/R reset · …`.
/// It offers only what works in the current state (no space or s after a divergence, but b when the
/// run can go back to before it), names space by what it does now (pause, run, train on), and
/// shortens to fit: tighter separators, then shorter words, then the entries with the lowest `keep`
/// dropped (help and quit always stay).
struct KeyLine: Widget {
    var state: LabStatus.State
    var keys: [KeyHelp]
    /// Whether b can go back (the status line's `back N`).
    var canStepBack = false

    private struct Item {
        let key: String
        let label: String
        let shortLabel: String
        let keep: Int
    }

    private var items: [Item] {
        keys.compactMap { entry -> Item? in
            guard let label = entry.label else { return nil }
            let pauses = entry.role == .pause
            let steps = entry.role == .step
            if state == .diverged && (pauses || steps) { return nil }
            if entry.role == .stepBack && !(state == .diverged && canStepBack) { return nil }
            var text = label
            if pauses {
                text = switch state {
                case .running: "pause"
                case .paused: "run"
                case .done: "train on"
                case .diverged: label
                }
            }
            return Item(key: entry.lineKeys, label: text,
                        shortLabel: pauses ? text : entry.shortLabel ?? text, keep: entry.keep)
        }
    }

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        var items = self.items
        let separators = options.unicode ? [" · ", "  "] : ["  "]
        func width(_ separator: String, short: Bool) -> Int {
            items.reduce(0) { $0 + $1.key.count + 1 + (short ? $1.shortLabel : $1.label).count }
                + separator.count * max(0, items.count - 1)
        }
        func firstFit() -> (separator: String, short: Bool)? {
            let forms = separators.map { ($0, false) } + [(separators.last!, true)]
            return forms.first { width($0.0, short: $0.1) <= area.width }
        }
        var choice = firstFit()
        while choice == nil, let drop = items.filter({ $0.keep < .max }).min(by: { $0.keep < $1.keep }) {
            items.removeAll { $0.key == drop.key }
            choice = firstFit()
        }
        let form = choice ?? (separators.last!, true)
        var x = area.x
        for (index, item) in items.enumerated() {
            if index > 0 { x = frame.put(form.separator, x: x, y: area.y, style: palette.quiet, clip: area) }
            x = frame.put(item.key, x: x, y: area.y, style: palette.key, clip: area)
            x = frame.put(" " + (form.short ? item.shortLabel : item.label), x: x, y: area.y, style: palette.label, clip: area)
        }
    }
}
