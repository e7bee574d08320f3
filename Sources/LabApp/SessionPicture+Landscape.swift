import Grad
import Lab
import Plot

/// A grid of losses over the plane `origin + α·u + β·v`, filled a few points at a time.
struct LandscapeGrid {
    let origin: [Double]
    let u: [Double]
    let v: [Double]
    let alphas: [Double]
    let betas: [Double]
    /// Rows evaluated so far (the last one may be partial until the grid is complete).
    var values: [[Double]] = []
    /// The view's frame counter and the session's step when the grid was started.
    let frame: Int
    let step: Int

    var isComplete: Bool { values.count == betas.count && values.last?.count == alphas.count }

    /// The evaluator over this grid's plane, made on the first point and kept until the grid is done.
    var plane: LossPlane? = nil

    /// Evaluates up to `count` more points, row by row.
    mutating func evaluate(_ session: Session, count: Int) {
        var left = count
        while left > 0, !isComplete {
            if values.last.map({ $0.count == alphas.count }) ?? true { values.append([]) }
            let row = values.count - 1, done = values[row].count
            let chunk = alphas[done..<min(alphas.count, done + left)]
            if plane == nil { plane = session.lossPlane(origin: origin, directions: u, v) }
            guard let plane else { return }
            values[row] += chunk.map { plane.loss(alpha: $0, beta: betas[row]) }
            left -= chunk.count
        }
        if isComplete { plane = nil }
    }
}

/// What the landscape view keeps between frames: the window (widened when the point, the
/// optimum or the path leaves it, narrowed only when they fill less than 40 % of it), the grid
/// shown and the one being evaluated (models whose slice is not an exact quadratic), and for nets
/// the random directions and the path's projections onto them.
struct LandscapeMemory {
    /// Frames drawn in this view: the clock that paces grid refreshes, so a snapshot and a replayed
    /// run draw alike.
    var frame = 0
    /// The pair (`LabModel.parameterPair`) the state below belongs to.
    var pair = 0
    var x: Scale?
    var y: Scale?
    /// The one-parameter curve: the loss's minimum and the base half-width around it.
    var function: (center: Double, baseHalfWidth: Double)?
    var shown: LandscapeGrid?
    var pending: LandscapeGrid?
    var directions: (u: [Double], v: [Double], gram: (uu: Double, uv: Double, vv: Double))?
    /// θ·u and θ·v at recent steps (nets), oldest first.
    var samples = RecentValues<[Double]>(capacity: 120)
    var sampledStep = -1
    /// Microseconds of estimated evaluation work this view may still spend (see `refresh`).
    var credit = 0.0
    /// The grid's origin projected onto the directions (θ·u, θ·v), for nets.
    var centre: (grid: Int, projection: [Double])?

    init(pair: Int) {
        self.pair = pair
    }
}

extension SessionPicture {
    /// Grid points of an exactly quadratic slice (any size is cheap), of another formula model's
    /// slice, and of a net's slice (each point a forward pass over the data).
    static let exactGrid = (columns: 61, rows: 45)
    static let evaluatedGrid = (columns: 33, rows: 25)
    static let netGrid = (columns: 11, rows: 11)
    /// A grid that is not exact is started again at most this often (in frames, ~0.33 s at the
    /// lab's 30 frames/s) and only when the slice moved; it is evaluated over the following frames
    /// within `frameBudget` microseconds of estimated work per frame (`passCost`), the previous one
    /// shown meanwhile. At the lab's top speed that keeps training at ≥ 90 % of its headless rate.
    static let refreshFrames = 10
    static let frameBudget = 1000.0
    /// Half-width of a net's window in units of the (filter-normalised) directions.
    static let netHalfWidth = 1.0

