import FrameTesting
import Lab
@testable import LabApp
import LabFixtures
import Plot
import Testing

/// What the screen says while a teacher steps through a run: the loss plot, the status line's
/// gradient and a race's standings agree with the parameters on show, from step 0.
struct StepByStepTests {
    @Test("the loss plot ends at the loss the status line shows, from step 0: one point at step 0, step + 1 points after step steps",
          arguments: [0, 1, 3, 40])
    func lossPlotEndsAtTheStatusLoss(steps: Int) throws {
        var lab = LabModel(solo: try Fixtures.session("parabola", RunOptions(startsPaused: true)))
        for _ in 0..<steps { lab.update(.key(.character("s"))) }
        let picture = lab.picture(unicode: true)
        #expect(picture.loss.count == steps + 1 && picture.lossStride == 1)
        #expect(picture.loss.last == picture.status.loss, "\(picture.loss.suffix(3)) vs \(picture.status.loss)")
        #expect(picture.status.loss == lab.selectedRunner.currentLoss())
        if steps > 0 { #expect(Array(picture.loss.dropLast()) == lab.selectedRunner.history.values) }
        let chart = LossChart(history: picture.loss, stride: picture.lossStride, current: picture.status.loss)
        var frame = Frame(width: 60, height: 12)
        chart.render(into: &frame, area: Rect(x: 0, y: 0, width: 60, height: 12), options: .standard)
        let axis = frame.lines[11]
        #expect(axis.contains(steps == 0 ? "1" : "\(steps)"), "the step axis ends at the current step: \(axis)")
        #expect(frame.lines.dropFirst().dropLast(2).contains { $0.contains { ("\u{2801}"..."\u{28FF}").contains($0) } },
                "a point is drawn even at step 0:\n\(frame.text)")
    }

