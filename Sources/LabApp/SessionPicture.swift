import Grad
import Lab
import Plot

/// Turns a session into the picture the lab draws (`render(_:width:height:options:)` then makes
/// the frame). Live frames and `--snapshot` both come from here, so they frame a state alike.
///
/// Between frames it remembers, for the session it drew last: the parabola's view (fixed from the
/// first frame, widened only when a step leaves it; see `FunctionView`), a fit's y range (widened
/// when the data or the current fit needs more room, narrowed only once the content fills less
/// than 40 % of it, so it never jumps from frame to frame). The loss and the tangent's slope at
/// the current parameters come from the session, which evaluates them once per step. It also keeps a reduced copy of large
/// data sets so frame time does not grow with the number of points.
struct SessionPicture {
    /// What is remembered about one session; forgotten for another session or after a reset.
    private struct Memory {
        let session: Session
        var lastStep: Int
        /// The minimum of the parabola scene's function (or its start when there is none) and the
        /// view's half-width before widening.
        var function: (center: Double, baseHalfWidth: Double)?
        var functionHalfWidth = 0.0
        var fitY: Scale?
        var landscape: LandscapeMemory?
        /// The decision map drawn last and the parameters it shows (`Session.parameterVersion`).
        var decisionMap: (version: Int, picture: DecisionMapPicture)?
        /// The neurons view drawn last, the parameters it shows and its chosen neuron.
        var neurons: (version: Int, selected: Int, picture: NeuronsPicture)?

        init(_ session: Session) {
            self.session = session
            lastStep = session.step
        }
    }

    private var memory: Memory?

    /// The landscape view's state between frames (see `LandscapeMemory`), forgotten with the rest.
    var landscapeMemory: LandscapeMemory? {
        get { memory?.landscape }
        set { memory?.landscape = newValue }
    }
    private var dataCache: (inputs: ObjectIdentifier, points: XYPoints, low: Double, high: Double)?

    /// Data sets larger than this are drawn from one representative point per cell of a fine grid.
    static let reductionThreshold = 50_000

    /// A fit's y range narrows when what it must show needs less than this share of its height.
    static let narrowingShare = 0.4

    init() {}

    /// Forgets the view state (after a reset). A session whose step count went back is taken to
    /// have been reset without this.
    mutating func reset() { memory = nil }

    /// The picture of `session` as `lab` shows it (its view, help, notice and speed).
    mutating func picture(of session: Session, in lab: LabModel) -> LabPicture {
        if let memory, memory.session === session, session.step >= memory.lastStep {
            self.memory?.lastStep = session.step
        } else {
            memory = Memory(session)
        }
        let main = mainPanel(session, lab)
        let status = status(session, lab)
        let loss = Self.plottedLoss(session)
        // The best loss seen, counting the loss at the current parameters the header shows.
        // (With mini-batches, the best full-batch loss: a batch's loss is a noisy sample of it.)
        let recordedBest = session.batchSize == nil ? session.history.best : session.fullLossCurve.values.filter(\.isFinite).min()
        let best = [recordedBest, status.loss.isFinite ? status.loss : nil].compactMap { $0 }.min()
        var picture = LabPicture(title: "\(session.scene.name) · \(session.scene.title)", main: main,
                                 loss: loss.values, lossStride: loss.stride, bestLoss: best,
                                 status: status, showHelp: lab.showHelp, description: session.scene.description)
        addOptimum(session, to: &picture)
        picture.branchSteps = session.branchSteps
        if let test = session.testLoss() {
            picture.heldOut = Self.heldOutPoints(session)
            picture.testLoss = LossChart.Curve(steps: session.testCurve.steps + [session.step],
                                                   values: session.testCurve.values + [test], current: test)
            picture.status.testLoss = test
        }
        if let accuracy = session.accuracy() { picture.status.accuracy = (accuracy, session.testAccuracy()) }
        picture.ghostLoss = lab.ghost
        if let size = session.batchSize {
            let loss = session.currentLoss()
            picture.fullLoss = LossChart.Curve(steps: session.fullLossCurve.steps + [session.step],
                                                   values: session.fullLossCurve.values + [loss], current: loss)
            picture.status.batch = (size, max(1, session.epoch))
        }
        if session.scene.schedule != nil {
            picture.rateCourse = (session.rateCurve.steps + [session.step], session.rateCurve.values + [session.learningRate])
        }
        var changes: [LossChart.Mark] = []
        for mark in session.changeMarks {
            let label = Self.label(of: mark.what)
            if let last = changes.last, last.step == mark.step {
                changes[changes.count - 1] = LossChart.Mark(step: mark.step, label: last.label + " " + label)
            } else {
                changes.append(LossChart.Mark(step: mark.step, label: label))
            }
        }
        picture.lossMarks = changes
            + lab.bookmarks.enumerated().map { LossChart.Mark(step: $0.element, label: "'\($0.offset + 1)") }
        if session.canStepBack { picture.status.stepsBack = session.step - session.oldestReachableStep }
        return picture
    }