    /// The landscape view of `session` (see `LandscapePicture`): a one-parameter model's loss
    /// curve; a slice through a pair of a formula model's parameters (`p` steps through the pairs
    /// (a,b), (a,c), …, the other parameters at their current values); or, for nets, the slice along
    /// two random directions (Li et al. 2018) through the parameters of the last grid.
    mutating func landscape(_ session: Session, pair: Int) -> LandscapePicture {
        var state = landscapeMemory ?? LandscapeMemory(pair: pair)
        if state.pair != pair { state = LandscapeMemory(pair: pair) }
        state.frame += 1
        defer { landscapeMemory = state }
        if session.hasScalarParameters {
            return session.parameters.count == 1 ? Self.curve(session, &state) : Self.pairSlice(session, &state)
        }
        return Self.netSlice(session, &state)
    }

    /// Estimated microseconds of one loss evaluation: a fixed cost, the data, and the data times
    /// the parameters (a net's matrix products). Calibrated on this machine's release build:
    /// sin-cubic ~3 µs, legendre ~5 µs, two-layer-net ~1.6 ms.
    static func passCost(_ session: Session) -> Double {
        let data = Double(session.inputs?.count ?? 1)
        let parameters = Double(session.parameters.reduce(0) { $0 + $1.tensor.count })
        return 2 + 1e-3 * data + 2.5e-7 * data * parameters
    }

    // MARK: - One parameter

    private static func curve(_ session: Session, _ state: inout LandscapeMemory) -> LandscapePicture {
        let name = session.parameters[0].name
        let x = session.parameters[0].tensor.item
        let analysis = session.quadraticAnalysis()
        let trailXs = session.trail.elements.map { $0[0] }.filter(\.isFinite)
        let function = state.function ?? {
            var start = session.startValues.first ?? x
            if !start.isFinite { start = x.isFinite ? x : 0 }
            let center = analysis.optimum?.parameters[0]
                ?? FunctionView.minimum(of: { session.lossCurve(parameter: 0, values: [$0])[0] }, near: start) ?? start
            return (center, FunctionView.baseHalfWidth(start: start, center: center))
        }()
        let half = max(state.x.map { ($0.upper - $0.lower) / 2 } ?? 0,
                       FunctionView.halfWidth(base: function.baseHalfWidth, center: function.center, visited: trailXs + [x]))
        state.function = function
        let xScale = Scale(function.center - half, function.center + half)
        state.x = xScale
        let xs = Tensor.linspaceValues(xScale.lower, xScale.upper, count: 240)
        let values = session.lossCurve(parameter: 0, values: xs + [x] + trailXs)
        let ys = Array(values[..<xs.count])
        let optimum = analysis.optimum.map { DataPoint(x: $0.parameters[0], y: $0.loss) }
        return LandscapePicture(
            xName: name, yName: "loss", xs: [], ys: [], values: [], curve: XYPoints(xs: xs, ys: ys),
            curveView: Viewport(x: xScale, y: Scale.covering(ys, padding: 0.06)),
            path: XYPoints(xs: trailXs, ys: Array(values[(xs.count + 1)...])),
            point: DataPoint(x: x, y: values[xs.count]), optimum: optimum)
    }

    // MARK: - A pair of scalar parameters

    /// The pairs (0,1), (0,2), …, (1,2), … of `count` parameters.
    static func pairs(_ count: Int) -> [(Int, Int)] {
        (0..<count).flatMap { i in ((i + 1)..<max(i + 1, count)).map { (i, $0) } }
    }

