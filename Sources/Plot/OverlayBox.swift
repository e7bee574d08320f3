/// The frame of a box drawn over the lab (the help, the scene menu): `inner` + 2 columns by
/// `height` rows, centred in `area`, its surroundings cleared one column wider on each side, a
/// title in the top border and a hint at the right of the bottom border (when it fits).
struct OverlayBox {
    /// The whole box, borders included.
    let rect: Rect

    init(inner: Int, height: Int, in area: Rect) {
        rect = Rect(x: area.x + (area.width - inner - 2) / 2, y: area.y + (area.height - height) / 2,
                    width: inner + 2, height: height)
    }

    /// Clears the box's place and draws its border, `title` and `hint`; rows in between get their
    /// side borders.
    func draw(into frame: inout Frame, title: String, hint: String, clip area: Rect, options: RenderOptions) {
        let palette = Palette(options)
        let symbols = Symbols.of(options)
        let border = palette.emphasis
        frame.fill(Rect(x: max(area.x, rect.x - 1), y: rect.y, width: rect.width + 2, height: rect.height), with: Cell())
        frame.put(String(symbols.topLeft), x: rect.x, y: rect.y, style: border, clip: area)
        frame.repeatCharacter(symbols.horizontal, from: rect.x + 1, to: rect.maxX - 1, y: rect.y, style: border, clip: area)
        frame.put(String(symbols.topRight), x: rect.maxX - 1, y: rect.y, style: border, clip: area)
        frame.put(title, x: rect.x + 2, y: rect.y, style: palette.title, clip: area)
        for y in (rect.y + 1)..<max(rect.y + 1, rect.maxY - 1) {
            frame.put(String(symbols.vertical), x: rect.x, y: y, style: border, clip: area)
            frame.put(String(symbols.vertical), x: rect.maxX - 1, y: y, style: border, clip: area)
        }
        let bottom = rect.maxY - 1
        frame.put(String(symbols.bottomLeft), x: rect.x, y: bottom, style: border, clip: area)
        frame.repeatCharacter(symbols.horizontal, from: rect.x + 1, to: rect.maxX - 1, y: bottom, style: border, clip: area)
        frame.put(String(symbols.bottomRight), x: rect.maxX - 1, y: bottom, style: border, clip: area)
        if hint.count + 4 <= rect.width {
            frame.put(hint, x: rect.maxX - 2 - hint.count, y: bottom, style: palette.quiet, clip: area)
        }
    }
}
