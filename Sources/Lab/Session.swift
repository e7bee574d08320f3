import Grad

/// One run of a scene: data, model, optimizer and its state, step counter, history and running
/// state. The lab, headless runs and snapshots all drive this one training loop (`trainStep`);
/// the lab (LabApp) steers it through the named operations below (`togglePause`, `stepOnce`,
/// `setLearningRate`, `switchOptimizer`, `reset`, `rewind`) and keeps everything about the screen
/// (view, speed, notices) itself.
///
/// A class, because the model's parameters are engine tensors with identity: a copy of a session
/// would share them. Like the tensors, a session is used by one thread at a time: the properties
/// every training step touches skip Swift's dynamic exclusivity checks (`@exclusivity(unchecked)`,
/// and release builds of Lab skip them everywhere, as Package.swift says why).
public final class Session {
    public let scene: Scene
    public let options: RunOptions
    public let seed: UInt64
    /// The generator the seeded draws (data, initial parameters) come from.
    public let generator: GeneratorKind
    @exclusivity(unchecked) public private(set) var state: RunState = .running
    /// Optimizer steps taken so far; the next step's index.
    @exclusivity(unchecked) public private(set) var step = 0
    @exclusivity(unchecked) public internal(set) var optimizer: Optimizer
    /// The learning rate each optimizer uses in this session (changes are remembered per optimizer).
    @exclusivity(unchecked) public private(set) var learningRates: [OptimizerKind: Double]
    /// Each optimizer's rate before a schedule touched it: where a reset starts the schedule again,
    /// and the cosine schedule's `base_lr`.
    @exclusivity(unchecked) var baseRates: [OptimizerKind: Double]
    /// The rate each step used, sampled, while the scene has a schedule (see `SampledCurve`).
    @exclusivity(unchecked) public private(set) var rateCurve = SampledCurve()
    @exclusivity(unchecked) public private(set) var history = LossHistory()
    /// Scalar parameter values before each recent step (models with at most eight scalars), oldest first.
    @exclusivity(unchecked) public private(set) var trail = RecentValues<[Double]>(capacity: 400)
    /// Gradients of the last step, one array per parameter.
    @exclusivity(unchecked) public private(set) var gradients: [[Double]] = []
    /// What the last optimizer update changed; nil before the first step, after a reset and after
    /// an optimizer switch (the new optimizer has taken no step yet). Its `changes` are recorded
    /// for small models always, for larger ones only while the optimizer view shows them (see
    /// `LastUpdate.isSmall`).
    @exclusivity(unchecked) public private(set) var lastUpdate: LastUpdate?
    /// The most recent forward pass's output values (predictions), for parity plots.
    @exclusivity(unchecked) public private(set) var lastPrediction: [Double] = []
    /// Off once a person resumes a finished run: it then trains until paused.
    @exclusivity(unchecked) public private(set) var stopRulesActive = true
    /// The autograd graph of the last step (`step` is its index), while `recording` has `.graph`:
    /// a step taken without recording forgets it.
    @exclusivity(unchecked) public private(set) var lastGraph: (step: Int, record: GraphRecord)?
    /// What steps record beyond the training itself; the lab sets it from the view it shows, so
    /// that training at top speed in the other views pays nothing for it.
    @exclusivity(unchecked) public var recording: Recording = [.curves]
    /// The person's changes along the run, for marks on the loss panel (`lr×2`, `→Adam`): kept
    /// across a rewind (going forward again replays them), dropped past the step where a new change
    /// starts another future, and by a reset.
    public private(set) var changeMarks: [ChangeMark] = []
    /// The scalar parameter values at step 0 (formula models with at most eight scalars; empty
    /// otherwise), as the run started.
    public private(set) var startValues: [Double] = []

