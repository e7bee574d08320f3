import Grad
import Lab

/// Turns a session into the picture the lab draws (`render(_:width:height:options:)` then makes
/// the frame). Keeps the parabola's view range between frames so the plot only widens, never
/// jumps, while x travels; keeps a reduced copy of large data sets so frame time does not grow
/// with the number of points.
public struct SessionPicture {
    private var parabolaRange: ClosedRange<Double>?
    private var dataCache: (inputs: ObjectIdentifier, points: XYPoints, low: Double, high: Double)?

    /// Data sets larger than this are drawn from one representative point per cell of a fine grid.
    static let reductionThreshold = 50_000

    public init() {}

    /// Forgets the view state (after a reset).
    public mutating func reset() { parabolaRange = nil }

    public mutating func picture(of session: Session) -> LabPicture {
        let loss = session.history.extremes
        return LabPicture(title: "\(session.scene.name) · \(session.scene.title)", main: mainPanel(session),
                   loss: loss.values, lossStride: loss.stride, bestLoss: session.history.best,
                   status: status(session), showHelp: session.showHelp, description: session.scene.description)
    }

    private mutating func mainPanel(_ session: Session) -> MainPanel {
        if session.scene.loss == .minimize, session.parameters.count == 1, session.parameters[0].tensor.count == 1 {
            return parabola(session)
        }
        if let inputs = session.inputs, let targets = session.targets, inputs.rank == 1, session.hasScalarParameters {
            let data = dataPoints(inputs, targets)
            let xs = Tensor.linspaceValues(data.low, data.high, count: 240)
            let ys = session.modelValues(at: xs) ?? []
            return .fit(data: data.points, curve: XYPoints(xs: xs, ys: ys))
        }
        let prediction = session.lastPrediction.isEmpty ? session.currentPrediction() : session.lastPrediction
        return .parity(target: session.targets?.data ?? [], prediction: prediction)
    }

    /// The scatter to draw and the x range, computed once per data set.
    private mutating func dataPoints(_ inputs: Tensor, _ targets: Tensor) -> (points: XYPoints, low: Double, high: Double) {
        let key = ObjectIdentifier(inputs)
        if let cache = dataCache, cache.inputs == key { return (cache.points, cache.low, cache.high) }
        let xs = inputs.data, ys = targets.data
        let finiteX = xs.filter(\.isFinite), finiteY = ys.filter(\.isFinite)
        let low = finiteX.min() ?? -1, high = finiteX.max() ?? 1
        var points = XYPoints(xs: xs, ys: ys)
        if xs.count > Self.reductionThreshold, let bottom = finiteY.min(), let top = finiteY.max() {
            points = Self.reduce(xs, ys, x: low...high, y: bottom...top)
        }
        dataCache = (key, points, low, high)
        return (points, low, high)
    }

    /// One point per occupied cell of a 2048×1024 grid over the data: at any terminal size the
    /// braille dots they light are (up to rounding at cell edges) the ones all the points light.
    static func reduce(_ xs: [Double], _ ys: [Double], x: ClosedRange<Double>, y: ClosedRange<Double>) -> XYPoints {
        let columns = 2048, rows = 1024
        var occupied = [Bool](repeating: false, count: columns * rows)
        var keptX: [Double] = [], keptY: [Double] = []
        let xScale = Double(columns - 1) / max(x.upperBound - x.lowerBound, .leastNormalMagnitude)
        let yScale = Double(rows - 1) / max(y.upperBound - y.lowerBound, .leastNormalMagnitude)
        for (px, py) in zip(xs, ys) where px.isFinite && py.isFinite {
            let column = Int(((px - x.lowerBound) * xScale).rounded())
            let row = Int(((py - y.lowerBound) * yScale).rounded())
            let cell = row * columns + column
            if !occupied[cell] {
                occupied[cell] = true
                keptX.append(px)
                keptY.append(py)
            }
        }
        return XYPoints(xs: keptX, ys: keptY)
    }

    private mutating func parabola(_ session: Session) -> MainPanel {
        let x = session.parameters[0].tensor.item
        let trailXs = session.trail.elements.map { $0[0] }.filter(\.isFinite)
        let visited = trailXs + (x.isFinite ? [x] : [])
        if let low = visited.min(), let high = visited.max() {
            if let range = parabolaRange {
                if low < range.lowerBound || high > range.upperBound {
                    let newLow = min(low, range.lowerBound), newHigh = max(high, range.upperBound)
                    let pad = (newHigh - newLow) * 0.1
                    parabolaRange = (newLow - pad)...(newHigh + pad)
                }
            } else {
                let span = max(high - low, 1.5)
                parabolaRange = (low - span * 0.6)...(high + span * 0.6)
            }
        }
        let range = parabolaRange ?? -2...2
        let xs = Tensor.linspaceValues(range.lowerBound, range.upperBound, count: 240)
        let values = session.modelValues(at: xs + [x] + trailXs) ?? []
        let ys = Array(values.prefix(xs.count))
        let y = values.count > xs.count ? values[xs.count] : .nan
        let trailYs = Array(values.dropFirst(xs.count + 1))
        let slope = session.currentGradients().first?.first ?? .nan
        return .parabola(curve: XYPoints(xs: xs, ys: ys), point: DataPoint(x: x, y: y),
                         trail: XYPoints(xs: trailXs, ys: trailYs), slope: slope)
    }

    private func status(_ session: Session) -> LabStatus {
        let state: LabStatus.State
        switch session.state {
        case .running: state = .running
        case .paused: state = .paused
        case .diverged: state = .diverged
        case .done: state = .done
        }
        let message = Self.message(session)
        let parameters = session.parameterSummaries().map { summary in
            LabStatus.Parameter(name: summary.isScalar ? summary.name : "|\(summary.name)|",
                                value: summary.isScalar ? summary.values[0] : summary.norm,
                                grad: summary.gradient)
        }
        let loss = session.history.latest ?? session.currentLoss()
        return LabStatus(state: state, step: session.step, loss: loss, learningRate: session.learningRate,
                         optimizer: session.optimizerKind.displayName, parameters: parameters,
                         stepsPerSecond: session.state == .running ? session.measuredStepsPerSecond : nil,
                         speedSetting: Self.speedText(session.stepsPerSecond), message: message)
    }

    static func speedText(_ speed: Double) -> String {
        guard speed.isFinite else { return "max" }
        return speed >= 1000 ? "\(Int(speed / 1000))k/s" : "\(Int(speed))/s"
    }
}
