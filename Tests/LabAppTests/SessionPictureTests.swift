import FrameTesting
import Foundation
import Grad
import Lab
@testable import LabApp
import LabFixtures
@testable import Plot
import Testing

/// What `SessionPicture` makes of a session from frame to frame.
struct SessionPictureTests {
    static func parabolaView(_ picture: LabPicture) throws -> (view: Viewport, point: DataPoint, curve: XYPoints) {
        guard case let .parabola(curve, point, _, _, view) = picture.main, let view else {
            throw CancellationError()
        }
        return (view, point, curve)
    }

    static func fitView(_ picture: LabPicture) throws -> (view: Viewport, data: XYPoints, curve: XYPoints) {
        guard case let .fit(data, curve, _, _, view) = picture.main, let view else { throw CancellationError() }
        return (view, data, curve)
    }

    @Test("the parabola's view shows start, minimum and both branches from the first frame and never moves")
    func parabolaViewIsStable() throws {
        let session = try Fixtures.session("parabola")
        var sessionLab = LabModel(solo: session)
        let start = session.parameters[0].tensor.item
        let first = try Self.parabolaView(sessionLab.picture(unicode: true))
        let x = first.view.x, minimum = -1.0 / 3
        #expect(x.lower < min(start, minimum) && x.upper > max(start, minimum))
        // Both branches: at least a quarter of the width on each side of the minimum.
        #expect(minimum - x.lower > 0.25 * (x.upper - x.lower) && x.upper - minimum > 0.25 * (x.upper - x.lower))
        // y from the curve over that range: the bottom of the bowl and the higher rim.
        let f = { (v: Double) in 3 * v * v + 2 * v - 1.2 }
        #expect(first.view.y.lower <= f(minimum) && first.view.y.lower > f(minimum) - 2)
        #expect(first.view.y.upper >= max(f(x.lower), f(x.upper)))
        var frames = 1
        while !session.isFinished {
            session.trainStep()
            let now = try Self.parabolaView(sessionLab.picture(unicode: true))
            #expect(now.view == first.view, "the view moved at step \(session.step)")
            frames += 1
        }
        #expect(frames > 100)
        // A snapshot of the finished run frames it alike.
        #expect(try Self.parabolaView(sessionLab.picture(unicode: true)).view == first.view)
    }

    @Test("a start at the minimum still shows both branches; a diverging run widens the view only to keep the point")
    func parabolaViewWidensOnlyWhenThePointLeaves() throws {
        let still = try Fixtures.session("parabola", RunOptions(initialValues: ["x": -1.0 / 3]))
        var stillLab = LabModel(solo: still)
        let view = try Self.parabolaView(stillLab.picture(unicode: true)).view
        #expect(view.x.lower < -0.8 && view.x.upper > 0.1)

        let wild = try Fixtures.session("parabola", RunOptions(learningRate: 0.4, initialValues: ["x": 1]))
        var wildLab = LabModel(solo: wild)
        var previous = try Self.parabolaView(wildLab.picture(unicode: true)).view
        var changes = 0
        for _ in 0..<12 {
            wild.trainStep()
            let now = try Self.parabolaView(wildLab.picture(unicode: true))
            let x = wild.parameters[0].tensor.item
            #expect(now.view.x.lower < x && x < now.view.x.upper, "the point left the view at step \(wild.step)")
            #expect(now.view.x.lower <= previous.x.lower && now.view.x.upper >= previous.x.upper, "the view narrowed")
            if now.view != previous { changes += 1 }
            previous = now.view
        }
        // |x + 1/3| grows by 1.4 per step; the half-width doubles, so it changes about every other step.
        #expect(changes >= 3 && changes <= 8)
        #expect(try Self.parabolaView(wildLab.picture(unicode: true)).view == previous)
    }