    private static func pairSlice(_ session: Session, _ state: inout LandscapeMemory) -> LandscapePicture {
        let names = session.parameters.map(\.name)
        let pairs = pairs(names.count)
        let (first, second) = pairs[state.pair % pairs.count]
        let theta = session.parameters.map(\.tensor.item)
        let analysis = session.quadraticAnalysis()
        let optimum = analysis.optimum?.parameters
        let trail = session.trail.elements

        /// The middle of what must show along a parameter (the point, the optimum, the path) and
        /// the half-width that holds it with room to spare.
        func content(_ index: Int) -> (middle: Double, half: Double) {
            let seen = ([theta[index]] + (optimum.map { [$0[index]] } ?? []) + trail.map { $0[index] }).filter(\.isFinite)
            guard let low = seen.min(), let high = seen.max() else { return (0, 1) }
            var least = 0.25 * max(abs(theta[index]), 0.2)
            if let hessian = analysis.hessian, let optimum = analysis.optimum, hessian[index][index] > 0 {
                // Where the loss rises to about twice L* along this parameter alone.
                least = (2 * max(abs(optimum.loss), 1e-9) / hessian[index][index]).squareRoot()
            }
            return ((low + high) / 2, max((high - low) / 2 * 1.25, least, 1e-9 * max(1, abs(high), abs(low))))
        }
        var along = (content(first), content(second))
        if let hessian = analysis.hessian, hessian[first][first] > 0, hessian[second][second] > 0 {
            // Both axes as wide as it takes the loss to rise as much as along the wider of them, so
            // the bowl shows as closed contours rather than as lines across the window.
            let hFirst = hessian[first][first], hSecond = hessian[second][second]
            let rise = max(hFirst * along.0.half * along.0.half, hSecond * along.1.half * along.1.half)
            along.0.half = max(along.0.half, (rise / hFirst).squareRoot())
            along.1.half = max(along.1.half, (rise / hSecond).squareRoot())
        }
        let xScale = hold(state.x, needed: along.0), yScale = hold(state.y, needed: along.1)
        state.x = xScale
        state.y = yScale

        let (origin, u, v) = Session.plane(of: first, second, through: theta)
        let exact = analysis.isQuadratic
        let size = exact ? exactGrid : evaluatedGrid
        let frame = state.frame
        let spec = {
            LandscapeGrid(origin: origin, u: u, v: v,
                          alphas: Tensor.linspaceValues(xScale.lower, xScale.upper, count: size.columns),
                          betas: Tensor.linspaceValues(yScale.lower, yScale.upper, count: size.rows),
                          frame: frame, step: session.step)
        }
        let grid: LandscapeGrid
        if exact {
            var fresh = spec()
            fresh.evaluate(session, count: size.columns * size.rows)
            grid = fresh
        } else {
            let moved = state.shown.map { $0.origin != origin || $0.alphas.first != xScale.lower || $0.alphas.last != xScale.upper
                || $0.betas.first != yScale.lower || $0.betas.last != yScale.upper } ?? true
            grid = refresh(session, &state, moved: moved, spec: spec)
        }
        let others = names.indices.filter { $0 != first && $0 != second }.map {
            "\(names[$0])=\(NumberFormat.significant(theta[$0], digits: 3, keepTrailingZeros: false))"
        }
        return LandscapePicture(
            xName: names[first], yName: names[second], xs: grid.alphas, ys: grid.betas, values: grid.values,
            path: XYPoints(xs: trail.map { $0[first] }, ys: trail.map { $0[second] }),
            point: DataPoint(x: theta[first], y: theta[second]),
            optimum: optimum.map { DataPoint(x: $0[first], y: $0[second]) },
            note: others.joined(separator: " "))
    }

    /// `steady`, but a window that must grow grows to hold half as much again as is needed, so
    /// that a path walking out of it does not widen it frame after frame.
    static func hold(_ current: Scale?, needed: (middle: Double, half: Double)) -> Scale {
        let exact = Scale(needed.middle - needed.half, needed.middle + needed.half)
        guard let current, exact.lower < current.lower || exact.upper > current.upper else { return steady(current, needed: exact) }
        return steady(current, needed: Scale(needed.middle - 1.5 * needed.half, needed.middle + 1.5 * needed.half))
    }