    @exclusivity(unchecked) private var model: Model
    @exclusivity(unchecked) private var data: TrainingData?
    /// The model over the held-out rows, sharing `model`'s parameters (scenes with `test_fraction`).
    @exclusivity(unchecked) private var testModel: Model?
    /// The test loss along the run, sampled (see `SampledCurve`); empty without held-out rows.
    @exclusivity(unchecked) public private(set) var testCurve = SampledCurve()
    /// The test loss at the current parameters, once evaluated, for `parameterVersion`.
    @exclusivity(unchecked) private var testAtCurrentParameters: (version: Int, loss: Double) = (-1, .nan)
    /// The training and test accuracy at the current parameters, once computed, for `parameterVersion`.
    @exclusivity(unchecked) private var accuracyAtCurrentParameters: (version: Int, train: Double?, test: Double?) = (-1, nil, nil)
    /// Which rows the next mini-batch takes (`batch_size`); nil trains on every row each step.
    @exclusivity(unchecked) private(set) var batching: BatchOrder?
    /// A model per batch length, sharing `model`'s parameters, over data tensors each step refills.
    @exclusivity(unchecked) private var batchModels: [Int: BatchModel] = [:]
    /// For formula models with mini-batches: the formula's fixed tensors over every training row
    /// (`x`, and what the formula computes of it once, such as `x^2`), whose rows each batch gathers.
    @exclusivity(unchecked) private var batchSource: [[Tensor]]?
    /// The full training loss along a mini-batch run, sampled (see `SampledCurve`).
    @exclusivity(unchecked) public private(set) var fullLossCurve = SampledCurve()
    /// The epoch of the last step's batch, from 1 (0 before the first step or without mini-batches).
    @exclusivity(unchecked) public private(set) var epoch = 0
    @exclusivity(unchecked) private(set) var randomTerms: RandomSource
    /// The loss at step 0 since the last reset, which the blow-up rule measures from.
    @exclusivity(unchecked) private(set) var startLoss: Double?
    /// `quadraticAnalysis()`, once computed: it depends only on the scene and its data, which a
    /// session never changes.
    var cachedQuadraticAnalysis: QuadraticAnalysis?
    /// Counts changes of the parameters' values (steps, rewinds, resets): what is known about the
    /// current parameters (`atCurrentParameters`) is kept while it stays the same.
    @exclusivity(unchecked) public private(set) var parameterVersion = 0
    /// The loss and gradients at the current parameters, once evaluated, for `parameterVersion`.
    var atCurrentParameters: (version: Int, loss: Double?, gradients: [[Double]]?) = (-1, nil, nil)
    /// Checkpoints and changes for rewinding (see `Session+Rewind.swift`).
    @exclusivity(unchecked) var timeline: Timeline
    private static let clock = ContinuousClock()

    public init(scene: Scene, options: RunOptions = RunOptions()) throws(RunOptionsError) {
        self.scene = scene
        self.options = options
        seed = options.seed ?? scene.seed
        generator = options.generator ?? scene.generator
        let scalarNames = scene.parameters.map(\.name)
        for name in options.initialValues.keys.sorted() where !scalarNames.contains(name) {
            let known = scalarNames.isEmpty ? "this scene has no named scalar parameters" : "parameters: \(scalarNames.joined(separator: ", "))"
            throw RunOptionsError(message: "--init: unknown parameter '\(name)' in scene \(scene.name); \(known)")
        }
        if let steps = options.steps, steps < 1 { throw RunOptionsError(message: "--steps must be at least 1") }
        var rates = scene.learningRates
        let kind = options.optimizer ?? scene.optimizer
        if let rate = options.learningRate { rates[kind] = rate }
        baseRates = rates
        if let schedule = scene.schedule { rates[kind] = schedule.startingRate(rates[kind]!) }
        learningRates = rates
        optimizer = Optimizer(kind, learningRate: rates[kind]!, weightDecay: scene.weightDecay)
        state = options.startsPaused ? .paused : .running
        let (data, model, randomTerms) = Self.start(scene, seed: seed, generator: generator, overrides: options.initialValues)
        (self.data, self.model, self.randomTerms) = (data, model, randomTerms)
        startValues = model.hasScalarParameters ? model.tensors.map(\.item) : []
        timeline = Timeline(budget: options.rewindMemory)
        bindHeldOutAndBatches()
        applyResume(rates: true)
        if let rate = options.learningRate, scene.resume != nil {
            learningRates[kind] = rate
            optimizer.learningRate = rate
        }
        timeline.begin(checkpoint())
    }