    @Test("linear: the fit at w = 0 shows at step 0, with all the data; the range never jumps")
    func linearRangeHoldsDataAndFit() throws {
        let session = try Fixtures.session("linear")
        var sessionLab = LabModel(solo: session)
        var ranges: [Scale] = []
        repeat {
            let (view, data, curve) = try Self.fitView(sessionLab.picture(unicode: true))
            for y in data.ys + curve.ys {
                #expect(view.y.lower < y && y < view.y.upper, "\(y) outside \(view.y) at step \(session.step)")
            }
            if ranges.last != view.y { ranges.append(view.y) }
        } while session.trainStep()
        #expect(ranges.count == 1, "\(ranges)")
        #expect(ranges[0].lower < 0 && ranges[0].upper > 8)
    }

    @Test("noisy-quadratic: the y range fits the data and the current curve from step 0 to the end, and changes rarely")
    func noisyQuadraticRangeFitsTheData() throws {
        let session = try Fixtures.session("noisy-quadratic")
        var sessionLab = LabModel(solo: session)
        var ranges: [Scale] = []
        var data = XYPoints(xs: [], ys: [])
        repeat {
            let (view, points, _) = try Self.fitView(sessionLab.picture(unicode: true))
            data = points
            if ranges.last != view.y { ranges.append(view.y) }
        } while session.step < 600 && session.trainStep()
        let low = try #require(data.ys.min()), high = try #require(data.ys.max())
        _ = try #require(ranges.last)
        // Issue 20: the range ran −25…30 for data between −21 and 5 (an early curve's extent kept).
        for range in ranges {
            #expect(range.lower < low && range.upper > high, "\(range) holds the data \(low)…\(high)")
            #expect(low - range.lower <= 0.2 * (high - low) && range.upper - high <= 0.2 * (high - low),
                    "\(range) fits the data \(low)…\(high): \(ranges)")
        }
        #expect(ranges.count <= 3, "\(ranges)")
    }

    /// Issue 20: without colour the fit (`•`, ASCII `*`) vanished under noisy-quadratic's 200 data
    /// dots. Drawn over them it marks (nearly) every column of the plot, at the curve's own row.
    @Test("without colour noisy-quadratic's fitted curve is drawn over the data dots, in every column at its own row",
          arguments: [(RenderOptions.mono, Character("•")), (.ascii, "*")])
    func fitStandsOutFromDenseDataWithoutColour(options: RenderOptions, glyph: Character) throws {
        let session = try Fixtures.session("noisy-quadratic")
        var sessionLab = LabModel(solo: session)
        for _ in 0..<200 { session.trainStep() }
        let picture = sessionLab.picture(unicode: options.unicode)
        let (view, _, curve) = try Self.fitView(picture)
        for (width, height) in [(80, 24), (160, 48)] {
            let lines = render(picture, width: width, height: height, options: options).lines.map { Array($0) }
            // The x axis: the plot's columns run from after its corner to the end of its dashes.
            let axisRow = try #require(lines.firstIndex { $0.count > 8 && $0[8] == (options.unicode ? "└" : "+") })
            let axis = lines[axisRow]
            let first = 9
            var end = first
            while end < axis.count, (options.unicode ? "─┬" : "-+").contains(axis[end]) { end += 1 }
            let top = 2
            let rows = axisRow - top
            var marked = 0
            for column in first..<end {
                let cells = (top..<axisRow).filter { lines[$0][column] == glyph }
                guard !cells.isEmpty else { continue }
                marked += 1
                // The curve's y at this column's centre, as a row of the plot.
                let x = view.x.lower + (Double(column - first) + 0.5) / Double(end - first) * (view.x.upper - view.x.lower)
                let index = try #require(curve.xs.firstIndex { $0 >= x } ?? curve.xs.indices.last)
                let row = top + Int((1 - view.y.fraction(curve.ys[index])) * Double(rows))
                #expect(cells.allSatisfy { abs($0 - row) <= 1 }, "column \(column): \(glyph) at rows \(cells), the curve at \(row)")
            }
            #expect(Double(marked) >= 0.95 * Double(end - first),
                    "\(width)×\(height): \(glyph) in \(marked) of \(end - first) columns:\n\(lines.map { String($0) }.joined(separator: "\n"))")
        }
    }

    @Test("a fit's y range widens at once when needed and narrows only once the content fills less than 40 % of it")
    func steadyRange() {
        let current = Scale(0, 10)
        #expect(SessionPicture.steady(nil, needed: Scale(1, 2)) == Scale(1, 2))
        #expect(SessionPicture.steady(current, needed: Scale(1, 8)) == current)
        #expect(SessionPicture.steady(current, needed: Scale(4, 7)) == Scale(4, 7))
        let wider = SessionPicture.steady(current, needed: Scale(2, 12))
        #expect(wider.lower == 0 && wider.upper > 12)
    }

    @Test("the status loss is the loss at the current parameters, and the loss panel header shows it too",
          arguments: ["linear", "parabola", "sin-cubic", "noisy-quadratic"])
    func statusLossIsTheCurrentLoss(scene: String) throws {
        let session = try Fixtures.session(scene)
        var sessionLab = LabModel(solo: session)
        for _ in 0..<7 {
            session.trainStep()
            _ = sessionLab.picture(unicode: true)
        }
        let picture = sessionLab.picture(unicode: true)
        #expect(picture.status.loss == session.currentLoss())
        #expect(picture.status.loss != session.history.latest, "the loss before the last update")
        let shown = NumberFormat.significant(session.currentLoss(), digits: 4)
        let frame = render(picture, width: 100, height: 30, options: .standard)
        #expect(frame.lines[1].contains("loss \(shown)"), "\(frame.lines[1])")
        #expect(frame.lines[27].contains("loss \(shown)"), "\(frame.lines[27])")
        #expect(try #require(picture.bestLoss) <= picture.status.loss)
    }

    @Test("at step 0 the loss panel says the loss too")
    func lossBeforeAnyStep() throws {
        let session = try Fixtures.session("linear")
        var sessionLab = LabModel(solo: session)
        let frame = render(sessionLab.picture(unicode: true), width: 80, height: 24, options: .standard)
        #expect(frame.lines[1].contains("loss 30.00"), "\(frame.lines[1])")
        #expect(frame.lines[21].contains("loss 30.00"), "\(frame.lines[21])")
    }
}

