/// The key row: `space pause · s step · +/- lr · o optimizer · r reset · </> speed · ? help · q quit`,
/// shortened to fit (tighter separators, then shorter words, then the least needed keys dropped;
/// `? help` and `q quit` always stay).
struct KeyLine: Widget {
    var paused: Bool

    private struct Item {
        let key: String
        let label: String
        let shortLabel: String
    }

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        var items = [
            Item(key: "space", label: paused ? "run" : "pause", shortLabel: paused ? "run" : "pause"),
            Item(key: "s", label: "step", shortLabel: "step"),
            Item(key: "+/-", label: "lr", shortLabel: "lr"),
            Item(key: "o", label: "optimizer", shortLabel: "opt"),
            Item(key: "r", label: "reset", shortLabel: "reset"),
            Item(key: "</>", label: "speed", shortLabel: "speed"),
            Item(key: "?", label: "help", shortLabel: "help"),
            Item(key: "q", label: "quit", shortLabel: "quit"),
        ]
        let separators = options.unicode ? [" · ", "  "] : ["  "]
        let droppable = ["</>", "s", "o", "r", "+/-", "space"]
        func width(_ separator: String, short: Bool) -> Int {
            items.reduce(0) { $0 + $1.key.count + 1 + (short ? $1.shortLabel : $1.label).count }
                + separator.count * (items.count - 1)
        }
        func firstFit() -> (separator: String, short: Bool)? {
            let forms = separators.map { ($0, false) } + [(separators.last!, true)]
            return forms.first { width($0.0, short: $0.1) <= area.width }
        }
        var choice = firstFit()
        for key in droppable where choice == nil {
            items.removeAll { $0.key == key }
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
