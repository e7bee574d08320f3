import Grad

/// Several runs of one scene, one per optimizer, from the same start (same seed, data and initial
/// parameters), advanced in lockstep: each round, every runner still training takes one step with
/// its own `Session.trainStep`, so each runner's run is exactly its solo run. A runner that diverges
/// or finishes stops; the others go on.
///
/// Keys act on every runner (pause, step, reset, speed, rewind), except the learning-rate keys,
/// which change the selected runner's rate; tab selects the next runner and x drops the selected one.
public final class Race {
    public let scene: Scene
    /// The runners, in the order the race was given its optimizers.
    public private(set) var runners: [Session]
    /// The index in `runners` of the runner the rate keys and x act on.
    public private(set) var selectedIndex = 0
    /// What the last key did to the race as a whole, while fresh (runners keep their own notices).
    public var notice: Notice? { notices.current }
    private var notices = NoticeBoard()
    private var dueRounds = 0.0
    private let options: RunOptions
    /// Each runner's record lows, by runner (see `LossRecords`).
    private var records: [ObjectIdentifier: LossRecords] = [:]

    /// One runner per optimizer in `optimizers` (in that order); each uses `learningRates[kind]`,
    /// or the scene's rate for it. `options` applies to every runner (its optimizer and learning
    /// rate are ignored); the rewind memory is shared equally among them.
    public init(scene: Scene, optimizers: [OptimizerKind] = OptimizerKind.allCases,
                learningRates: [OptimizerKind: Double] = [:], options: RunOptions = RunOptions()) throws(RunOptionsError) {
        guard !optimizers.isEmpty else { throw RunOptionsError(message: "a race needs at least one optimizer") }
        self.scene = scene
        self.options = options
        runners = try Self.makeRunners(scene, optimizers, learningRates, options)
    }

    private static func makeRunners(_ scene: Scene, _ optimizers: [OptimizerKind], _ rates: [OptimizerKind: Double],
                                    _ options: RunOptions) throws(RunOptionsError) -> [Session] {
        var runners: [Session] = []
        for kind in optimizers {
            var own = options
            own.optimizer = kind
            own.learningRate = rates[kind]
            own.rewindMemory = options.rewindMemory / optimizers.count
            runners.append(try Session(scene: scene, options: own))
        }
        return runners
    }

    public var selectedRunner: Session { runners[selectedIndex] }

    /// The furthest step any runner has reached.
    public var step: Int { runners.map(\.step).max() ?? 0 }

    /// Whether any runner is training.
    public var isRunning: Bool { runners.contains { $0.state == .running } }

    /// Whether every runner has finished or diverged.
    public var isFinished: Bool { runners.allSatisfy(\.isFinished) }

    /// The oldest step the whole race can rewind to.
    public var oldestReachableStep: Int { runners.map(\.oldestReachableStep).max() ?? 0 }

    /// The lowest loss any runner has had so far.
    public var bestLoss: Double? { runners.compactMap(\.history.best).min() }

    /// A runner's row in the race's table.
    public struct Standing: Equatable, Sendable {
        public let optimizer: OptimizerKind
        public let learningRate: Double
        /// The loss of the runner's latest step (nil before its first).
        public let loss: Double?
        /// Steps the runner took to first come within 1% of `Race.bestLoss` (nil if it has not).
        public let stepsToWithinOnePercent: Int?
        public let diverged: Bool
        public let isSelected: Bool
    }

    /// One row per runner, in race order.
    public var standings: [Standing] {
        let best = bestLoss
        return runners.enumerated().map { index, runner in
            var diverged = false
            if case .diverged = runner.state { diverged = true }
            let reached = best.flatMap { records[ObjectIdentifier(runner)]?.firstStep(within: 0.01, of: $0) }
            return Standing(optimizer: runner.optimizerKind, learningRate: runner.learningRate, loss: runner.history.latest,
                            stepsToWithinOnePercent: reached, diverged: diverged, isSelected: index == selectedIndex)
        }
    }

    /// One lockstep round: every running runner takes one step (`observe` sees each, as
    /// `Session.trainStep` does). Returns whether any runner stepped.
    @discardableResult
    public func trainRound(observe: ((_ runner: Session, _ step: Int, _ loss: Double, _ isLast: Bool) -> Void)? = nil) -> Bool {
        var stepped = false
        for runner in runners where runner.state == .running {
            let took = runner.trainStep { step, loss, isLast in observe?(runner, step, loss, isLast) }
            if took {
                stepped = true
                noteLatest(runner)
            }
        }
        return stepped
    }

    /// Trains every runner until it finishes or diverges (headless races).
    public func runToEnd(observe: ((_ runner: Session, _ step: Int, _ loss: Double, _ isLast: Bool) -> Void)? = nil) {
        while trainRound(observe: observe) {}
    }