/// The minimum of a function of one variable, found from the formula alone.
struct FunctionViewTests {
    @Test(arguments: [-50.0, -1, -0.3, 0, 0.5, 2, 1e3])
    func parabolaMinimum(start: Double) throws {
        let f: (Double) -> Double = { x in 3 * x * x + 2 * x - 1.2 }
        let found = try #require(FunctionView.minimum(of: f, near: start))
        #expect(abs(found + 1.0 / 3) < 1e-6)
    }

    @Test func otherShapes() throws {
        let f: (Double) -> Double = { x in x * x * x * x - 3 * x }
        let quartic = try #require(FunctionView.minimum(of: f, near: -2))
        #expect(abs(quartic - Foundation.cbrt(0.75)) < 1e-6)
        let cubic: (Double) -> Double = { x in x * x * x }
        #expect(FunctionView.minimum(of: cubic, near: 1) == nil, "no minimum")
        #expect(FunctionView.minimum(of: { _ in .nan }, near: 1) == nil)
    }

    @Test func halfWidthDoublesUntilEveryPointIsInside() {
        #expect(FunctionView.baseHalfWidth(start: 2, center: 0) == 2.5)
        #expect(FunctionView.baseHalfWidth(start: 3, center: 3) == 1.5)
        #expect(FunctionView.baseHalfWidth(start: -0.3, center: -1.0 / 3) == 0.5)
        #expect(FunctionView.halfWidth(base: 2.5, center: 0, visited: [2, -1]) == 2.5)
        #expect(FunctionView.halfWidth(base: 2.5, center: 0, visited: [2, -3]) == 5)
        #expect(FunctionView.halfWidth(base: 2.5, center: 0, visited: [11, .nan]) == 20)
    }
}
