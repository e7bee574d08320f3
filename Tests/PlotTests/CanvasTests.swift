import FrameTesting
import Plot
import Testing

struct CanvasTests {
    let ink = Ink(style: .plain)

    @Test func dotsAtTheCornersGiveTheBrailleCornerPatterns() {
        var canvas = Canvas(columns: 2, rows: 1, unicode: true)
        for (x, y) in [(0, 0), (3, 0), (0, 3), (3, 3)] { canvas.dot(x: x, y: y, ink: ink) }
        // Left cell: dots 1 (top left) and 7 (bottom left); right cell: dots 4 and 8.
        #expect(canvas.frame().lines == ["⡁⢈"])
    }

    @Test func eachDotHasItsUnicodeBit() {
        // Unicode numbers braille dots 1-2-3-7 down the left column and 4-5-6-8 down the right one;
        // dot n is bit n − 1 of the offset from U+2800.
        let dotNumbers = [[1, 4], [2, 5], [3, 6], [7, 8]]
        for row in 0..<4 {
            for column in 0..<2 {
                var canvas = Canvas(columns: 1, rows: 1, unicode: true)
                canvas.dot(x: column, y: row, ink: ink)
                let expected = 0x2800 + (1 << (dotNumbers[row][column] - 1))
                #expect(canvas.character(column: 0, row: 0)?.unicodeScalars.first?.value == UInt32(expected))
            }
        }
    }

    @Test func allEightDotsFillTheCell() {
        var canvas = Canvas(columns: 1, rows: 1, unicode: true)
        for y in 0..<4 { for x in 0..<2 { canvas.dot(x: x, y: y, ink: ink) } }
        #expect(canvas.frame().lines == ["⣿"])
    }