    /// A change's mark on the loss panel: `lr×2`, `lr÷10`, `lr 0.003` (another factor), `→Adam`, `β0.99`.
    static func label(of change: ChangeMark.What) -> String {
        switch change {
        case .learningRate(let from, let to):
            let factor = to / from
            for nice in [2.0, 4, 8, 10, 100] {
                if abs(factor / nice - 1) < 1e-9 { return "lr×\(NumberFormat.significant(nice, digits: 3, keepTrailingZeros: false))" }
                if abs(factor * nice - 1) < 1e-9 { return "lr÷\(NumberFormat.significant(nice, digits: 3, keepTrailingZeros: false))" }
            }
            return "lr " + NumberFormat.learningRate(to)
        case .optimizer(let kind):
            return "→" + kind.displayName
        case .momentum(_, let beta):
            return "β" + betaText(beta)
        case .batchSize(let size):
            return "batch \(size)"
        }
    }

    /// The held-out points of a one-input scene, for the fit view.
    static func heldOutPoints(_ session: Session) -> XYPoints? {
        guard let inputs = session.heldOutInputs, let targets = session.heldOutTargets, inputs.rank == 1 else { return nil }
        return XYPoints(xs: inputs.data, ys: targets.data)
    }

    /// The loss curve to plot: every recorded step's loss, then the loss at the current
    /// parameters (the one the status line shows), so the curve ends where the run is, from step 0.
    /// With mini-batches the recorded losses are the batches' alone: the full loss is its own curve.
    static func plottedLoss(_ session: Session) -> (values: [Double], stride: Int) {
        let recorded = session.history.extremes
        guard session.batchSize == nil else { return recorded }
        return (recorded.values + [session.currentLoss()], recorded.stride)
    }

    private mutating func mainPanel(_ session: Session, _ lab: LabModel) -> MainPanel {
        switch lab.view {
        case .fit: fitPanel(session)
        case .landscape: .landscape(landscape(session, pair: lab.parameterPair))
        case .optimizer: .optimizer(optimizerTable(session))
        case .graph: .graph(graph(session, scroll: lab.graphScroll))
        case .neurons: neuronsPanel(session, selected: lab.selectedNeuron)
        }
    }

    private mutating func neuronsPanel(_ session: Session, selected: Int) -> MainPanel {
        if let cached = memory?.neurons, cached.version == session.parameterVersion, cached.selected == selected {
            return .neurons(cached.picture)
        }
        let picture = Self.neurons(session, selected: selected)
        memory?.neurons = (session.parameterVersion, selected, picture)
        return .neurons(picture)
    }

    private mutating func fitPanel(_ session: Session) -> MainPanel {
        if session.scene.loss == .minimize, session.parameters.count == 1, session.parameters[0].tensor.count == 1 {
            return parabola(session)
        }
        if let inputs = session.inputs, let targets = session.targets, inputs.rank == 1, session.isFormulaModel {
            let data = dataPoints(inputs, targets)
            let heldOut = Self.heldOutPoints(session)
            let low = min(data.low, heldOut?.xs.filter(\.isFinite).min() ?? data.low)
            let high = max(data.high, heldOut?.xs.filter(\.isFinite).max() ?? data.high)
            let xs = Tensor.linspaceValues(low, high, count: 240)
            let ys = session.modelValues(at: xs) ?? []
            let curve = XYPoints(xs: xs, ys: ys)
            let shown = heldOut.map { XYPoints(xs: data.points.xs + $0.xs, ys: data.points.ys + $0.ys) } ?? data.points
            let needed = XYChart.fitView(data: shown, curve: curve)
            let y = Self.steady(memory?.fitY, needed: needed.y)
            memory?.fitY = y
            return .fit(data: data.points, curve: curve, view: Viewport(x: needed.x, y: y))
        }
        if session.classifiesPlane {
            if let cached = memory?.decisionMap, cached.version == session.parameterVersion { return .decisionMap(cached.picture) }
            if let map = Self.decisionMap(session) {
                memory?.decisionMap = (session.parameterVersion, map)
                return .decisionMap(map)
            }
        }
        let prediction = session.lastPrediction.isEmpty ? session.currentPrediction() : session.lastPrediction
        return .parity(target: session.targets?.data ?? [], prediction: prediction)
    }

