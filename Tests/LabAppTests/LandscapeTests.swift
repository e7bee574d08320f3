import FrameTesting
import Foundation
import Lab
@testable import LabApp
import LabFixtures
@testable import Plot
import TestSupport
import Testing

/// The landscape view: contour levels and lines, what the adapter slices and where it marks the
/// optimum, the one-parameter curve, and windows that hold still from frame to frame.
struct LandscapeTests {
    static func landscape(_ picture: LabPicture) throws -> LandscapePicture {
        guard case .landscape(let landscape) = picture.main else { throw CancellationError() }
        return landscape
    }

    static func session(_ name: String, _ options: RunOptions = RunOptions()) throws -> Session {
        try Fixtures.session(name, options)
    }

    @Test("levels are the minimum plus 10^(k/2), from the largest height in the surface down four decades")
    func levels() throws {
        let levels = try #require(ContourLevels(values: [[8, 9], [20, 8 + 1500]]))
        #expect(levels.base == 8)
        #expect(levels.highestIndex == 6)
        #expect(levels.lowestIndex == -1)
        let expected = (-1...6).map { 8 + Foundation.pow(10, Double($0) / 2) }
        #expect(levels.levels.count == expected.count)
        for (level, reference) in zip(levels.levels, expected) {
            #expect(abs(level - reference) <= 1e-12 * reference)
        }
        #expect(ContourLevels(values: [[3, 3], [3, 3]]) == nil)
        #expect(ContourLevels(values: [[.nan, .infinity], [3, .nan]]) == nil)
    }

    @Test("contour dots of the bowl r² lie on the circles r² = 10^(k/2), one ring per level")
    func contourRings() throws {
        let n = 101, width = 200, height = 200
        let axis = (0..<n).map { -10 + 20 * Double($0) / Double(n - 1) }
        let values = axis.map { y in axis.map { x in x * x + y * y } }
        let levels = try #require(ContourLevels(values: values))
        var marked: [Int: [Double]] = [:]
        Contours.trace(values: values, levels: levels, width: width, height: height) { x, y, level in
            let px = -10 + 20 * Double(x) / Double(width - 1), py = 10 - 20 * Double(y) / Double(height - 1)
            marked[level, default: []].append((px * px + py * py).squareRoot())
        }
        // Rings inside the square: r = 10^(k/4) ≤ 10 for k ≤ 4; the dot spacing is 0.1.
        for level in levels.lowestIndex...4 {
            let radius = Foundation.pow(10, Double(level) / 4)
            let radii = try #require(marked[level], "no dots for level \(level)")
            #expect(radii.allSatisfy { abs($0 - radius) < 0.2 }, "level \(level): radius \(radius), dots at \(radii.min()!)…\(radii.max()!)")
            // A closed ring: at least as many dots as its circumference in dots (rings a few dots
            // across are judged by their radius alone).
            #expect(radius < 1 || Double(radii.count) >= 2 * Double.pi * radius / 0.1 * 0.7, "level \(level) has \(radii.count) dots")
        }
        #expect(marked[levels.lowestIndex - 1] == nil)
    }

