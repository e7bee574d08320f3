import Grad
import Lab
import Plot

/// Turns a session into the picture the lab draws. Keeps the parabola's view range between frames
/// so the plot only widens (never jumps) while x travels.
struct SessionPicture {
    private var parabolaRange: ClosedRange<Double>?

    mutating func reset() { parabolaRange = nil }

    mutating func picture(of session: Session) -> LabPicture {
        LabPicture(title: "\(session.scene.name) · \(session.scene.title)", main: mainPanel(session),
                   loss: session.history.values, bestLoss: session.history.best,
                   status: status(session), showHelp: session.showHelp)
    }

    private mutating func mainPanel(_ session: Session) -> MainPanel {
        if session.scene.loss == .minimize, session.parameters.count == 1, session.parameters[0].tensor.count == 1 {
            return parabola(session)
        }
        if let inputs = session.inputs, let targets = session.targets, inputs.rank == 1, session.hasScalarParameters {
            let data = XYPoints(xs: inputs.data, ys: targets.data)
            let low = inputs.data.min() ?? -1, high = inputs.data.max() ?? 1
            let xs = Tensor.linspaceValues(low, high, count: 240)
            let ys = session.modelValues(at: xs) ?? []
            return .fit(data: data, curve: XYPoints(xs: xs, ys: ys))
        }
        let prediction = session.lastPrediction.isEmpty ? session.currentPrediction() : session.lastPrediction
        return .parity(target: session.targets?.data ?? [], prediction: prediction)
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
        let ys = session.modelValues(at: xs) ?? []
        let y = session.modelValues(at: [x])?.first ?? .nan
        let trailYs = session.modelValues(at: trailXs) ?? []
        let slope = session.currentGradients().first?.first ?? .nan
        return .parabola(curve: XYPoints(xs: xs, ys: ys), point: DataPoint(x: x, y: y),
                         trail: XYPoints(xs: trailXs, ys: trailYs), slope: slope)
    }

    private func status(_ session: Session) -> LabStatus {
        let state: LabStatus.State
        var message: String?
        switch session.state {
        case .running: state = .running
        case .paused: state = .paused
        case .diverged(let divergence):
            state = .diverged
            message = "\(divergence.summary): press r to reset, then - or [ to lower the learning rate"
        case .done(let reason):
            state = .done
            message = "done: \(reason). space trains on past the stop rule · r runs again"
        }
        let parameters = session.parameterSummaries().map { summary in
            LabStatus.Parameter(name: summary.isScalar ? summary.name : "|\(summary.name)|",
                                value: summary.isScalar ? summary.values[0] : summary.norm,
                                grad: summary.gradient)
        }
        let loss = session.history.latest ?? session.currentLoss()
        return LabStatus(state: state, step: session.step, loss: loss, learningRate: session.learningRate,
                         optimizer: session.optimizerKind.displayName, parameters: parameters,
                         stepsPerSecond: session.state == .running ? session.measuredStepsPerSecond : nil,
                         message: message)
    }
}
