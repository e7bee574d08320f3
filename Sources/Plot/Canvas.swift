/// A grid of dots over `columns × rows` cells, the drawing surface of every chart.
///
/// Dot coordinates start at the top-left dot; a braille canvas has 2×4 dots per cell, an ASCII one
/// 1×2. Each cell stores one byte of dot bits and remembers the ink that last drew into it: a series
/// drawn later takes the cell over (its dots replace the earlier ones, and its style colors the cell).
/// Drawing costs O(dots touched) with no allocation; `render` costs O(cells).
public struct Canvas: Sendable {
    public let columns: Int
    public let rows: Int
    public let unicode: Bool
    /// Half blocks (1 × 2 dots a cell, `BlockDots`) in place of braille dots.
    public let blocks: Bool
    /// Dots per cell across (2 for braille, 1 for ASCII and blocks) and down (4 or 2).
    public let dotsPerColumn: Int
    public let dotsPerRow: Int

    private var bits: [UInt8]
    /// 0 for an empty cell, otherwise 1 + the index of the owning ink in `inks`.
    private var owners: [UInt8]
    /// 0 for dots, otherwise 1 + the index of the cell's character in `glyphs`.
    private var glyphIndices: [UInt8]
    private var inks: [Ink] = []
    private var glyphs: [Character] = []