    /// Advances the race by the rounds due after `elapsed` seconds at the runners' speed, stopping
    /// early when `hasTime()` says the frame's time is up; every runner takes the same rounds.
    public func tick(elapsed: Double, hasTime: () -> Bool) {
        ageNotice(elapsed: elapsed)
        for runner in runners { runner.ageNotice(elapsed: elapsed) }
        guard isRunning else {
            dueRounds = 0
            return
        }
        let speed = runners[0].stepsPerSecond
        if speed.isInfinite {
            repeat {
                guard trainRound() else { break }
            } while isRunning && hasTime()
        } else {
            dueRounds = min(dueRounds + speed * elapsed, max(1, speed * 0.25))
            while dueRounds >= 1, isRunning, hasTime() {
                guard trainRound() else { break }
                dueRounds -= 1
            }
        }
    }

    /// Applies a key's action: to every runner, or to the selected one for the learning rate.
    public func apply(_ action: Action) {
        switch action {
        case .togglePause:
            if isRunning {
                for runner in runners where runner.state == .running { runner.apply(.togglePause) }
            } else if runners.contains(where: { $0.state == .paused }) {
                for runner in runners where runner.state == .paused { runner.apply(.togglePause) }
            } else {
                for runner in runners where !Self.hasDiverged(runner) { runner.apply(.togglePause) }
            }
        case .step:
            let live = runners.filter { $0.state == .running || $0.state == .paused }
            for runner in live.isEmpty ? runners.filter({ !Self.hasDiverged($0) }) : live {
                let before = runner.step
                runner.apply(.step)
                if runner.step > before { noteLatest(runner) }
            }
        case .scaleLearningRate:
            selectedRunner.apply(action)
        case .nextOptimizer, .previousOptimizer:
            say(.optimizerFixedInRace)
        case .reset:
            for runner in runners { runner.apply(.reset) }
            records = [:]
            dueRounds = 0
        case .resetToDefaults:
            var fresh = options
            fresh.startsPaused = !runners.contains { $0.wantsToRun }
            if let rebuilt = try? Self.makeRunners(scene, runners.map(\.optimizerKind), [:], fresh) {
                runners = rebuilt
                records = [:]
                dueRounds = 0
                say(.resetToDefaults(runners[selectedIndex].optimizerKind, learningRate: runners[selectedIndex].learningRate))
            }
        case .faster, .slower, .toggleHelp, .closeOverlay, .showView, .nextView, .nextParameterPair, .scroll:
            for runner in runners { runner.apply(action) }
        case .stepBack(let count):
            stepBack(count)
        case .selectNextRunner:
            selectedIndex = (selectedIndex + 1) % runners.count
            say(.runnerSelected(selectedRunner.optimizerKind))
        case .dropSelectedRunner:
            let runner = selectedRunner
            guard runners.count > 1 else {
                say(.lastRunner(runner.optimizerKind))
                return
            }
            runners.remove(at: selectedIndex)
            records[ObjectIdentifier(runner)] = nil
            if selectedIndex == runners.count { selectedIndex = 0 }
            say(.runnerDropped(runner.optimizerKind))
        }
    }

    /// Rewinds every runner together to `count` steps before the furthest runner's position; a
    /// runner that stopped (finished, or diverged at or after the target) before that step stays.
    private func stepBack(_ count: Int) {
        let position = runners.map(\.step).max() ?? 0
        var target = position - max(1, count)
        let movers = runners.filter { $0.step > target }
        let oldest = movers.map(\.oldestReachableStep).max() ?? target
        let limited = target < oldest
        if limited { target = oldest }
        guard target < position else {
            say(.rewindLimit(oldest: oldest))
            return
        }
        for runner in runners where runner.step > target {
            runner.rewind(to: target)
            records[ObjectIdentifier(runner)]?.forget(from: runner.step)
        }
        dueRounds = 0
        say(limited ? .rewindLimit(oldest: oldest) : .rewound(to: target))
    }

    private static func hasDiverged(_ runner: Session) -> Bool {
        if case .diverged = runner.state { return true }
        return false
    }

    /// Notes the loss of the runner's latest step (the step before `runner.step`).
    private func noteLatest(_ runner: Session) {
        guard let loss = runner.history.latest else { return }
        records[ObjectIdentifier(runner), default: LossRecords()].note(step: runner.step - 1, loss: loss)
    }

    private func ageNotice(elapsed: Double) {
        notices.age(by: elapsed)
    }

    private func say(_ notice: Notice) {
        notices.say(notice)
    }
}

/// A run's record lows: the steps where its loss fell below every earlier loss, from which the
/// first step within a tolerance of any lower loss can be read. A new low is kept only when it is
/// lower than the last kept one by more than a millionth of its size, which bounds the memory of a
/// long, slowly converging run; answers are exact up to that millionth.
struct LossRecords {
    private(set) var lows: [(step: Int, loss: Double)] = []

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