    /// The grid to show for a slice that is evaluated point by point: the first one at once (a
    /// snapshot shows a whole grid); later ones started when the slice `moved` and
    /// `refreshFrames` have passed, filled within `frameBudget` per frame, shown when complete.
    private static func refresh(_ session: Session, _ state: inout LandscapeMemory, moved: Bool,
                                spec: () -> LandscapeGrid) -> LandscapeGrid {
        guard let shown = state.shown else {
            var grid = spec()
            grid.evaluate(session, count: grid.alphas.count * grid.betas.count)
            state.shown = grid
            return grid
        }
        if state.pending == nil, moved, state.frame - shown.frame >= refreshFrames {
            state.pending = spec()
        }
        if var pending = state.pending {
            // Work is paid for from a credit of `frameBudget` per frame, so a pass dearer than a
            // frame's budget (a net's) runs every other frame or so rather than every frame.
            let cost = passCost(session)
            state.credit = min(state.credit + frameBudget, max(frameBudget, cost))
            let count = Int(state.credit / cost)
            state.credit -= Double(count) * cost
            pending.evaluate(session, count: count)
            if pending.isComplete {
                state.shown = pending
                state.pending = nil
                return pending
            }
            state.pending = pending
        }
        return shown
    }

    // MARK: - Nets: two random directions

    private static func netSlice(_ session: Session, _ state: inout LandscapeMemory) -> LandscapePicture {
        let seed = session.seed &+ UInt64(state.pair)
        let directions = state.directions ?? {
            let (u, v) = session.randomDirections(seed: seed)
            let dot = { (a: [Double], b: [Double]) in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
            return (u, v, (dot(u, u), dot(u, v), dot(v, v)))
        }()
        state.directions = directions
        let here = projection(session, directions.u, directions.v)
        if session.step != state.sampledStep {
            state.samples.append(here)
            state.sampledStep = session.step
        }
        let half = state.x.map(\.upper) ?? netHalfWidth
        let frame = state.frame
        let grid = refresh(session, &state, moved: session.step != state.shown?.step || state.shown?.alphas.last != half) {
            LandscapeGrid(origin: session.flatParameterValues, u: directions.u, v: directions.v,
                          alphas: Tensor.linspaceValues(-half, half, count: netGrid.columns),
                          betas: Tensor.linspaceValues(-half, half, count: netGrid.rows),
                          frame: frame, step: session.step)
        }
        let centre = state.centre.flatMap { $0.grid == grid.frame ? $0.projection : nil }
            ?? projection(grid.origin, directions.u, directions.v)
        state.centre = (grid.frame, centre)
        let gram = directions.gram
        let determinant = gram.uu * gram.vv - gram.uv * gram.uv
        func coordinates(_ p: [Double]) -> DataPoint {
            let du = p[0] - centre[0], dv = p[1] - centre[1]
            return DataPoint(x: (gram.vv * du - gram.uv * dv) / determinant, y: (gram.uu * dv - gram.uv * du) / determinant)
        }
        let path = state.samples.elements.map(coordinates)
        let point = coordinates(here)
        let farthest = (path + [point]).map { max(abs($0.x), abs($0.y)) }.filter(\.isFinite).max() ?? 0
        var widened = half
        while farthest > 0.9 * widened, widened < 1e6 { widened *= 2 }
        state.x = Scale(-widened, widened)
        return LandscapePicture(
            xName: "direction 1", yName: "direction 2", xs: grid.alphas, ys: grid.betas, values: grid.values,
            path: XYPoints(path), point: point, note: "seed \(seed) · grid of step \(grid.step)")
    }

    /// θ·u and θ·v for the session's current parameters, without copying them.
    private static func projection(_ session: Session, _ u: [Double], _ v: [Double]) -> [Double] {
        var alongU = 0.0, alongV = 0.0, offset = 0
        for parameter in session.parameters {
            parameter.tensor.data.withUnsafeBufferPointer { data in
                for k in data.indices {
                    alongU += data[k] * u[offset + k]
                    alongV += data[k] * v[offset + k]
                }
            }
            offset += parameter.tensor.count
        }
        return [alongU, alongV]
    }

    private static func projection(_ theta: [Double], _ u: [Double], _ v: [Double]) -> [Double] {
        var alongU = 0.0, alongV = 0.0
        for k in theta.indices {
            alongU += theta[k] * u[k]
            alongV += theta[k] * v[k]
        }
        return [alongU, alongV]
    }
}
