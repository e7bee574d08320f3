import Grad

/// Several runs of one scene, one per optimizer, from the same start (same seed, data and initial
/// parameters), advanced in lockstep: each round, every runner still training takes one step with
/// its own `Session.trainStep`, so each runner's run is exactly its solo run. A runner that diverges
/// or finishes stops; the others go on. A solo run is a race of one.
///
/// The race keeps the lockstep, the standings and rewinding together; the lab (LabApp) decides
/// which keys reach it.
public final class Race {
    public let scene: Scene
    /// The runners, in the order the race was given its optimizers.
    public private(set) var runners: [Session]
    public let options: RunOptions
    /// Each runner's record lows (see `LossRecords`), parallel to `runners`; kept only in a race
    /// of several runners, the only one whose standings are shown.
    private var records: [LossRecords]
    private let keepsRecords: Bool

    /// One runner per optimizer in `optimizers` (in that order); each uses `learningRates[kind]`,
    /// or the race's rate for it (`RaceRates`). `options` applies to every runner (its optimizer and learning
    /// rate are ignored); the rewind memory is shared equally among them.
    public init(scene: Scene, optimizers: [OptimizerKind] = OptimizerKind.allCases,
                learningRates: [OptimizerKind: Double] = [:], options: RunOptions = RunOptions()) throws(RunOptionsError) {
        guard !optimizers.isEmpty else { throw RunOptionsError(message: "a race needs at least one optimizer") }
        self.scene = scene
        self.options = options
        runners = try Self.makeRunners(scene, optimizers, learningRates, options)
        records = runners.map { _ in LossRecords() }
        keepsRecords = true
    }

    /// A race of one: the session's run alone (`tinylab scene`), which keeps no standings.
    public init(solo session: Session) {
        scene = session.scene
        options = session.options
        runners = [session]
        records = [LossRecords()]
        keepsRecords = false
    }

    private static func makeRunners(_ scene: Scene, _ optimizers: [OptimizerKind], _ rates: [OptimizerKind: Double],
                                    _ options: RunOptions) throws(RunOptionsError) -> [Session] {
        var runners: [Session] = []
        let raceRates = optimizers.contains { rates[$0] == nil } ? RaceRates.rates(for: try Session(scene: scene, options: options)) : [:]
        for kind in optimizers {
            var own = options
            own.optimizer = kind
            own.learningRate = rates[kind] ?? raceRates[kind]
            own.rewindMemory = options.rewindMemory / optimizers.count
            runners.append(try Session(scene: scene, options: own))
        }
        return runners
    }

    /// The furthest step any runner has reached.
    public var step: Int { runners.map(\.step).max() ?? 0 }

    /// Whether any runner is training.
    public var isRunning: Bool { runners.contains { $0.state == .running } }

    /// Whether every runner has finished or diverged.
    public var isFinished: Bool { runners.allSatisfy(\.isFinished) }

    /// Whether every runner has diverged.
    public var allDiverged: Bool { runners.allSatisfy(Self.hasDiverged) }

    /// The oldest step the whole race can rewind to.
    public var oldestReachableStep: Int { runners.map(\.oldestReachableStep).max() ?? 0 }

    /// The lowest loss any runner has had so far: its training loss, which for a mini-batch runner
    /// of a race is its full training loss at the steps its loss panel samples (its batch losses
    /// are noisy and lower than any full loss it reaches).
    public var bestLoss: Double? {
        zip(runners, records).compactMap { runner, records in
            keepsRecords && runner.batchSize != nil ? records.lowest : runner.history.best
        }.min()
    }

    /// A runner's row in the race's table.
    public struct Standing: Equatable, Sendable {
        public let optimizer: OptimizerKind
        public let learningRate: Double
        /// The loss of the runner's latest step (nil before its first).
        public let loss: Double?
        /// Steps the runner took to first come within 1% of `Race.bestLoss` (nil if it has not); for a
        /// mini-batch runner, read from its sampled full training loss.
        public let stepsToWithinOnePercent: Int?
        public let diverged: Bool
    }

    /// One row per runner, in race order (a race of one, which keeps no records, has no
    /// `stepsToWithinOnePercent`).
    public var standings: [Standing] {
        let best = bestLoss
        return zip(runners, records).map { runner, records in
            let reached = best.flatMap { records.firstStep(within: 0.01, of: $0) }
            return Standing(optimizer: runner.optimizerKind, learningRate: runner.learningRate, loss: runner.history.latest,
                            stepsToWithinOnePercent: reached, diverged: Self.hasDiverged(runner))
        }
    }

    /// What `trainRound` and `runToEnd` tell about each step: the runner, then what
    /// `Session.trainStep` tells.
    public typealias Observer = (_ runner: Session, _ step: Int, _ loss: Double, _ isLast: Bool) -> Void

    /// One lockstep round: every running runner takes one step (`observe` sees each, as
    /// `Session.trainStep` does). Returns whether any runner stepped.
    @discardableResult
    public func trainRound(observe: Observer? = nil) -> Bool {
        // The lab's rounds observe nothing: no array of observers is made for them.
        trainRound(observers: observe.map { observers($0) })
    }

    /// Trains every runner until it finishes or diverges (headless runs and races): runners that
    /// start paused train too.
    public func runToEnd(observe: Observer? = nil) {
        for runner in runners { runner.resume() }
        let observers = observers(observe)
        while trainRound(observers: observers) {}
    }

