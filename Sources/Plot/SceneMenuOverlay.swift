/// The scene picker, drawn over the lab like the help: one row per scene (name and title), the
/// highlighted one in reverse video, and under the list the highlighted scene's first description
/// line (or the problem that kept it from opening), wrapped to fit.
struct SceneMenuOverlay: Widget {
    var menu: SceneMenu

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        let unicode = options.unicode
        let nameWidth = menu.entries.map(\.name.count).max() ?? 0
        let rows = menu.entries.map { entry in
            entry.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + Text.displayable(entry.title, unicode: unicode)
        }
        let hint = " " + menu.keys.map { "\($0.keys) \($0.label)" }.joined(separator: unicode ? " · " : " - ") + " "
        let inner = min(area.width - 2, max(hint.count + 4, (rows.map(\.count).max() ?? 0) + 4, 40))
        guard inner > 4 else { return }
        let footnote = menu.problem ?? menu.selectedEntry?.summary ?? ""
        let footRoom = max(0, area.height - menu.entries.count - 4)
        var footLines = Text.wrapped(Text.singleSpaced(Text.displayable(footnote, unicode: unicode)), width: inner - 2, longWords: .broken)
        if footLines.count > footRoom { footLines = Array(footLines.prefix(footRoom)) }
        let height = min(area.height, menu.entries.count + 2 + (footLines.isEmpty ? 0 : footLines.count + 1))
        let overlay = OverlayBox(inner: inner, height: height, in: area)
        let box = overlay.rect
        overlay.draw(into: &frame, title: " scenes ", hint: hint, clip: area, options: options)
        let bodyRows = box.height - 2
        let listRows = min(menu.entries.count, bodyRows)
        // Scroll so that the highlighted scene is always in view.
        let first = max(0, min(menu.selected - listRows + 1, menu.entries.count - listRows))
        for row in 0..<bodyRows {
            let y = box.y + 1 + row
            if row < listRows {
                let index = first + row
                let chosen = index == menu.selected
                let marker = chosen ? (unicode ? "▸ " : "> ") : "  "
                let text = Text.truncated(marker + rows[index], to: inner - 1, unicode: unicode)
                let line = chosen ? text.padding(toLength: inner - 1, withPad: " ", startingAt: 0) : text
                frame.put(line, x: box.x + 1, y: y, style: chosen ? Style(bold: true, reverse: true) : palette.label, clip: area)
            } else if row > listRows, row - listRows - 1 < footLines.count {
                let style = menu.problem == nil ? palette.quiet : palette.alarm
                frame.put(footLines[row - listRows - 1], x: box.x + 2, y: y, style: style, clip: area)
            }
        }
    }
}
