import FrameTesting
@testable import Plot
import Testing

/// The decision map drawn from a hand-made picture: class 1 right of x = 0, class 0 left of it.
@Suite struct DecisionMapTests {
    static let picture: DecisionMapPicture = {
        let columns = 40, rows = 20
        var winners: [UInt8] = [], confidence: [Double] = []
        for _ in 0..<rows {
            for i in 0..<columns {
                let x = -1 + (Double(i) + 0.5) / Double(columns) * 2
                winners.append(x > 0 ? 1 : 0)
                confidence.append(abs(x) > 0.5 ? 0.95 : 0.6)
            }
        }
        return DecisionMapPicture(viewport: Viewport(x: Scale(-1, 1), y: Scale(-1, 1)), columns: columns, rows: rows, classes: 2,
                                  winners: winners, confidence: confidence,
                                  points: [.init(x: 0.75, y: 0.75, label: 1), .init(x: -0.75, y: -0.75, label: 0, heldOut: true)])
    }()

    static func frame(_ options: RenderOptions) -> (Frame, ChartLayout) {
        var frame = Frame(width: 50, height: 16)
        let area = Rect(x: 0, y: 0, width: 50, height: 16)
        DecisionMapChart(picture: picture).render(into: &frame, area: area, options: options)
        return (frame, ChartLayout(area: area, yLabelWidth: XYChart.yLabelWidth)!)
    }

    @Test("colour: sure red at the far left, sure blue at the far right, leaning magenta and cyan near the boundary, a braille line at x = 0")
    func colour() {
        let (frame, layout) = Self.frame(.standard)
        let plot = layout.plot, middle = plot.y + plot.height / 2
        #expect(frame[plot.x, middle].style.background == .red)
        #expect(frame[plot.maxX - 1, middle].style.background == .blue)
        #expect(frame[plot.x + plot.width * 3 / 8, middle].style.background == .magenta)
        #expect(frame[plot.x + plot.width * 5 / 8, middle].style.background == .cyan)
        let line = (plot.x..<plot.maxX).filter { (0x2800...0x28FF).contains(frame[$0, middle].character.unicodeScalars.first!.value) }
        #expect(line.count == 1 && abs(line[0] - (plot.x + plot.width / 2)) <= 1, "\(frame.line(middle))")
        #expect(frame.line(0).hasPrefix("x2 ↑  x1 →  ● class 0  ▲ class 1  ○△ held out"))
    }

    @Test("the points are class shapes over the map, the held-out one hollow, in the cell of their coordinates")
    func points() {
        let (frame, layout) = Self.frame(.standard)
        let plot = layout.plot
        let training = frame[plot.x + plot.width * 7 / 8, plot.y + plot.height / 8]
        #expect(training.character == "▲" && training.style.bold && training.style.background == .blue)
        #expect(frame[plot.x + plot.width / 8, plot.y + plot.height * 7 / 8].character == "○")
    }

    @Test("without colour: blank for class 0, ░ for class 1, the same line and shapes; in ASCII '.' dots, a '*' line, letters")
    func monoAndASCII() {
        let (mono, layout) = Self.frame(.mono)
        let plot = layout.plot, middle = plot.y + plot.height / 2
        #expect(mono[plot.x, middle].character == " " && mono[plot.maxX - 1, middle].character == "░")
        #expect(mono.cells.allSatisfy { $0.style.background == .default })
        let (ascii, _) = Self.frame(.ascii)
        let row = ascii.line(middle)
        #expect(row.contains("*") && row.contains(".") && !row.contains("░"))
        #expect(ascii[plot.x + plot.width * 7 / 8, plot.y + plot.height / 8].character == "X")
        #expect(ascii[plot.x + plot.width / 8, plot.y + plot.height * 7 / 8].character == "o")
    }
}
