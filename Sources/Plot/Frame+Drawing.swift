/// Drawing helpers that respect a clip rectangle, so widgets touch nothing outside their area.
extension Frame {
    /// Fills the cells of `rect` (clipped to the frame) with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = Cell()) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { self[x, y] = cell }
        }
    }

    /// Writes `text` from column `x` of row `y`, one character per cell, dropping every character
    /// that falls outside `clip`. Returns the column after the last character written (or skipped).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect) -> Int {
        guard y >= clip.y, y < clip.maxY else { return x + text.count }
        var column = x
        for character in text {
            if column >= clip.maxX { return x + text.count }
            if column >= clip.x { self[column, y] = Cell(character, style: style) }
            column += 1
        }
        return column
    }

    /// Repeats `character` over columns `x0..<x1` of row `y`, clipped to `clip`.
    mutating func repeatCharacter(_ character: Character, from x0: Int, to x1: Int, y: Int, style: Style, clip: Rect) {
        guard y >= clip.y, y < clip.maxY else { return }
        let cell = Cell(character, style: style)
        for x in max(x0, clip.x)..<max(max(x0, clip.x), min(x1, clip.maxX)) { self[x, y] = cell }
    }
}