    public init(columns: Int, rows: Int, unicode: Bool, blocks: Bool = false) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.unicode = unicode
        self.blocks = blocks && unicode
        let braille = unicode && !blocks
        dotsPerColumn = braille ? Braille.dotColumns : AsciiDots.dotColumns
        dotsPerRow = braille ? Braille.dotRows : AsciiDots.dotRows
        let count = self.columns * self.rows
        bits = Array(repeating: 0, count: count)
        owners = Array(repeating: 0, count: count)
        glyphIndices = Array(repeating: 0, count: count)
    }

    /// Width of the canvas in dots.
    public var dotWidth: Int { columns * dotsPerColumn }
    /// Height of the canvas in dots.
    public var dotHeight: Int { rows * dotsPerRow }

    /// Sets the dot at (`x`, `y`), counted from the top-left; dots outside the canvas are ignored.
    public mutating func dot(x: Int, y: Int, ink: Ink) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight, let id = slot(for: ink) else { return }
        let glyph = glyphSlot(for: ink, dx: 0, dy: 0)
        withRaster { $0.plot(x: x, y: y, owner: id, glyph: glyph) }
    }

    /// Draws a straight line of dots from (`x0`, `y0`) to (`x1`, `y1`), clipped to the canvas.
    public mutating func line(x0: Int, y0: Int, x1: Int, y1: Int, ink: Ink) {
        line(Double(x0), Double(y0), Double(x1), Double(y1), ink: ink, yUp: false)
    }

    /// Marks the cell at (`column`, `row`) with the ink's glyph (or fills all its dots for `.dots`).
    public mutating func mark(column: Int, row: Int, ink: Ink) {
        guard column >= 0, row >= 0, column < columns, row < rows, let id = slot(for: ink) else { return }
        let glyph = glyphSlot(for: ink, dx: 0, dy: 0)
        let full: UInt8 = unicode && !blocks ? 0xFF : 0x03
        let c = row * columns + column
        withRaster { raster in
            raster.claim(c, owner: id)
            if glyph == 0 { raster.bits[c] = full } else { raster.glyphs[c] = glyph }
        }
    }

    /// The character of a cell, or nil when nothing was drawn there.
    public func character(column: Int, row: Int) -> Character? {
        let c = row * columns + column
        guard owners[c] != 0 else { return nil }
        if glyphIndices[c] != 0 { return glyphs[Int(glyphIndices[c]) - 1] }
        return blocks ? BlockDots.character(bits[c]) : unicode ? Braille.character(bits[c]) : AsciiDots.character(bits[c])
    }

    /// Copies the drawn cells into `frame` with the canvas's top-left cell at (`x`, `y`); cells where
    /// nothing was drawn are left as they are.
    public func render(into frame: inout Frame, x: Int, y: Int) {
        let dotCharacters = blocks ? BlockDots.characters : unicode ? Braille.characters : AsciiDots.characters
        for row in 0..<rows {
            for column in 0..<columns {
                let c = row &* columns &+ column
                let owner = Int(owners[c])
                guard owner != 0 else { continue }
                let glyph = Int(glyphIndices[c])
                let character = glyph != 0 ? glyphs[glyph - 1] : dotCharacters[Int(bits[c])]
                frame[x + column, y + row] = Cell(character, style: inks[owner - 1].style)
            }
        }
    }

    /// Draws series that may cross, each drawn alone on its own layer (a canvas of this size):
    /// a cell only one layer drew is that layer's; a cell several drew is shared out along the row,
    /// so where series overlap each keeps some of its letters. The layer `onTop` (the selected
    /// runner) takes every other such cell and the rest take the others in turn.
    public mutating func overlay(_ layers: [Canvas], onTop: Int? = nil) {
        var drawn: [Int] = []
        drawn.reserveCapacity(layers.count)
        for row in 0..<rows {
            for column in 0..<columns {
                let c = row * columns + column
                drawn.removeAll(keepingCapacity: true)
                for (index, layer) in layers.enumerated() where layer.columns == columns && layer.rows == rows && layer.owners[c] != 0 {
                    drawn.append(index)
                }
                guard !drawn.isEmpty else { continue }
                let turn = column + row
                var chosen = drawn[0]
                if drawn.count > 1 {
                    if let onTop, drawn.contains(onTop) {
                        let others = drawn.filter { $0 != onTop }
                        chosen = turn % 2 == 0 ? onTop : others[(turn / 2) % others.count]
                    } else {
                        chosen = drawn[turn % drawn.count]
                    }
                }
                copyCell(c, from: layers[chosen])
            }
        }
    }

    private mutating func copyCell(_ c: Int, from layer: Canvas) {
        guard let id = slot(for: layer.inks[Int(layer.owners[c]) - 1]) else { return }
        var glyph: UInt8 = 0
        if layer.glyphIndices[c] != 0 {
            let character = layer.glyphs[Int(layer.glyphIndices[c]) - 1]
            if let index = glyphs.firstIndex(of: character) {
                glyph = UInt8(index + 1)
            } else if glyphs.count < 255 {
                glyphs.append(character)
                glyph = UInt8(glyphs.count)
            }
        }
        owners[c] = id
        bits[c] = layer.bits[c]
        glyphIndices[c] = glyph
    }

    // MARK: - Internals shared with the data-space drawing

    /// Line between fractional dot positions, clipped to the canvas, then rounded and rasterized.
    /// With `yUp`, y counts from the bottom row of dots (as data does) and is flipped after rounding.
    mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, ink: Ink, yUp: Bool) {
        guard dotWidth > 0, dotHeight > 0, let id = slot(for: ink),
              let (ax, ay, bx, by) = clip(x0, y0, x1, y1) else { return }
        let top = dotHeight - 1
        var fx = Int(ax.rounded()), fy = Int(ay.rounded())
        let tx = Int(bx.rounded()), ty = Int(by.rounded())
        let glyph = glyphSlot(for: ink, dx: tx - fx, dy: yUp ? ty - fy : fy - ty)
        withRaster { raster in
            let dx = abs(tx - fx), sx = fx < tx ? 1 : -1
            let dy = -abs(ty - fy), sy = fy < ty ? 1 : -1
            var error = dx + dy
            while true {
                raster.plot(x: fx, y: yUp ? top - fy : fy, owner: id, glyph: glyph)
                if fx == tx && fy == ty { break }
                let e2 = 2 * error
                if e2 >= dy {
                    error += dy
                    fx += sx
                }
                if e2 <= dx {
                    error += dx
                    fy += sy
                }
            }
        }
    }

    /// Liang–Barsky clipping of a segment to the dot rectangle [0, width−1] × [0, height−1].
    private func clip(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (Double, Double, Double, Double)? {
        let dx = x1 - x0, dy = y1 - y0
        guard dx.isFinite, dy.isFinite else { return nil }
        var t0 = 0.0, t1 = 1.0
        func narrow(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let r = q / p
            if p < 0 {
                if r > t1 { return false }
                t0 = max(t0, r)
            } else {
                if r < t0 { return false }
                t1 = min(t1, r)
            }
            return true
        }
        let xMax = Double(dotWidth - 1), yMax = Double(dotHeight - 1)
        guard narrow(-dx, x0), narrow(dx, xMax - x0), narrow(-dy, y0), narrow(dy, yMax - y0) else { return nil }
        // Rounding in the products can land a hair outside the canvas: clamp.
        func inside(_ v: Double, _ limit: Double) -> Double { min(max(v, 0), limit) }
        return (inside(x0 + t0 * dx, xMax), inside(y0 + t0 * dy, yMax), inside(x0 + t1 * dx, xMax), inside(y0 + t1 * dy, yMax))
    }

    /// The id of `ink` on this canvas (registering it), or nil once 255 inks are in use.
    mutating func slot(for ink: Ink) -> UInt8? {
        if let index = inks.firstIndex(of: ink) { return UInt8(index + 1) }
        guard inks.count < 255 else { return nil }
        inks.append(ink)
        return UInt8(inks.count)
    }

    /// The glyph id for a mark of `ink` along a segment going (`dx`, `dy`) dots right and up;
    /// 0 for dot marks.
    mutating func glyphSlot(for ink: Ink, dx: Int, dy: Int) -> UInt8 {
        let character: Character
        switch ink.mark {
        case .dots: return 0
        case .glyph(let glyph): character = glyph
        case .slope: character = slopeCharacter(dx: dx, dy: dy)
        }
        if let index = glyphs.firstIndex(of: character) { return UInt8(index + 1) }
        guard glyphs.count < 255 else { return UInt8(glyphs.count) }
        glyphs.append(character)
        return UInt8(glyphs.count)
    }

    /// `-`, `/`, `|` or `\` for a segment, judged in screen proportions (a cell is about twice as
    /// tall as it is wide).
    private func slopeCharacter(dx: Int, dy: Int) -> Character {
        let across = Double(abs(dx)) / Double(dotsPerColumn)
        let up = Double(dy) / Double(dotsPerRow) * 2
        if abs(up) <= across * 0.4142 { return "-" }
        if abs(up) >= across * 2.4142 { return "|" }
        return (up > 0) == (dx >= 0) ? "/" : "\\"
    }

    mutating func withRaster(_ body: (inout Raster) -> Void) {
        let columns = columns, braille = unicode && !blocks
        bits.withUnsafeMutableBufferPointer { bits in
            owners.withUnsafeMutableBufferPointer { owners in
                glyphIndices.withUnsafeMutableBufferPointer { glyphs in
                    var raster = Raster(bits: bits, owners: owners, glyphs: glyphs, columns: columns, braille: braille)
                    body(&raster)
                }
            }
        }
    }
}

/// Direct access to a canvas's cell arrays for the hot drawing loops. Coordinates must be in range.
struct Raster {
    let bits: UnsafeMutableBufferPointer<UInt8>
    let owners: UnsafeMutableBufferPointer<UInt8>
    let glyphs: UnsafeMutableBufferPointer<UInt8>
    let columns: Int
    let braille: Bool

    /// Makes `owner` the owner of cell `c`, wiping what an earlier ink drew there.
    @inline(__always)
    func claim(_ c: Int, owner: UInt8) {
        if owners[c] != owner {
            owners[c] = owner
            bits[c] = 0
            glyphs[c] = 0
        }
    }

    @inline(__always)
    func plot(x: Int, y: Int, owner: UInt8, glyph: UInt8) {
        let c: Int
        let bit: UInt8
        if braille {
            c = (y &>> 2) &* columns &+ (x &>> 1)
            bit = Braille.bit(column: x & 1, row: y & 3)
        } else {
            c = (y &>> 1) &* columns &+ x
            bit = AsciiDots.bit(row: y & 1)
        }
        claim(c, owner: owner)
        if glyph == 0 { bits[c] |= bit } else { glyphs[c] = glyph }
    }
}
