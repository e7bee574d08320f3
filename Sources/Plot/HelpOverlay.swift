/// The `?` help: a box centered on the screen with the scene's description (as much as fits)
/// above the list of every key of the lab.
struct HelpOverlay: Widget {
    /// The scene's paragraph for the class; empty for none.
    var about = ""
    /// The lab's keys, in the order the help lists them.
    var keys: [KeyHelp]

    /// Every key: the keys, then what they do (a key with no help text of its own is the key
    /// line's part of another entry's line).
    static func entries(_ keys: [KeyHelp], unicode: Bool) -> [(keys: String, action: String)] {
        keys.filter { !$0.help.isEmpty }.map { ($0.keys, unicode ? $0.help : Text.displayable($0.help, unicode: false)) }
    }

    /// Draws the box centered in `area`, clipped to it.
    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        let entries = Self.entries(keys, unicode: options.unicode)
        guard !entries.isEmpty else { return }
        let keyWidth = entries.map(\.keys.count).max()! + 3
        let keysInner = min(keyWidth + entries.map(\.action.count).max()! + 2, max(0, area.width - 2))
        let inner = about.isEmpty ? keysInner : max(keysInner, min(66, area.width - 4))
        var aboutLines = Text.wrapped(Text.singleSpaced(Text.displayable(about, unicode: options.unicode)), width: inner - 2, longWords: .broken)
        let room = area.height - entries.count - 3
        if aboutLines.count > room - 1 {
            aboutLines = room > 1 ? Array(aboutLines.prefix(room - 1)) : []
            if let last = aboutLines.popLast() { aboutLines.append(String(last.prefix(inner - 4)) + (options.unicode ? " …" : " ...")) }
        }
        let aboutHeight = aboutLines.isEmpty ? 0 : aboutLines.count + 1
        let height = entries.count + aboutHeight + 2
        let overlay = OverlayBox(inner: inner, height: height, in: area)
        let box = overlay.rect
        overlay.draw(into: &frame, title: about.isEmpty ? " keys " : " about this scene · keys ", hint: " ? or Esc closes ",
                     clip: area, options: options)
        let aboutRows = aboutLines.isEmpty ? [] : aboutLines + [""]
        for (index, line) in aboutRows.enumerated() {
            frame.put(line, x: box.x + 2, y: box.y + 1 + index, style: palette.label, clip: area)
        }
        for (index, entry) in entries.enumerated() {
            let y = box.y + 1 + aboutHeight + index
            frame.put(entry.keys, x: box.x + 2, y: y, style: palette.key, clip: area)
            let action = Text.truncated(entry.action, to: inner - keyWidth - 1, unicode: options.unicode)
            frame.put(action, x: box.x + 2 + keyWidth, y: y, style: palette.label, clip: area)
        }
    }
}
