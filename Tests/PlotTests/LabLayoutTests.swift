import FrameTesting
@testable import Plot
import Testing

struct LabLayoutTests {
    let sizes = [(80, 24), (60, 16), (160, 48), (117, 31)]

    @Test func minimumSizeIsPublic() {
        #expect(LabLayout.minimumWidth == 60)
        #expect(LabLayout.minimumHeight == 16)
        #expect(LabLayout.tooSmallMessage(width: 59, height: 15, options: .standard)
                == "the terminal is 59×15 · the lab needs at least 60×16 · enlarge the terminal, or press q to quit")
        #expect(LabLayout.tooSmallMessage(width: 59, height: 15, options: .ascii)
                == "the terminal is 59x15 - the lab needs at least 60x16 - enlarge the terminal, or press q to quit")
    }

    @Test(arguments: [(59, 16), (60, 15), (59, 15), (40, 10), (30, 8), (20, 5)])
    func tooSmallSaysTheSizesAndThatQQuits(width: Int, height: Int) {
        for options in [RenderOptions.standard, .ascii] {
            let times = options.unicode ? "×" : "x"
            let frame = render(Fixtures.sinCubic(), width: width, height: height, options: options)
            #expect(frame.width == width && frame.height == height)
            let text = frame.lines.flatMap { $0.split(separator: " ") }.joined(separator: " ")
            #expect(text.contains("\(width)\(times)\(height)"), "\(text)")
            #expect(text.contains("60\(times)16"), "\(text)")
            #expect(text.contains("press q to quit") || text.contains("q quits"), "\(text)")
            if width >= 30 { #expect(text.contains("enlarge"), "\(text)") }
            #expect(options.unicode || frame.text.unicodeScalars.allSatisfy(\.isASCII))
            // Centered: as much room on the left as on the right, and above as below.
            let rows = frame.lines.indices.filter { !frame.lines[$0].allSatisfy { $0 == " " } }
            #expect(abs(rows.first! - (height - 1 - rows.last!)) <= 1, "\(frame.lines)")
            for row in rows {
                let line = frame.lines[row]
                let left = line.prefix { $0 == " " }.count, right = line.reversed().prefix { $0 == " " }.count
                #expect(abs(left - right) <= 1, "\(line)")
            }
        }
    }

    @Test(arguments: [(1, 1), (0, 0), (0, 5), (5, 0), (3, 2), (10, 1)])
    func tooSmallNeverBreaksEvenAtASingleCell(width: Int, height: Int) {
        let frame = render(Fixtures.sinCubic(), width: width, height: height, options: .standard)
        #expect(frame.width == width && frame.height == height)
        #expect(frame.lines.allSatisfy { $0.count == width })
        if width * height > 0 { #expect(!frame.text.contains("┌")) }
    }

    @Test func theNoteKeepsItsPartsWholeWhereTheyFit() {
        #expect(LabLayout.lines("terminal 59×15 · needs 60×16 · enlarge it or press q to quit", separator: " · ", width: 20)
                == ["terminal 59×15", "needs 60×16", "enlarge it or press", "q to quit"])
        #expect(LabLayout.lines("a · b · c", separator: " · ", width: 9) == ["a · b · c"])
        #expect(LabLayout.lines("a · b · c", separator: " · ", width: 5) == ["a · b", "c"])
    }

    @Test func minimumSizeDrawsTheLab() {
        let frame = render(Fixtures.sinCubic(), width: 60, height: 16, options: .standard)
        #expect(!frame.text.contains("enlarge"))
        #expect(frame.lines[0].hasPrefix("┌ sin-cubic"))
        #expect(frame.lines[15].hasPrefix("└"))
    }

    @Test func boxTitleAndPanelsFollowTheDesign() {
        let frame = render(Fixtures.sinCubic(), width: 80, height: 24, options: .standard)
        #expect(frame.lines[0].hasPrefix("┌ sin-cubic · fit sin(x) with a + bx + cx² + dx³ ─"))
        #expect(frame.lines[0].hasSuffix("┐"))
        let divider = frame.column(of: "┬", inRow: 0)!
        #expect((50...56).contains(divider))
        #expect(frame.lines[20].hasPrefix("├") && frame.lines[20].hasSuffix("┤"))
        #expect(Array(frame.lines[20])[divider] == "┴")
        #expect((1..<20).allSatisfy { Array(frame.lines[$0])[divider] == "│" })
        #expect(frame.lines[21].hasPrefix("│ ▶ running"))
        #expect(frame.lines[22] == "│ space pause  s step  +/- lr  o/O opt  r/R reset  1-4/v views  ? help  q quit │")
        #expect(frame.lines[1].contains("data ⠂  fit ─") && frame.lines[1].contains("loss 10.21  best 10.21"))
    }

    @Test func longTitlesAreCut() {
        var picture = Fixtures.sinCubic()
        picture.title = String(repeating: "very long title ", count: 10)
        let top = render(picture, width: 60, height: 16, options: .standard).lines[0]
        #expect(top.count == 60 && top.hasPrefix("┌ very long title") && top.contains("… ") && top.hasSuffix("┐"))
    }

    @Test func layoutDoesNotMoveWhenTheDataRangeChanges() {
        var large = Fixtures.sinCubic()
        if case let .fit(data, curve, x, y, _) = large.main {
            large.main = .fit(data: XYPoints(xs: data.xs, ys: data.ys.map { $0 * 12_345 }),
                              curve: XYPoints(xs: curve.xs, ys: curve.ys.map { $0 * 12_345 }), xLabel: x, yLabel: y)
        }
        for (width, height) in sizes {
            let a = render(Fixtures.sinCubic(), width: width, height: height, options: .standard)
            let b = render(large, width: width, height: height, options: .standard)
            let axis = { (frame: Frame) in Set((2..<(height - 7)).compactMap { frame.column(of: "┤", inRow: $0) }.filter { $0 < width / 2 }) }
            #expect(axis(a) == axis(b) && axis(a).count == 1)
            #expect(b.lines.contains { $0.contains("1e4┤") })
        }
    }

    @Test func asciiFramesHoldOnlyAscii() {
        for picture in [Fixtures.sinCubic(), Fixtures.parabola(), Fixtures.parity(), Fixtures.diverged(),
                        Fixtures.sinCubic(state: .paused, showHelp: true)] {
            for (width, height) in sizes + [(40, 10)] {
                let frame = render(Fixtures.keyed(picture, unicode: false), width: width, height: height, options: .ascii)
                #expect(frame.text.unicodeScalars.allSatisfy { $0.isASCII }, "\(picture.title) at \(width)×\(height)")
            }
        }
        let top = render(Fixtures.sinCubic(), width: 80, height: 24, options: .ascii).lines[0]
        #expect(top.hasPrefix("+ sin-cubic - fit sin(x) with a + bx + cx^2 + dx^3 -"))
    }

    @Test func withoutColorEveryCellUsesTheDefaultColor() {
        for picture in [Fixtures.sinCubic(), Fixtures.parabola(), Fixtures.parity(), Fixtures.diverged()] {
            for options in [RenderOptions.mono, .ascii] {
                let frame = render(picture, width: 80, height: 24, options: options)
                #expect(frame.cells.allSatisfy { $0.style.color == .default })
            }
        }
    }

    @Test func withoutColorSeriesDifferByGlyph() {
        let fit = render(Fixtures.sinCubic(), width: 80, height: 24, options: .mono)
        let plot = fit.lines[2..<19].joined()
        #expect(plot.contains("•") && plot.contains { ("\u{2801}"..."\u{28FF}").contains($0) })
        let parabola = render(Fixtures.parabola(), width: 80, height: 24, options: .mono).lines[2..<19].joined()
        #expect(parabola.contains("●") && parabola.contains("◦") && parabola.contains("·"))
        let ascii = render(Fixtures.parabola(), width: 80, height: 24, options: .ascii).lines[2..<19].joined()
        #expect(ascii.contains("@") && ascii.contains("o") && ascii.contains("/"))
    }

    @Test func withColorEachSeriesHasItsOwnColor() {
        func colors(_ frame: Frame, where predicate: (Character) -> Bool) -> Set<Color> {
            Set(frame.allCells.filter { $0.y >= 2 && $0.y < frame.height - 5 && predicate($0.cell.character) }.map(\.cell.style.color))
        }
        let braille: (Character) -> Bool = { ("\u{2801}"..."\u{28FF}").contains($0) }
        let fit = render(Fixtures.sinCubic(), width: 80, height: 24, options: .standard)
        #expect(colors(fit, where: braille) == [.blue, .magenta, .green])
        let parabola = render(Fixtures.parabola(), width: 80, height: 24, options: .standard)
        #expect(colors(parabola, where: braille) == [.magenta, .default, .green])
        #expect(colors(parabola, where: { $0 == "●" }) == [.red])
        #expect(colors(parabola, where: { $0 == "◦" }) == [.blue])
    }

    @Test func statusLineShowsTheRun() {
        var picture = Fixtures.sinCubic()
        let status80 = render(picture, width: 80, height: 24, options: .standard).lines[21]
        for text in ["▶ running", "step 1200", "loss 10.21", "lr 1e-6", "SGD", "a=-0.026", "d=-0.09"] {
            #expect(status80.contains(text), "\(text) missing from \(status80)")
        }
        let status160 = render(picture, width: 160, height: 48, options: .standard).lines[45]
        #expect(status160.contains("a=-0.0265 ∇-46") && status160.hasSuffix("240 steps/s │"))

        picture.status.learningRate = 0.0025
        for (state, word) in [(LabStatus.State.paused, "‖ paused"), (.done, "■ done"), (.diverged, "✕ diverged")] {
            for optimizer in ["Momentum", "Nesterov", "RMSprop", "Adam", "AdamW"] {
                picture.status.state = state
                picture.status.optimizer = optimizer
                let line = render(picture, width: 80, height: 24, options: .standard).lines[21]
                #expect(line.hasPrefix("│ " + word) && line.contains("lr 0.0025") && line.contains(optimizer))
            }
        }
    }

    @Test func statusLineShowsTheChosenSpeed() {
        var picture = Fixtures.sinCubic()
        picture.status.speedSetting = "500/s"
        let line = render(picture, width: 100, height: 24, options: .standard).lines[21]
        #expect(line.contains("SGD  speed 500/s  a="), "\(line)")
        picture.status.speedSetting = "max"
        #expect(render(picture, width: 100, height: 24, options: .ascii).lines[21].contains("speed max"))
    }

    @Test func messageLineAppearsAboveTheStatus() {
        let frame = render(Fixtures.diverged(), width: 80, height: 24, options: .standard)
        #expect(frame.lines[20].hasPrefix("│ loss became inf at step 12 — press r to reset, - to lower the learning rate"))
        #expect(frame[2, 20].style.color == .red && frame[2, 20].style.bold)
        #expect(frame.lines[21].hasPrefix("│ ✕ diverged"))
        #expect(frame.lines[19].hasPrefix("├"))
    }

    @Test func helpShowsTheSceneDescriptionAsFarAsItFits() {
        var picture = Fixtures.sinCubic(state: .paused, showHelp: true)
        picture.description = "Two thousand points of sin(x) between minus pi and pi, and a cubic with random coefficients. "
            + "Each step nudges all four coefficients downhill."
        let roomy = render(picture, width: 100, height: 30, options: .standard)
        #expect(roomy.text.contains("Two thousand points of sin(x)") && roomy.text.contains("downhill."))
        #expect(roomy.text.contains("quit (Ctrl-C too)"))
        let small = render(picture, width: 60, height: 16, options: .standard)
        #expect(small.text.contains("quit (Ctrl-C too)") && small.text.contains("one step"), "the keys always fit")
        #expect(!small.text.contains("downhill."), "the description is cut to fit")
        #expect(Text.wrapped("aaa bb c dddddddd", width: 4, longWords: .broken) == ["aaa", "bb c", "dddd", "dddd"])
    }

    @Test func keyLineKeepsHelpAndQuitWhenNarrow() {
        let narrow = render(Fixtures.sinCubic(), width: 60, height: 16, options: .standard).lines[14]
        #expect(narrow.contains("space pause") && narrow.contains("? help") && narrow.contains("q quit"))
        let wide = render(Fixtures.sinCubic(), width: 160, height: 48, options: .standard).lines[46]
        #expect(wide.hasPrefix("│ space pause · s step · +/- lr · o/O optimizer · r/R reset · </> speed · 1-4/v views · m scenes · ? help · q quit "))
        let paused = render(Fixtures.sinCubic(state: .paused), width: 80, height: 24, options: .standard).lines[22]
        #expect(paused.hasPrefix("│ space run "))
        let done = render(Fixtures.sinCubic(state: .done), width: 100, height: 24, options: .standard).lines[22]
        #expect(done.hasPrefix("│ space train on "), "\(done)")
    }

    @Test("after a divergence the key line offers only what works: no space, no s")
    func keyLineAfterDivergence() {
        let frame = render(Fixtures.diverged(), width: 100, height: 24, options: .standard)
        let keys = frame.lines[frame.height - 2]
        #expect(!keys.contains("space") && !keys.contains("s step"), "\(keys)")
        #expect(keys.contains("+/- lr") && keys.contains("r/R reset") && keys.contains("q quit"), "\(keys)")
    }

    @Test func renderingDependsOnlyOnItsArguments() {
        let picture = Fixtures.parabola()
        let first = render(picture, width: 80, height: 24, options: .standard)
        let between = [render(picture, width: 100, height: 30, options: .standard),
                       render(Fixtures.sinCubic(state: .paused, showHelp: true), width: 120, height: 40, options: .ascii),
                       render(Fixtures.diverged(), width: 80, height: 24, options: .mono),
                       render(Fixtures.parity(), width: 60, height: 16, options: .standard)]
        #expect(between.allSatisfy { $0 != first }, "the renders in between draw something else")
        let again = render(picture, width: 80, height: 24, options: .standard)
        let changed = again.allCells.filter { $0.cell != first[$0.x, $0.y] }.map { "(\($0.x),\($0.y))" }
        #expect(changed.isEmpty, "cells differ after the renders in between: \(changed.prefix(20).joined(separator: " "))")
        #expect(render(Fixtures.parabola(), width: 80, height: 24, options: .standard) == first, "an equal picture built anew")
    }
}
