/// A terminal color a cell can be drawn in. `.default` is the terminal's own foreground.
public enum Color: Int, Sendable, CaseIterable {
    case `default`, red, green, yellow, blue, magenta, cyan, white, gray
}

/// How one cell is drawn: a foreground color, a background color (`.default`: the terminal's own)
/// and attributes.
public struct Style: Hashable, Sendable {
    public var color: Color
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var background: Color

    public init(color: Color = .default, bold: Bool = false, dim: Bool = false, reverse: Bool = false,
                background: Color = .default) {
        self.color = color
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.background = background
    }

    public static let plain = Style()
}

/// One character cell of a frame. `character` is a single grapheme of display width one.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style

    public init(_ character: Character = " ", style: Style = .plain) {
        self.character = character
        self.style = style
    }
}

/// A rectangle of cells, the output of every drawing function and the only thing the terminal blits.
///
/// Row 0 is the top line. Writes outside the frame are clipped silently, so widgets can draw
/// without checking bounds.
public struct Frame: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = Cell()) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` from column `x` of row `y`, one character per cell, clipped at the right edge.
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain) {
        guard y >= 0, y < height else { return }
        var column = x
        for character in text {
            if column >= width { break }
            if column >= 0 { cells[y * width + column] = Cell(character, style: style) }
            column += 1
        }
    }

    /// The characters of row `y` as a string (styles dropped).
    public func line(_ y: Int) -> String {
        String(cells[(y * width)..<((y + 1) * width)].map(\.character))
    }

    /// The whole frame as plain text, one line per row, without trailing newline.
    public var text: String {
        (0..<height).map(line).joined(separator: "\n")
    }
}