    @Test("∇ on the status line is the gradient at the x shown (the tangent's slope): parabola, lr 0.4, six steps")
    func statusGradientIsAtTheShownPoint() throws {
        var lab = LabModel(solo: try Fixtures.session("parabola", RunOptions(startsPaused: true)))
        #expect(lab.selectedRunner.setLearningRate(0.4))
        for step in 0...6 {
            if step > 0 { lab.update(.key(.character("s"))) }
            let picture = lab.picture(unicode: true)
            let x = try #require(picture.status.parameters.first)
            let closedForm = 6 * x.value + 2
            #expect(x.grad == closedForm, "step \(step): x = \(x.value), ∇ \(String(describing: x.grad)) vs f′(x) = \(closedForm)")
            if case let .parabola(_, _, _, slope, _) = picture.main { #expect(slope == x.grad) }
        }
    }

    @Test("at step 0 of a race every standings row shows its runner's start loss; later, each runner's current loss")
    func raceStartLoss() throws {
        var lab = LabModel(race: try Race(scene: Fixtures.scene("parabola"), optimizers: [.sgd, .momentum, .adam],
                                          options: RunOptions(startsPaused: true)))
        let start = try #require(lab.picture(unicode: true).race)
        let startLoss = lab.runners[0].currentLoss()
        #expect(start.rows.map(\.loss) == [startLoss, startLoss, startLoss])
        #expect(start.runners.allSatisfy { $0.loss == [startLoss] })
        let frame = lab.frame(width: 100, height: 30, options: .standard).text
        #expect(!frame.contains("loss -"), "\(frame)")
        lab.update(.key(.character("s")))
        let after = try #require(lab.picture(unicode: true).race)
        #expect(after.rows.map(\.loss) == lab.runners.map { $0.currentLoss() })
        #expect(after.runners.map { $0.loss.last } == lab.runners.map { $0.currentLoss() })
    }

    /// A parabola at lr 1 (above its stable rate 1/3) after `steps` steps, paused.
    static func divergingParabola(rewindMemory: Bool = true) throws -> LabModel {
        var options = RunOptions(startsPaused: true)
        if !rewindMemory { options.rewindMemory = 0 }
        var lab = LabModel(solo: try Fixtures.session("parabola", options))
        #expect(lab.selectedRunner.setLearningRate(1))
        for _ in 0..<60 where !lab.selectedRunner.isDiverged { lab.update(.key(.character("s"))) }
        #expect(lab.selectedRunner.isDiverged)
        return lab
    }

    @Test("after a divergence the key line offers b, which the message recommends; before it, and without rewind memory, it does not")
    func keyLineOffersBackAfterDivergence() throws {
        var lab = try Self.divergingParabola()
        let frame = lab.frame(width: 100, height: 30, options: .standard).lines
        #expect(frame.contains { $0.contains("b goes back to step") }, "\(frame.joined(separator: "\n"))")
        #expect(frame[28].contains("b/B back") && !frame[28].contains("space"), "\(frame[28])")
        var fresh = LabModel(solo: try Fixtures.session("parabola", RunOptions(startsPaused: true)))
        fresh.update(.key(.character("s")))
        #expect(!fresh.frame(width: 100, height: 30, options: .standard).lines[28].contains("back"))
        var forgetful = try Self.divergingParabola(rewindMemory: false)
        let lines = forgetful.frame(width: 100, height: 30, options: .standard).lines
        #expect(!lines.contains { $0.contains("b goes back") } && !lines[28].contains("back"), "\(lines[28])")
    }

    @Test("the status line's right end says `back N`, and the help explains it")
    func backIsExplained() throws {
        var lab = LabModel(solo: try Fixtures.session("parabola", RunOptions(startsPaused: true)))
        for _ in 0..<3 { lab.update(.key(.character("s"))) }
        let status = lab.frame(width: 120, height: 30, options: .standard).lines[27]
        #expect(status.hasSuffix("back 3 │"), "\(status)")
        lab.update(.key(.character("?")))
        let help = lab.frame(width: 100, height: 30, options: .standard).text
        #expect(help.contains("back 1 / 10 steps (up to `back N`)"), "\(help)")
    }

    @Test("at 80×24 the status line keeps the stable bound and cuts the parameters instead (sin-cubic, parabola)",
          arguments: ["sin-cubic", "parabola", "linear"])
    func stableBoundStaysAtEightyColumns(scene: String) throws {
        var lab = LabModel(solo: try Fixtures.session(scene, RunOptions(startsPaused: true)))
        lab.update(.key(.character("s")))
        let status = lab.frame(width: 80, height: 24, options: .standard).lines[21]
        #expect(status.contains("stable < "), "\(status)")
        let ascii = lab.frame(width: 80, height: 24, options: .ascii).lines[21]
        #expect(ascii.contains("stable < "), "\(ascii)")
    }
}

/// The loss panel of a run whose loss changes sign and then grows by many decades.
struct SignedLossAxisTests {
    @Test("a diverging parabola's loss panel is by decades each side of zero: the growth rises over many rows and the last point stays inside")
    func divergingParabolaShowsItsGrowth() throws {
        // Down past zero at the scene's rate, then ] twice: lr 1, three times the stable rate.
        var lab = LabModel(solo: try Fixtures.session("parabola", RunOptions(startsPaused: true)))
        for _ in 0..<60 { lab.update(.key(.character("s"))) }
        #expect(lab.selectedRunner.currentLoss() < 0)
        lab.update(.key(.character("]")))
        lab.update(.key(.character("]")))
        for _ in 0..<80 where !lab.selectedRunner.isDiverged { lab.update(.key(.character("s"))) }
        #expect(lab.selectedRunner.isDiverged)
        let picture = lab.picture(unicode: true)
        let chart = LossChart(history: picture.loss, stride: picture.lossStride, current: picture.status.loss)
        let scale = chart.yScale
        #expect(scale.linearThreshold != nil, "\(scale)")
        let finite = picture.loss.filter(\.isFinite)
        #expect(finite.allSatisfy { (0...1).contains(scale.fraction($0)) }, "every finite loss inside the axis")
        var frame = Frame(width: 40, height: 20)
        chart.render(into: &frame, area: Rect(x: 0, y: 0, width: 40, height: 20), options: .standard)
        let plotRows = frame.lines[1..<18].map { String($0.dropFirst(LossChart.yLabelWidth + 1)) }
        let drawn = plotRows.filter { $0.contains { ("\u{2801}"..."\u{28FF}").contains($0) } }.count
        #expect(drawn >= 10, "the curve climbs over \(drawn) rows:\n\(frame.text)")
        #expect(frame.text.contains("0┤") && frame.text.contains("log"), "\(frame.text)")
    }

    @Test("a descent below zero keeps its linear axis (the parabola at its own rate)")
    func ordinaryDescentStaysLinear() throws {
        var lab = LabModel(solo: try Fixtures.session("parabola", RunOptions(startsPaused: true)))
        for _ in 0..<80 { lab.update(.key(.character("s"))) }
        let picture = lab.picture(unicode: true)
        #expect(LossChart(history: picture.loss, current: picture.status.loss).yScale.isLinear)
    }
}