    @Test func diagonalLine() {
        var canvas = Canvas(columns: 4, rows: 2, unicode: true)
        canvas.line(x0: 0, y0: 7, x1: 7, y1: 0, ink: ink)
        #expect(canvas.frame().lines == [
            "xx⡠⠊",
            "⡠⠊xx",
        ])
    }

    @Test func horizontalAndVerticalLines() {
        var canvas = Canvas(columns: 3, rows: 2, unicode: true)
        canvas.line(x0: 0, y0: 7, x1: 5, y1: 7, ink: ink)
        canvas.line(x0: 5, y0: 0, x1: 5, y1: 7, ink: ink)
        #expect(canvas.frame().lines == [
            "xx⢸",
            "⣀⣀⣸",
        ])
    }

    @Test func lineEndingFarOutsideIsClipped() {
        var canvas = Canvas(columns: 2, rows: 1, unicode: true)
        canvas.line(x0: -1_000_000, y0: 3, x1: 1_000_000, y1: 3, ink: ink)
        #expect(canvas.frame().lines == ["⣀⣀"])
        var empty = Canvas(columns: 2, rows: 1, unicode: true)
        empty.line(x0: -10, y0: -5, x1: 10, y1: -5, ink: ink)
        #expect(empty.frame().lines == ["xx"])
    }

    @Test func dataMapsToDotsByRoundingWithYUp() {
        // 4×4 dots over [0, 3] × [0, 3]: value v lands on dot round(v); y = 0 is the bottom row.
        let view = Viewport(x: Scale(0, 3), y: Scale(0, 3))
        var canvas = Canvas(columns: 2, rows: 1, unicode: true)
        canvas.scatter(xs: [0, 1.5], ys: [3, 0], in: view, ink: ink)
        #expect(canvas.frame().lines == ["⠁⡀"])
        var below = Canvas(columns: 2, rows: 1, unicode: true)
        below.scatter(xs: [1.49], ys: [1.51], in: view, ink: ink)
        // x 1.49 → dot 1 (right column of cell 0); y 1.51 → dot 2 from the bottom → row 1 from the top.
        #expect(below.frame().lines == ["⠐x"])
    }

    @Test func pointsOutsideTheViewOrNotFiniteAreDropped() {
        let view = Viewport(x: Scale(0, 1), y: Scale(0, 1))
        var canvas = Canvas(columns: 2, rows: 1, unicode: true)
        canvas.scatter(xs: [-0.5, 1.5, .nan, .infinity, 0.5], ys: [0.5, 0.5, 0.5, 0.5, .nan], in: view, ink: ink)
        #expect(canvas.frame().lines == ["xx"])
    }

    @Test func laterSeriesTakeTheCellAndItsColor() {
        let data = Ink(style: Style(color: .cyan))
        let fit = Ink(style: Style(color: .yellow))
        var canvas = Canvas(columns: 2, rows: 1, unicode: true)
        canvas.dot(x: 0, y: 0, ink: data)
        canvas.dot(x: 2, y: 0, ink: data)
        canvas.dot(x: 1, y: 1, ink: fit)
        let frame = canvas.frame()
        #expect(frame.lines == ["⠐⠁"])
        #expect(frame[0, 0].style.color == .yellow)
        #expect(frame[1, 0].style.color == .cyan)
    }

    @Test func glyphMarksFillWholeCells() {
        var canvas = Canvas(columns: 3, rows: 1, unicode: true)
        canvas.scatter(xs: [0, 2], ys: [0, 0], in: Viewport(x: Scale(0, 2), y: Scale(0, 1)),
                       ink: Ink(style: .plain, mark: .glyph("●")))
        #expect(canvas.frame().lines == ["●x●"])
    }

    @Test func asciiCanvasHasOneByTwoDots() {
        var canvas = Canvas(columns: 3, rows: 1, unicode: false)
        #expect(canvas.dotWidth == 3 && canvas.dotHeight == 2)
        canvas.dot(x: 0, y: 0, ink: ink)
        canvas.dot(x: 1, y: 1, ink: ink)
        canvas.dot(x: 2, y: 0, ink: ink)
        canvas.dot(x: 2, y: 1, ink: ink)
        #expect(canvas.frame().lines == ["'.:"])
    }

    @Test func asciiSlopeMarksFollowTheLine() {
        var canvas = Canvas(columns: 6, rows: 3, unicode: false)
        let slope = Ink(style: .plain, mark: .slope)
        canvas.line(x0: 0, y0: 5, x1: 2, y1: 1, ink: slope)
        canvas.line(x0: 3, y0: 0, x1: 5, y1: 0, ink: slope)
        #expect(canvas.frame(fill: " ").lines == [
            "  /---",
            " //   ",
            "//    ",
        ])
    }

    @Test func twoMillionPointsBinIntoTheirDots() {
        // 2,000,000 points scattered within ±0.4 dot of the 100 dots of a line (data units = dots
        // here) must light exactly those dots, as if each had been set once.
        let view = Viewport(x: Scale(0, 99), y: Scale(0, 39))
        let rows = (0..<100).map { (Double($0) * 0.39).rounded() }
        var xs = [Double](repeating: 0, count: 2_000_000)
        var ys = xs
        for i in 0..<xs.count {
            let jitter = Double((i / 100) % 9 - 4) * 0.1
            xs[i] = Double(i % 100) + jitter
            ys[i] = rows[i % 100] - jitter
        }
        var binned = Canvas(columns: 50, rows: 10, unicode: true)
        binned.scatter(xs: xs, ys: ys, in: view, ink: ink)
        var expected = Canvas(columns: 50, rows: 10, unicode: true)
        for (x, row) in rows.enumerated() { expected.dot(x: x, y: 39 - Int(row), ink: ink) }
        #expect(binned.frame().lines == expected.frame().lines)
        // By hand: x = 0…9 sit on rows round(0.39x) = 0 0 1 1 2 2 2 3 3 4 from the bottom.
        #expect(binned.frame().lines.last?.hasPrefix("⣀⠤⠒⠊⠁x") == true)
    }
}