    /// Goes on from where a state file's `[resume]` left the run (see `ResumeState`): its step,
    /// optimizer state (when the run uses the file's optimizer), the mini-batches' place, the
    /// random terms' stream, the blow-up rule's start loss; with `rates`, each optimizer's rate too.
    private func applyResume(rates: Bool) {
        guard let resume = scene.resume else { return }
        step = resume.step
        if rates {
            for (kind, rate) in resume.learningRates { learningRates[kind] = rate }
            optimizer.learningRate = learningRates[optimizer.kind] ?? optimizer.learningRate
        }
        if let beta = resume.momentum { optimizer.momentum = beta }
        if optimizer.kind == scene.optimizer {
            for (position, named) in model.parameters.enumerated() {
                guard let state = resume.optimizerState[named.name] else { continue }
                optimizer.restoreState(of: named.tensor, at: position, step: state.step ?? resume.step, buffers: state.buffers)
            }
        }
        if let words = resume.randomState, let source = RandomSource(stateWords: words) { randomTerms = source }
        batching?.advance(toEpoch: resume.epoch, position: resume.batchPosition)
        epoch = batching?.epoch ?? 0
        startLoss = resume.startLoss
        if resume.trainsPastStopRule { stopRulesActive = false }
    }

    private static func start(_ scene: Scene, seed: UInt64, generator: GeneratorKind,
                              overrides: [String: Double]) -> (TrainingData?, Model, RandomSource) {
        var rng = SeededDraws(generator, seed: seed)
        let data = scene.data.map { TrainingData($0, rng: &rng, seed: seed) }
        let model = Model(scene.model, parameters: scene.parameters, data: data, rng: &rng, overrides: overrides)
        model.l1 = scene.l1 ?? 0
        return (data, model, rng.randomTerms(seed: seed))
    }

    public var parameters: [NamedParameter] { model.parameters }
    /// The training rows' inputs and targets (without the held-out rows).
    public var inputs: Tensor? { data?.inputs }
    public var targets: Tensor? { data?.targets }
    /// Rows per mini-batch now, or nil when every step trains on every row.
    public var batchSize: Int? { batching?.size }
    /// The epoch the next step's batch belongs to (from 1), or nil without mini-batches.
    public var nextEpoch: Int? { batching?.nextEpoch }

    /// The held-out rows' model and the mini-batches of a fresh `data` and `model` (a new run).
    private func bindHeldOutAndBatches() {
        testModel = data?.testData.map { Model(sharingParametersOf: model, data: $0) }
        batching = Self.batchOrder(scene, data: data, generator: generator, seed: seed)
        batchModels = [:]
        batchSource = nil
        epoch = 0
    }

    /// Mini-batches of `batch_size` rows when there are more rows than that.
    private static func batchOrder(_ scene: Scene, data: TrainingData?, generator: GeneratorKind, seed: UInt64) -> BatchOrder? {
        guard let size = scene.batchSize, let rows = data?.inputs.shape.first, rows > size,
              data?.targets.shape.first == rows else { return nil }
        return BatchOrder(generator, seed: seed, rows: rows, size: size)
    }

    /// The model of the next mini-batch, its data tensors filled with the batch's rows.
    private func nextBatchModel() -> Model {
        guard batching != nil else { return model }
        let rows = batching!.next()
        epoch = batching!.epoch
        if let cached = batchModels[rows.count] {
            cached.fill(rows)
            return cached.model
        }
        guard let data else { return model }
        if model.isFormula, batchSource == nil {
            batchSource = Model(sharingParametersOf: model, data: data, chunked: false).formulaConstants
        }
        let fresh = BatchModel(rows: rows, of: data, sharingParametersOf: model, fullConstants: batchSource ?? [])
        batchModels[rows.count] = fresh
        return fresh.model
    }

    /// Rows per mini-batch from the next step on (clamped to 1…rows), recorded for replays.
    /// Returns false, changing nothing, without mini-batches.
    @discardableResult
    public func setBatchSize(_ size: Int) -> Bool {
        guard let batching, size >= 1 else { return false }
        let clamped = min(size, batching.rows)
        guard clamped != batching.size else { return false }
        make(.batchSize(clamped))
        return true
    }

    /// The held-out rows, when the scene holds some out (`test_fraction`).
    public var heldOutInputs: Tensor? { data?.heldOut?.inputs }
    public var heldOutTargets: Tensor? { data?.heldOut?.targets }
    public var hasHeldOutData: Bool { testModel != nil }

