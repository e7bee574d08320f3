import Plot

/// ratatui-style helpers: frames pre-filled with a visible character, so a test sees exactly which
/// cells a widget wrote.
extension Frame {
    public static func filled(width: Int, height: Int, with character: Character = "x") -> Frame {
        Frame(width: width, height: height, fill: Cell(character))
    }

    public var lines: [String] { (0..<height).map(line) }

    /// The first column of row `y` holding `character`, if any.
    public func column(of character: Character, inRow y: Int) -> Int? {
        (0..<width).first { self[$0, y].character == character }
    }

    /// Every cell as (x, y, cell).
    public var allCells: [(x: Int, y: Int, cell: Cell)] {
        (0..<height).flatMap { y in (0..<width).map { x in (x, y, self[x, y]) } }
    }
}

extension Canvas {
    /// The canvas drawn alone into a frame of its size, pre-filled with `fill`.
    public func frame(fill: Character = "x") -> Frame {
        var frame = Frame.filled(width: columns, height: rows, with: fill)
        render(into: &frame, x: 0, y: 0)
        return frame
    }
}
