import FrameTesting
@testable import Plot
import Testing

/// The status line's numbers and what gives way when it is short of room; the loss panel's header.
struct StatusLineTests {
    @Test func learningRatesReadAsPeopleWriteThem() {
        let cases: [(Double, String)] = [
            (0.32, "0.32"), (0.01, "0.01"), (0.02, "0.02"), (1e-3, "0.001"), (2.5e-3, "0.0025"), (1e-4, "0.0001"),
            (9.9996e-5, "0.0001"), (0.3333333, "0.333"), (1, "1"), (2.5, "2.5"), (1000, "1000"),
            (1e-6, "1e-6"), (5e-6, "5e-6"), (2.5e-5, "2.5e-5"), (1e-8, "1e-8"), (2e4, "2e4"), (0, "0"),
        ]
        for (value, text) in cases {
            #expect(NumberFormat.learningRate(value) == text, "\(value)")
        }
    }

    /// dynamic-net late in a run: five shared parameters, a long loss, the speed setting and the measured rate.
    static let dynamicNet = LabStatus(
        state: .running, step: 12345, loss: 5.87e6, learningRate: 1e-8, optimizer: "Momentum",
        parameters: zip(["a", "b", "c", "d", "e"], [-0.0401, -1.42, -0.556, -0.257, -1.58]).map {
            LabStatus.Parameter(name: $0, value: $1, grad: 1234.5)
        },
        stepsPerSecond: 1987, speedSetting: "2k/s")

    func statusRow(_ status: LabStatus, width: Int, options: RenderOptions = .standard) -> String {
        var frame = Frame(width: width, height: 1)
        StatusLine(status: status).render(into: &frame, area: Rect(x: 0, y: 0, width: width, height: 1), options: options)
        return frame.line(0)
    }

    @Test("every parameter shows at 100 columns: gradients, digits and the speed setting give way first")
    func parametersAreThePoint() {
        let row = statusRow(Self.dynamicNet, width: 96)
        for name in ["a=", "b=", "c=", "d=", "e="] { #expect(row.contains(name), "\(name) missing: \(row)") }
        #expect(!row.contains("…"), "\(row)")
        #expect(row.contains("lr 1e-8") && row.contains("Momentum"))
        let wide = statusRow(Self.dynamicNet, width: 156)
        #expect(wide.contains("speed 2k/s") && wide.contains("e=-1.58 ∇1235"), "\(wide)")
        let narrow = statusRow(Self.dynamicNet, width: 60)
        #expect(narrow.hasPrefix("▶ running step 12345 loss 5.870e6 lr 1e-8 Momentum a=") && narrow.contains("…"), "\(narrow)")
    }

    @Test func learningRateInTheStatusRow() {
        var status = Self.dynamicNet
        status.learningRate = 0.32
        #expect(statusRow(status, width: 96).contains(" lr 0.32 Momentum "))
        status.learningRate = 1e-2
        #expect(statusRow(status, width: 96).contains(" lr 0.01 Momentum "))
    }

    @Test("the loss header keeps the word loss down to 60×16 and marks a log axis")
    func lossHeader() {
        for (width, height) in [(60, 16), (80, 24), (160, 48)] {
            let frame = render(Fixtures.sinCubic(), width: width, height: height, options: .standard)
            let divider = 1 + (width - 3) * 2 / 3
            let header = String(frame.lines[1].dropFirst(divider + 2))
            #expect(header.hasPrefix("loss 10.21"), "\(width)×\(height): \(header)")
            let footer = String(frame.lines[height - 6].dropFirst(divider + 2))
            #expect(footer.hasPrefix("  log└"), "\(width)×\(height): \(footer)")
        }
        // The parabola's loss goes below zero: a linear axis, not marked.
        let parabola = render(Fixtures.parabola(), width: 80, height: 24, options: .standard)
        #expect(!parabola.text.contains("log"))
    }
}

/// Colours that read on dark and on light backgrounds; small data sets as markers above the curve.
struct ColourAndMarkerTests {
    static var pictures: [LabPicture] {
        [Fixtures.sinCubic(), Fixtures.parabola(), Fixtures.parity(), Fixtures.diverged(), Fixtures.linear(),
         Fixtures.sinCubic(state: .paused, showHelp: true)]
    }

    @Test("nothing is white, gray or yellow; borders, axes and the tangent are in the terminal's own colour")
    func colorsReadOnBothBackgrounds() {
        for picture in Self.pictures {
            for (width, height) in [(60, 16), (80, 24), (160, 48)] {
                let frame = render(picture, width: width, height: height, options: .standard)
                let weak = frame.allCells.filter { [.white, .gray, .yellow].contains($0.cell.style.color) }
                #expect(weak.isEmpty, "\(picture.title) \(width)×\(height): \(weak.prefix(3))")
                for (x, y) in [(0, 0), (0, 5), (width - 1, height - 1)] {
                    #expect(frame[x, y].style.color == .default)
                }
            }
        }
        let parabola = render(Fixtures.parabola(), width: 80, height: 24, options: .standard)
        #expect(parabola[8, 5].character == "│" && parabola[8, 5].style.color == .default, "y axis")
        #expect(Palette(.standard).ink(.tangent).style.color == .default)
    }

    @Test("the four points of the linear scene are markers drawn over the fit", arguments: [
        (RenderOptions.standard, Character("●")), (.mono, "●"), (.ascii, "o"),
    ])
    func smallDataAsMarkers(options: RenderOptions, marker: Character) {
        for (width, height) in [(60, 16), (80, 24)] {
            let frame = render(Fixtures.linear(), width: width, height: height, options: options)
            let divider = 1 + (width - 3) * 2 / 3
            let markers = frame.allCells.filter { (2..<(height - 6)).contains($0.y) && $0.x < divider && $0.cell.character == marker }
            #expect(markers.count == 4, "\(width)×\(height) \(options):\n\(frame.text)")
        }
        // Drawn last: a point on the fit keeps its marker (here the fit passes through all four).
        var exact = Fixtures.linear()
        if case let .fit(data, _, x, y, view) = exact.main {
            exact.main = .fit(data: data, curve: XYPoints(xs: [1, 4], ys: [2, 8]), xLabel: x, yLabel: y, view: view)
        }
        let frame = render(exact, width: 60, height: 16, options: options)
        #expect(frame.allCells.filter { (2..<10).contains($0.y) && $0.x < 39 && $0.cell.character == marker }.count == 4, "\(frame.text)")
    }
}