    /// The loss on the held-out rows at the current parameters (nil without them), by the scene's
    /// loss; random terms are drawn as `evaluateLoss` draws them, never from the run's stream.
    public func testLoss() -> Double? {
        guard let testModel else { return nil }
        if testAtCurrentParameters.version == parameterVersion { return testAtCurrentParameters.loss }
        let loss = noGrad { evaluateLoss(backward: false, of: testModel) }
        testAtCurrentParameters = (parameterVersion, loss)
        return loss
    }
    /// The share of the training rows (`accuracy`) and of the held-out rows (`testAccuracy`) the
    /// model puts in their class at the current parameters, for a classification loss (nil for
    /// others, and `testAccuracy` without held-out rows). One output is the logit of class 1: class 1
    /// where it is above 0 (p > 0.5). Several are class scores: the largest wins, the first of equal
    /// ones (as `argmax`).
    public func accuracy() -> Double? {
        guard scene.loss.classifies, let targets = data?.targets else { return nil }
        return classified(model, targets, cache: \.train)
    }

    public func testAccuracy() -> Double? {
        guard scene.loss.classifies, let testModel, let targets = data?.heldOut?.targets else { return nil }
        return classified(testModel, targets, cache: \.test)
    }

    private func classified(_ evaluated: Model, _ targets: Tensor,
                            cache: WritableKeyPath<(version: Int, train: Double?, test: Double?), Double?>) -> Double {
        if accuracyAtCurrentParameters.version != parameterVersion { accuracyAtCurrentParameters = (parameterVersion, nil, nil) }
        if let known = accuracyAtCurrentParameters[keyPath: cache] { return known }
        let value = Self.accuracy(evaluated.prediction(), labels: targets.data)
        accuracyAtCurrentParameters[keyPath: cache] = value
        return value
    }

    /// The training and held-out rows' input columns, before features are computed from them (the
    /// points a decision map draws); the model's inputs when there are no features.
    public var planeInputs: Tensor? { data?.columns?.training ?? data?.inputs }
    public var heldOutPlaneInputs: Tensor? { data?.columns.map { $0.heldOut } ?? data?.heldOut?.inputs }

    /// Whether the scene classifies points of the plane (the fit view is a decision map): a
    /// classification loss over inputs of two columns, by a layered model or a formula of x1, x2.
    public var classifiesPlane: Bool {
        guard scene.loss.classifies, let inputs = planeInputs, inputs.shape.count == 2, inputs.shape[1] == 2 else { return false }
        return true
    }

    /// The probability of each class at each point of `points` (x1, x2 pairs), point by point, from
    /// the model at the current parameters: for one output σ(z) of class 1 (so the pair 1 − σ, σ),
    /// for several the softmax of the scores. Nil unless `classifiesPlane`.
    public func classProbabilities(at points: [Double]) -> (classes: Int, probabilities: [Double])? {
        guard classifiesPlane, points.count % 2 == 0 else { return nil }
        var grid = Tensor(points, shape: [points.count / 2, 2])
        if let features = scene.data?.features { grid = TrainingData.features(features, of: grid) }
        let outputs = model.outputs(grid)
        let count = points.count / 2, width = outputs.count / max(count, 1)
        if width == 1 {
            let classOne = noGrad { Tensor(outputs).sigmoid().data }
            return (2, classOne.flatMap { [1 - $0, $0] })
        }
        return (width, noGrad { Tensor(outputs, shape: [count, width]).logSoftmax().exp().data })
    }

    /// The share of `labels` that `outputs` (one row of class scores a label) classifies right.
    static func accuracy(_ outputs: [Double], labels: [Double]) -> Double {
        guard !labels.isEmpty, outputs.count % labels.count == 0 else { return .nan }
        let width = outputs.count / labels.count
        var right = 0
        for (row, label) in labels.enumerated() {
            let scores = outputs[(row * width)..<((row + 1) * width)]
            let predicted: Int
            if width == 1 {
                predicted = scores[scores.startIndex] > 0 ? 1 : 0
            } else {
                var best = scores.startIndex
                for index in scores.indices where scores[index] > scores[best] { best = index }
                predicted = best - scores.startIndex
            }
            if Double(predicted) == label { right += 1 }
        }
        return Double(right) / Double(labels.count)
    }

    public var learningRate: Double { optimizer.learningRate }
    public var optimizerKind: OptimizerKind { optimizer.kind }
    public var isDiverged: Bool {
        if case .diverged = state { return true }
        return false
    }
    public var isFinished: Bool {
        switch state {
        case .running, .paused: false
        case .diverged, .done: true
        }
    }