    /// `current`, unless `needed` leaves it (then widened to hold both, with a tenth of the span
    /// to spare on the side that grew) or fills less than `narrowingShare` of it (then `needed`).
    static func steady(_ current: Scale?, needed: Scale) -> Scale {
        guard let current else { return needed }
        let span = current.upper - current.lower, neededSpan = needed.upper - needed.lower
        if needed.lower >= current.lower, needed.upper <= current.upper {
            return neededSpan < narrowingShare * span ? needed : current
        }
        let lower = min(current.lower, needed.lower), upper = max(current.upper, needed.upper)
        let spare = (upper - lower) * 0.1
        return Scale(needed.lower < current.lower ? lower - spare : lower,
                     needed.upper > current.upper ? upper + spare : upper)
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
        let function = memory?.function ?? Self.functionView(session, now: x)
        let half = max(memory?.functionHalfWidth ?? 0,
                       FunctionView.halfWidth(base: function.baseHalfWidth, center: function.center, visited: trailXs + [x]))
        memory?.function = function
        memory?.functionHalfWidth = half
        let xScale = Scale(function.center - half, function.center + half)
        let xs = Tensor.linspaceValues(xScale.lower, xScale.upper, count: 240)
        let values = session.modelValues(at: xs + [x] + trailXs) ?? []
        let ys = Array(values.prefix(xs.count))
        let y = values.count > xs.count ? values[xs.count] : .nan
        let trailYs = Array(values.dropFirst(xs.count + 1))
        let slope = session.currentGradients().first?.first ?? .nan
        return .parabola(curve: XYPoints(xs: xs, ys: ys), point: DataPoint(x: x, y: y),
                         trail: XYPoints(xs: trailXs, ys: trailYs), slope: slope,
                         view: Viewport(x: xScale, y: Scale.covering(ys, padding: 0.06)))
    }

    /// The minimum of the function (found numerically from its formula) and the view's base
    /// half-width from the run's start (`Session.startValues`).
    private static func functionView(_ session: Session, now x: Double) -> (center: Double, baseHalfWidth: Double) {
        var start = session.startValues.first ?? x
        if !start.isFinite { start = x.isFinite ? x : 0 }
        let f = { (v: Double) in session.modelValues(at: [v])?.first ?? .nan }
        let center = FunctionView.minimum(of: f, near: start) ?? start
        return (center, FunctionView.baseHalfWidth(start: start, center: center))
    }

    private func status(_ session: Session, _ lab: LabModel) -> LabStatus {
        let state: LabStatus.State
        switch session.state {
        case .running: state = .running
        case .paused: state = .paused
        case .diverged: state = .diverged
        case .done: state = .done
        }
        let message = lab.promptText ?? Self.message(session, notice: lab.notice)
        let parameters = session.parameterSummaries(gradientsAtCurrentValues: true).map { summary in
            LabStatus.Parameter(name: summary.isScalar ? summary.name : "|\(summary.name)|",
                                value: summary.isScalar ? summary.values[0] : summary.norm,
                                grad: summary.gradient)
        }
        let measured = lab.measuredStepsPerSecond
        return LabStatus(state: state, step: session.step, loss: session.currentLoss(), learningRate: session.learningRate,
                         optimizer: Self.optimizerName(session), parameters: parameters,
                         stepsPerSecond: session.state == .running && measured > 0 ? measured : nil,
                         speedSetting: Self.speedText(lab.stepsPerSecond), message: message)
    }

    /// The optimizer's name, with β when the person moved it off torch's usual 0.9: `Momentum β0.99`.
    static func optimizerName(_ session: Session) -> String {
        let beta = session.optimizer.momentum
        guard session.optimizerKind == .momentum || session.optimizerKind == .nesterov, beta != 0.9 else {
            return session.optimizerKind.displayName
        }
        return "\(session.optimizerKind.displayName) β\(betaText(beta))"
    }

    static func speedText(_ speed: Double) -> String {
        guard speed.isFinite else { return "max" }
        return speed >= 1000 ? "\(Int(speed / 1000))k/s" : "\(Int(speed))/s"
    }
}