    /// θ* of sin-cubic from the normal equations over the session's own data, solved here.
    static func sinCubicOptimum(_ xs: [Double]) -> [Double] {
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: 5), count: 4)
        for x in xs {
            let features = [1, x, x * x, x * x * x]
            for i in 0..<4 {
                for j in 0..<4 { matrix[i][j] += features[i] * features[j] }
                matrix[i][4] += features[i] * Foundation.sin(x)
            }
        }
        for column in 0..<4 {
            let pivot = (column..<4).max { abs(matrix[$0][column]) < abs(matrix[$1][column]) }!
            matrix.swapAt(column, pivot)
            for row in 0..<4 where row != column {
                let factor = matrix[row][column] / matrix[column][column]
                for k in column...4 { matrix[row][k] -= factor * matrix[column][k] }
            }
        }
        return (0..<4).map { matrix[$0][4] / matrix[$0][$0] }
    }

    @Test("sin-cubic's (a, b) slice marks the optimum at θ* and draws ✕ (x in ASCII) in its cell")
    func sinCubicOptimum() throws {
        let session = try Self.session("sin-cubic", RunOptions(initialValues: ["a": 0.5, "b": -0.3, "c": 0.2, "d": 0.1]))
        var sessionLab = LabModel(solo: session, view: .landscape)
        for _ in 0..<50 { session.trainStep() }
        let picture = sessionLab.picture(unicode: true)
        let landscape = try Self.landscape(picture)
        let theta = Self.sinCubicOptimum(try #require(session.inputs).data)
        let optimum = try #require(landscape.optimum)
        #expect(abs(optimum.x - theta[0]) < 1e-9 && abs(optimum.y - theta[1]) < 1e-9, "\(optimum) vs \(theta)")
        #expect((landscape.xName, landscape.yName) == ("a", "b"))
        #expect(landscape.point == DataPoint(x: session.parameters[0].tensor.item, y: session.parameters[1].tensor.item))
        // The window holds the point and the optimum.
        for p in [optimum, try #require(landscape.point)] {
            #expect(landscape.xs.first! < p.x && p.x < landscape.xs.last! && landscape.ys.first! < p.y && p.y < landscape.ys.last!)
        }
        // The slice is the loss with c and d at their current values.
        let (c, d) = (session.parameters[2].tensor.item, session.parameters[3].tensor.item)
        let xs = try #require(session.inputs).data
        let (i, j) = (7, 11)
        let reference = xs.reduce(0.0) { sum, x in
            let r = landscape.xs[i] + landscape.ys[j] * x + c * x * x + d * x * x * x - Foundation.sin(x)
            return sum + r * r
        }
        #expect(abs(landscape.values[j][i] - reference) <= 1e-9 * reference)

        for options in [RenderOptions.standard, .ascii] {
            var frame = Frame(width: 70, height: 24)
            let area = Rect(x: 0, y: 0, width: 70, height: 24)
            LandscapeChart(picture: landscape).render(into: &frame, area: area, options: options)
            let plot = try #require(ChartLayout(area: area, yLabelWidth: XYChart.yLabelWidth)).plot
            let canvas = Canvas(columns: plot.width, rows: plot.height, unicode: options.unicode)
            let viewport = Viewport(x: Scale(landscape.xs.first!, landscape.xs.last!), y: Scale(landscape.ys.first!, landscape.ys.last!))
            let column = plot.x + canvas.dotColumn(optimum.x, in: viewport)! / canvas.dotsPerColumn
            let row = plot.y + canvas.dotRow(optimum.y, in: viewport)! / canvas.dotsPerRow
            #expect(frame[column, row].character == (options.unicode ? "✕" : "x"), "\n\(frame.text)")
        }
    }

    @Test("p steps through the pairs (a,b), (a,c), (a,d), (b,c), (b,d), (c,d) and round again")
    func pairs() throws {
        let session = try Self.session("sin-cubic")
        var sessionLab = LabModel(solo: session, view: .landscape)
        var seen: [String] = []
        for _ in 0..<7 {
            let landscape = try Self.landscape(sessionLab.picture(unicode: true))
            seen.append(landscape.xName + landscape.yName)
            sessionLab.apply(.nextParameterPair)
        }
        #expect(seen == ["ab", "ac", "ad", "bc", "bd", "cd", "ab"])
    }

    @Test("parabola: the loss as a curve of x, the point on it and the optimum at x = −1/3")
    func parabolaCurve() throws {
        let session = try Self.session("parabola", RunOptions(initialValues: ["x": 1.5]))
        var sessionLab = LabModel(solo: session, view: .landscape)
        for _ in 0..<5 { session.trainStep() }
        let landscape = try Self.landscape(sessionLab.picture(unicode: true))
        let curve = try #require(landscape.curve)
        let f = { (x: Double) in 3 * x * x + 2 * x - 1.2 }
        #expect(curve.xs.count > 100)
        for (x, y) in zip(curve.xs, curve.ys) { #expect(abs(y - f(x)) <= 1e-12 * max(1, abs(y))) }
        let x = session.parameters[0].tensor.item
        let point = try #require(landscape.point)
        #expect(point.x == x && abs(point.y - f(x)) < 1e-12)
        let optimum = try #require(landscape.optimum)
        #expect(abs(optimum.x + 1.0 / 3) < 1e-9 && abs(optimum.y - f(-1.0 / 3)) < 1e-9)
        #expect(landscape.path.xs.count == 5)
        #expect((landscape.xName, landscape.yName) == ("x", "loss"))
        let view = try #require(landscape.curveView)
        #expect(view.x.lower < -1.0 / 3 && 1.5 < view.x.upper, "the start and the minimum show: \(view.x)")
    }

    @Test("the window holds still while training: it changes a few times at most over 300 steps and always holds the point", .tags(.long), .skippedWhenQuick)
    func stableWindow() throws {
        for scene in ["sin-cubic", "noisy-quadratic", "legendre"] {
            let session = try Self.session(scene)
            var sessionLab = LabModel(solo: session, view: .landscape)
            var windows: [[Double]] = []
            for _ in 0..<300 {
                session.trainStep()
                let landscape = try Self.landscape(sessionLab.picture(unicode: true))
                let window = [landscape.xs.first!, landscape.xs.last!, landscape.ys.first!, landscape.ys.last!]
                if windows.last != window { windows.append(window) }
                let point = try #require(landscape.point)
                if session.quadraticAnalysis().isQuadratic {
                    #expect(window[0] <= point.x && point.x <= window[1] && window[2] <= point.y && point.y <= window[3],
                            "\(scene): \(point) outside \(window)")
                }
            }
            #expect(windows.count <= 6, "\(scene): \(windows.count) windows")
        }
    }

    @Test("an evaluated grid is refreshed a few points per frame, never more than once per refresh interval")
    func evaluatedGridRefresh() throws {
        let session = try Self.session("legendre")
        var sessionLab = LabModel(solo: session, view: .landscape)
        var grids: [[[Double]]] = []
        for _ in 0..<60 {
            session.trainStep()
            let landscape = try Self.landscape(sessionLab.picture(unicode: true))
            #expect(landscape.values.count == SessionPicture.evaluatedGrid.rows)
            #expect(landscape.values.allSatisfy { $0.count == SessionPicture.evaluatedGrid.columns })
            if grids.last != landscape.values { grids.append(landscape.values) }
        }
        #expect(grids.count >= 2, "the grid follows the run")
        #expect(grids.count <= 60 / SessionPicture.refreshFrames + 1)
    }

    @Test("two-layer-net: a slice along two random directions centred on the parameters, the point at the centre")
    func netSlice() throws {
        let session = try Self.session("two-layer-net")
        var sessionLab = LabModel(solo: session, view: .landscape)
        let landscape = try Self.landscape(sessionLab.picture(unicode: true))
        #expect((landscape.xName, landscape.yName) == ("direction 1", "direction 2"))
        #expect(landscape.values.count == SessionPicture.netGrid.rows)
        #expect(landscape.optimum == nil)
        let point = try #require(landscape.point)
        #expect(abs(point.x) < 1e-9 && abs(point.y) < 1e-9)
        let centre = landscape.values[SessionPicture.netGrid.rows / 2][SessionPicture.netGrid.columns / 2]
        #expect(abs(centre - session.currentLoss()) <= 1e-9 * centre)
        session.trainStep()
        let moved = try Self.landscape(sessionLab.picture(unicode: true))
        #expect(moved.path.xs.count == 2)
    }
}