    /// Whether the model is a handful of named scalars (formula models), whose values can be listed.
    public var hasScalarParameters: Bool { model.hasScalarParameters }
    /// Whether the model is a formula of `x` and named scalars (its curve can be drawn over the data).
    public var isFormulaModel: Bool { model.isFormula }

    /// The loss at the current parameters, for reports that must not change the run: random terms
    /// are drawn from a fresh stream started from the run's seed, never from the run's own stream
    /// (`randomTerms`). With `backward`, the gradients are added into the parameters' `grad`.
    /// `of` evaluates another model over the same parameters (the held-out rows' `testModel`).
    func evaluateLoss(backward: Bool, of evaluated: Model? = nil) -> Double {
        var fresh = RandomSource(seed: seed)
        return (evaluated ?? model).loss(scene.loss, rng: &fresh, backward: backward).value
    }

    func modelPrediction() -> [Double] { model.prediction() }

    func modelFirstLayer(_ inputs: Tensor) -> (weight: Tensor, bias: Tensor?, outputs: Tensor, activated: Bool)? {
        model.firstLayer(inputs)
    }

    func networkPlane(origin: [Double], u: [Double], v: [Double]) -> Model.NetworkPlane? {
        model.networkPlane(scene.loss, origin: origin, u: u, v: v)
    }

    /// How many chunks the model evaluates the loss in (`Model.chunkSize`).
    var chunkCount: Int { model.chunkCount }

    /// Values of the formula model at `points`, for drawing its curve; `nil` for layered models.
    public func modelValues(at points: [Double]) -> [Double]? {
        model.formulaValues(at: points)
    }

