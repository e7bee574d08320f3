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
        let droppable = ["</>", "r", "o", "s", "+/-", "space"]
        func width(_ items: [Item], _ separator: String, short: Bool) -> Int {
            items.reduce(0) { $0 + $1.key.count + 1 + (short ? $1.shortLabel : $1.label).count }
                + separator.count * (items.count - 1)
        }
        var choice: (separator: String, short: Bool)?
        var dropped = 0
        while choice == nil {
            for separator in separators where width(items, separator, short: false) <= area.width {
                choice = (separator, false)
                break
            }
            if choice == nil, width(items, separators.last!, short: true) <= area.width {
                choice = (separators.last!, true)
            }
            if choice == nil {
                guard dropped < droppable.count else {
                    choice = (separators.last!, true)
                    break
                }
                items.removeAll { $0.key == droppable[dropped] }
                dropped += 1
            }
        }
        guard let choice else { return }
        var x = area.x
        for (index, item) in items.enumerated() {
            if index > 0 { x = frame.put(choice.separator, x: x, y: area.y, style: palette.quiet, clip: area) }
            x = frame.put(item.key, x: x, y: area.y, style: palette.key, clip: area)
            x = frame.put(" " + (choice.short ? item.shortLabel : item.label), x: x, y: area.y, style: palette.label, clip: area)
        }
    }
}