    /// Each runner's own observer, made once per run rather than once per step.
    private func observers(_ observe: Observer?) -> [((Int, Double, Bool) -> Void)?] {
        runners.map { runner in observe.map { observe in { observe(runner, $0, $1, $2) } } }
    }

    private func trainRound(observers: [((Int, Double, Bool) -> Void)?]?) -> Bool {
        var stepped = false
        for (index, runner) in runners.enumerated() where runner.state == .running {
            if runner.trainStep(observe: observers?[index] ?? nil) {
                stepped = true
                noteLatest(index)
            }
        }
        return stepped
    }

    /// Space: pauses every running runner; else runs every paused one; else trains every finished
    /// runner on past its stop rule (diverged ones stay).
    public func togglePause() {
        if isRunning {
            for runner in runners where runner.state == .running { runner.togglePause() }
        } else if runners.contains(where: { $0.state == .paused }) {
            for runner in runners where runner.state == .paused { runner.togglePause() }
        } else {
            for runner in runners where !Self.hasDiverged(runner) { runner.togglePause() }
        }
    }

    /// `s`: one step of every runner that is training or waiting (or, when none is, of every
    /// finished one); each pauses first. Returns whether any runner stepped.
    @discardableResult
    public func stepOnce() -> Bool {
        let live = runners.indices.filter { runners[$0].state == .running || runners[$0].state == .paused }
        var stepped = false
        for index in live.isEmpty ? runners.indices.filter({ !Self.hasDiverged(runners[$0]) }) : live {
            if runners[index].stepOnce() {
                stepped = true
                noteLatest(index)
            }
        }
        return stepped
    }

    /// Every runner back to step 0 with its own settings, running or paused (`running`).
    public func reset(running: Bool) {
        for runner in runners { runner.reset(running: running) }
        records = runners.map { _ in LossRecords() }
    }

    /// New runners with the same optimizers at the race's rates (`RaceRates`), running or paused.
    public func resetToDefaults(running: Bool) {
        var fresh = options
        fresh.startsPaused = !running
        guard let rebuilt = try? Self.makeRunners(scene, runners.map(\.optimizerKind), [:], fresh) else { return }
        runners = rebuilt
        records = runners.map { _ in LossRecords() }
    }

    /// Removes the runner at `index` (not the last one). Returns whether it did.
    @discardableResult
    public func dropRunner(at index: Int) -> Bool {
        guard runners.count > 1, runners.indices.contains(index) else { return false }
        runners.remove(at: index)
        records.remove(at: index)
        return true
    }

    /// Where a step back ended.
    public enum StepBack: Equatable, Sendable {
        /// Back at this step.
        case rewound(to: Int)
        /// The rewind memory (or step 0) stopped it at `oldest`, which the race is now at if it moved.
        case limit(oldest: Int)
    }

    /// Rewinds every runner together to `count` steps before the furthest runner's position, or as
    /// far as the memory reaches; a runner that stopped (finished, or diverged at or after the
    /// target) before that step stays.
    public func stepBack(_ count: Int) -> StepBack {
        let position = step
        var target = position - max(1, count)
        let movers = runners.filter { $0.step > target }
        let oldest = movers.map(\.oldestReachableStep).max() ?? target
        let limited = target < oldest
        if limited { target = oldest }
        guard target < position else { return .limit(oldest: oldest) }
        for (index, runner) in runners.enumerated() where runner.step > target {
            runner.rewind(to: target)
            records[index].forget(from: runner.step)
        }
        return limited ? .limit(oldest: oldest) : .rewound(to: target)
    }

    private static func hasDiverged(_ runner: Session) -> Bool {
        if case .diverged = runner.state { return true }
        return false
    }

    /// Notes the loss of the runner's latest step (the step before `runner.step`): for a mini-batch
    /// runner its full training loss, when the step was one its full-loss curve sampled.
    private func noteLatest(_ index: Int) {
        guard keepsRecords else { return }
        let runner = runners[index], step = runner.step - 1
        if runner.batchSize != nil {
            guard runner.fullLossCurve.steps.last == step, let loss = runner.fullLossCurve.values.last else { return }
            records[index].note(step: step, loss: loss)
        } else if let loss = runner.history.latest {
            records[index].note(step: step, loss: loss)
        }
    }
}

/// A run's record lows: the steps where its loss fell below every earlier loss, from which the
/// first step within a tolerance of any lower loss can be read. A new low is kept only when it is
/// lower than the last kept one by more than a millionth of its size, which bounds the memory of a
/// long, slowly converging run; answers are exact up to that millionth.
struct LossRecords {
    private(set) var lows: [(step: Int, loss: Double)] = []

    /// The lowest loss noted.
    var lowest: Double? { lows.last?.loss }

    mutating func note(step: Int, loss: Double) {
        guard loss.isFinite else { return }
        if let last = lows.last, !(loss < last.loss - 1e-6 * abs(last.loss)) { return }
        lows.append((step, loss))
    }

    /// Forgets the records of `step` and later (after a rewind to `step`).
    mutating func forget(from step: Int) {
        while let last = lows.last, last.step >= step { lows.removeLast() }
    }

    /// The first step whose loss was within `tolerance` (relative) of `best`, if any.
    func firstStep(within tolerance: Double, of best: Double) -> Int? {
        let threshold = best + tolerance * abs(best)
        var low = 0, high = lows.count
        while low < high {
            let middle = (low + high) / 2
            if lows[middle].loss <= threshold { high = middle } else { low = middle + 1 }
        }
        return low < lows.count ? lows[low].step : nil
    }
}