    /// Runs one iteration: forward, loss, backward, then the optimizer update. `observe` sees the
    /// step index, the loss of the forward pass before the update (as the notebooks print them) and
    /// whether the stop rule ends the run with this step.
    /// Returns false when the session cannot step (diverged, or done with stop rules active).
    @discardableResult
    public func trainStep(observe: ((_ step: Int, _ loss: Double, _ isLast: Bool) -> Void)? = nil) -> Bool {
        if case .diverged = state { return false }
        if case .done = state, stopRulesActive { return false }
        let entryState = state
        let started = step & 15 == 0 ? Self.clock.now : nil
        let parameters = model.tensors
        if model.hasScalarParameters { trail.append(count: parameters.count) { parameters[$0].item } }
        let recordsGraph = recording.contains(.graph)
        if !recordsGraph, lastGraph != nil { lastGraph = nil }
        let stepModel = batching == nil ? model : nextBatchModel()
        let (value, prediction) = stepModel.loss(scene.loss, rng: &randomTerms, backward: true,
                                                 recordGraph: recordsGraph ? { [step] in self.lastGraph = (step, $0) } : nil)
        if batching == nil, let prediction { lastPrediction = prediction }
        guard value.isFinite else {
            optimizer.zeroGrad(parameters)
            return diverge("loss", value)
        }
        if step == 0 { startLoss = value }
        if let start = startLoss, scene.divergence.lossBlewUp(value, start: start) {
            optimizer.zeroGrad(parameters)
            return diverge("loss", value, cause: .lossBlewUp(start: start, growth: scene.divergence.lossGrowth))
        }
        if gradients.count != parameters.count { gradients = parameters.map { _ in [] } }
        for (index, parameter) in parameters.enumerated() {
            gradients[index] = parameter.grad?.data ?? [Double](repeating: 0, count: parameter.count)
        }
        var largestGradient = 0.0
        let watchesGradient = scene.stop.gradientBelow != nil
        for index in gradients.indices {
            guard allFinite(gradients[index]) else {
                return diverge("gradient of \(model.parameters[index].name)", gradients[index].first { !$0.isFinite } ?? .nan)
            }
            if watchesGradient { largestGradient = max(largestGradient, largestMagnitude(gradients[index])) }
        }
        history.append(value)
        if recording.contains(.curves) {
            if testModel != nil, testCurve.wants(step), let test = testLoss() { testCurve.record(test, at: step) }
            if scene.schedule != nil, rateCurve.wants(step) { rateCurve.record(optimizer.learningRate, at: step) }
            if batching != nil, fullLossCurve.wants(step) { fullLossCurve.record(currentLoss(), at: step) }
        }
        let stopReason = self.stopReason(loss: value, largestGradient: largestGradient, stepsTaken: step + 1)
        observe?(step, value, stopReason != nil)
        var changes = lastUpdate?.changes ?? []
        lastUpdate = nil
        let recordsChanges = recording.contains(.updateChanges) || LastUpdate.isSmall(parameters)
        if recordsChanges { LastUpdate.copyValues(of: parameters, into: &changes) } else { changes = [] }
        let firstValueBefore = parameters.first?.data.first ?? .nan
        let limit = scene.divergence.parameterLimit
        // The update checks its own values; only when it cannot vouch for all of them are they scanned.
        let allWithinLimit = optimizer.step(parameters, limit: limit)
        parameterVersion &+= 1
        if recordsChanges { LastUpdate.subtract(from: parameters, into: &changes) }
        lastUpdate = LastUpdate(changes: changes, firstValueBefore: firstValueBefore, learningRate: optimizer.learningRate)
        optimizer.zeroGrad(parameters)
        step += 1
        if !allWithinLimit {
            for named in model.parameters where !allWithin(named.tensor.data, limit: limit) {
                let values = named.tensor.data
                if let bad = values.first(where: { !$0.isFinite }) {
                    return diverge("parameter \(named.name)", bad, at: step - 1)
                }
                return diverge("parameter \(named.name)", values.first { abs($0) > limit } ?? .nan, at: step - 1,
                               cause: .parameterBeyond(limit: limit))
            }
        }
        if let schedule = scene.schedule {
            let rate = schedule.rate(after: optimizer.learningRate, epoch: step, base: baseRates[optimizer.kind] ?? optimizer.learningRate)
            optimizer.learningRate = rate
            learningRates[optimizer.kind] = rate
        }
        if let stopReason { state = .done(stopReason) }
        if let started { timeline.noteStep(seconds: Self.seconds(started.duration(to: Self.clock.now))) }
        let revisiting = step <= timeline.frontier
        timeline.arrive(at: step, checkpoint: checkpoint)
        if revisiting {
            for change in timeline.changes(at: step) { perform(change) }
            if case .done = state, !stopRulesActive { state = entryState }
        }
        return true
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private func diverge(_ quantity: String, _ value: Double, at index: Int? = nil,
                         cause: Divergence.Cause = .notFinite) -> Bool {
        state = .diverged(Divergence(step: index ?? step, quantity: quantity, value: value, learningRate: learningRate,
                                     cause: cause))
        return false
    }

    /// Why the run ends after this step, or nil if it goes on.
    private func stopReason(loss: Double, largestGradient: Double, stepsTaken: Int) -> String? {
        guard stopRulesActive else { return nil }
        if let steps = options.steps { return stepsTaken >= steps ? "\(steps) steps" : nil }
        if let threshold = scene.stop.gradientBelow, largestGradient < threshold { return "gradient below \(threshold)" }
        if let threshold = scene.stop.lossBelow, loss < threshold { return "loss below \(threshold)" }
        if stepsTaken >= scene.stop.maxSteps { return "\(scene.stop.maxSteps) steps" }
        return nil
    }

    /// Trains until the run is done or diverged (headless runs).
    public func runToEnd(observe: ((_ step: Int, _ loss: Double, _ isLast: Bool) -> Void)? = nil) {
        while !isFinished, trainStep(observe: observe) {}
    }

    /// Space: a running run pauses, a paused one runs, a finished one trains on past its stop rule;
    /// a diverged run stays as it is.
    public func togglePause() {
        switch state {
        case .running: state = .paused
        case .paused: state = .running
        case .done:
            if stopRulesActive { make(.trainPastStopRule) }
            state = .running
        case .diverged: break
        }
    }

    /// `s`: pauses a running run (a finished one trains on past its stop rule) and takes one step.
    /// Returns whether it stepped.
    @discardableResult
    public func stepOnce() -> Bool {
        if state == .running { state = .paused }
        if case .done = state {
            if stopRulesActive { make(.trainPastStopRule) }
            state = .paused
        }
        guard state == .paused else { return false }
        return trainStep()
    }

    /// Pauses a running run (the lab does this while it cannot be seen).
    public func pause() {
        if state == .running { state = .paused }
    }

    /// Runs a paused run again.
    public func resume() {
        if state == .paused { state = .running }
    }

    /// Sets the current optimizer's learning rate, remembered for that optimizer and recorded for
    /// replays. Returns false, changing nothing, for a rate that is not a positive normal number.
    @discardableResult
    public func setLearningRate(_ rate: Double) -> Bool {
        guard rate.isFinite, rate > 0, rate.isNormal else { return false }
        make(.learningRate(rate))
        return true
    }

    /// The heavy-ball β of momentum and Nesterov from this step on, as
    /// `torch.optim.SGD(momentum: β)` would take it: the momentum buffer stays and is scaled by the
    /// new β at the next step. Recorded for replays. Returns false, changing nothing, for an
    /// optimizer without β or a β outside [0, 1).
    @discardableResult
    public func setMomentum(_ beta: Double) -> Bool {
        guard optimizer.kind == .momentum || optimizer.kind == .nesterov, beta >= 0, beta < 1 else { return false }
        make(.momentum(beta))
        return true
    }

    /// Another optimizer from here on, at its own rate in this session, with fresh state; the
    /// parameters stay.
    public func switchOptimizer(to kind: OptimizerKind) {
        make(.optimizer(kind))
        lastUpdate = nil
    }

    /// Makes a change a replay must repeat, and records it in the timeline.
    private func make(_ change: Timeline.Change) {
        noteMark(change)
        perform(change)
        timeline.record(change, at: step)
    }

    /// Adds the mark of `change`, made now; a second change of the same kind at the same step
    /// joins the first (`+` `+` is one `lr×4`).
    private func noteMark(_ change: Timeline.Change) {
        changeMarks.removeAll { $0.step > step }
        let what: ChangeMark.What
        switch change {
        case .learningRate(let rate): what = .learningRate(from: optimizer.learningRate, to: rate)
        case .optimizer(let kind): what = .optimizer(kind)
        case .momentum(let beta): what = .momentum(from: optimizer.momentum, to: beta)
        case .batchSize(let size): what = .batchSize(size)
        case .trainPastStopRule: return
        }
        if let last = changeMarks.last, last.step == step {
            switch (last.what, what) {
            case (.learningRate(let from, _), .learningRate(_, let to)):
                changeMarks[changeMarks.count - 1] = ChangeMark(step: step, what: .learningRate(from: from, to: to))
                return
            case (.momentum(let from, _), .momentum(_, let to)):
                changeMarks[changeMarks.count - 1] = ChangeMark(step: step, what: .momentum(from: from, to: to))
                return
            case (.optimizer, .optimizer), (.batchSize, .batchSize):
                changeMarks[changeMarks.count - 1] = ChangeMark(step: step, what: what)
                return
            default:
                break
            }
        }
        changeMarks.append(ChangeMark(step: step, what: what))
    }

    /// Back to step 0 from the same start (same seed, data and initial parameters) with the same
    /// optimizer and learning rate, running or paused (`running`).
    public func reset(running: Bool) {
        let batchSize = batching?.size
        restart(running: running)
        if let batchSize { batching?.resize(batchSize) }
        let beta = optimizer.momentum
        var rate = optimizer.learningRate
        if let schedule = scene.schedule, let base = baseRates[optimizer.kind] {
            rate = schedule.startingRate(base)
            learningRates[optimizer.kind] = rate
        }
        optimizer = Optimizer(optimizer.kind, learningRate: rate, weightDecay: scene.weightDecay)
        optimizer.momentum = beta
        applyResume(rates: false)
        optimizer.momentum = beta
        timeline.begin(checkpoint())
    }

    /// Back to step 0 from the same start with the scene's own optimizer and learning rates.
    public func resetToDefaults(running: Bool) {
        restart(running: running)
        learningRates = scene.learningRates
        baseRates = scene.learningRates
        if let schedule = scene.schedule { learningRates[scene.optimizer] = schedule.startingRate(learningRates[scene.optimizer]!) }
        optimizer = Optimizer(scene.optimizer, learningRate: learningRates[scene.optimizer]!, weightDecay: scene.weightDecay)
        applyResume(rates: true)
        timeline.begin(checkpoint())
    }

    private func restart(running: Bool) {
        (data, model, randomTerms) = Self.start(scene, seed: seed, generator: generator, overrides: options.initialValues)
        bindHeldOutAndBatches()
        fullLossCurve = SampledCurve()
        parameterVersion &+= 1
        step = 0
        startLoss = nil
        history = LossHistory()
        testCurve = SampledCurve()
        rateCurve = SampledCurve()
        changeMarks = []
        trail.removeAll()
        gradients = []
        lastUpdate = nil
        lastPrediction = []
        lastGraph = nil
        stopRulesActive = true
        state = running ? .running : .paused
    }
}

/// A change a person made at a step (see `Session.changeMarks`).
public struct ChangeMark: Equatable, Sendable {
    public let step: Int
    public let what: What

    public init(step: Int, what: What) {
        self.step = step
        self.what = what
    }

    public enum What: Equatable, Sendable {
        case learningRate(from: Double, to: Double)
        case optimizer(OptimizerKind)
        case momentum(from: Double, to: Double)
        case batchSize(Int)
    }
}

/// What a step records beyond the training itself (see `Session.recording`).
public struct Recording: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// The step's autograd graph (`Session.lastGraph`), for the graph view.
    public static let graph = Recording(rawValue: 1)
    /// Every parameter's change in the update (`LastUpdate.changes`), for the optimizer view; small
    /// models record it always.
    public static let updateChanges = Recording(rawValue: 2)
    /// The sampled curves a picture draws beside the loss: the test loss (`testCurve`), the full
    /// training loss of a mini-batch run (`fullLossCurve`) and a scheduled rate (`rateCurve`);
    /// headless logs, which compute what they print at their lines, go without.
    public static let curves = Recording(rawValue: 4)
}

/// The rewind hooks that touch the session's private state; the rest is in `Session+Rewind.swift`.
extension Session {
    /// The training state now, as `Timeline` keeps it.
    func checkpoint() -> Checkpoint {
        var doneReason: String?
        if case .done(let reason) = state { doneReason = reason }
        return Checkpoint(step: step, parameters: model.tensors.map(\.data), optimizer: optimizer,
                          learningRates: learningRates, randomTerms: randomTerms, history: history, trail: trail,
                          startLoss: startLoss, stopRulesActive: stopRulesActive, doneReason: doneReason, batching: batching)
    }

    /// Puts the training state back as it was at `checkpoint` (the parameter tensors keep their
    /// identity, which the optimizer's state is keyed by); gradients and the last prediction are
    /// empty until the next step. The run is left paused, or done if it was done there.
    func restore(_ checkpoint: Checkpoint) {
        for (tensor, values) in zip(model.tensors, checkpoint.parameters) {
            tensor.data = values
            tensor.zeroGrad()
        }
        parameterVersion &+= 1
        step = checkpoint.step
        optimizer = checkpoint.optimizer
        learningRates = checkpoint.learningRates
        randomTerms = checkpoint.randomTerms
        history = checkpoint.history
        testCurve.forget(after: checkpoint.step)
        rateCurve.forget(after: checkpoint.step)
        fullLossCurve.forget(after: checkpoint.step)
        batching = checkpoint.batching
        epoch = batching?.epoch ?? 0
        trail = checkpoint.trail
        startLoss = checkpoint.startLoss
        stopRulesActive = checkpoint.stopRulesActive
        state = checkpoint.doneReason.map { .done($0) } ?? .paused
        gradients = []
        lastPrediction = []
    }

    /// Applies a change without recording it (a replay repeats what the timeline recorded).
    func perform(_ change: Timeline.Change) {
        switch change {
        case .learningRate(let rate):
            optimizer.learningRate = rate
            learningRates[optimizer.kind] = rate
        case .optimizer(let kind):
            let beta = optimizer.momentum
            optimizer = Optimizer(kind, learningRate: learningRates[kind]!, weightDecay: scene.weightDecay)
            optimizer.momentum = beta
        case .momentum(let beta):
            optimizer.momentum = beta
        case .batchSize(let size):
            batching?.resize(size)
        case .trainPastStopRule:
            stopRulesActive = false
        }
    }

    /// After a rewind: paused where the person can go on (a finished run whose stop rule was
    /// lifted here is paused too).
    func settleAfterRewind() {
        if case .done = state, !stopRulesActive { state = .paused }
    }
}
