import Grad

/// What a session needs to travel back in time: checkpoints of the whole training state every
/// `interval` steps within a memory budget, and the changes a person made between them (learning
/// rate, optimizer, momentum, training past the stop rule), so that replaying from a checkpoint reproduces
/// the run bit for bit (as rr replays between its checkpoints, and Elm's debugger replays messages).
///
/// Checkpoints sit at multiples of `interval`, which starts at 1 (or at `minimumInterval`, a few
/// milliseconds of training, for fast models). When the next one would pass the
/// budget, the interval doubles and every checkpoint off the new multiples goes; once replaying an
/// interval would take longer than `replayTime` (measured from the run's own steps), the oldest
/// checkpoints go instead, so the recent past stays quick to reach. The budget is never exceeded; a
/// checkpoint that alone exceeds it is not kept (rewind is then off).
struct Timeline {
    /// Something a person changed at a step, which a replay applies at the same step.
    enum Change: Equatable {
        case learningRate(Double)
        case optimizer(OptimizerKind)
        case momentum(Double)
        case batchSize(Int)
        case trainPastStopRule
    }

    /// Bytes the checkpoints may hold together (`--rewind-memory`); 0 turns rewind off.
    let budget: Int
    /// Oldest first, at distinct steps.
    private(set) var checkpoints: [Checkpoint] = []
    /// In the order they were made (and so by step).
    private(set) var changes: [(step: Int, change: Change)] = []
    private(set) var interval = 1
    private(set) var bytes = 0
    /// The furthest step this timeline has reached; a change made before it discards the future.
    private(set) var frontier = 0
    /// Steps where a change after a rewind discarded the future and a new one began.
    private(set) var branchSteps: [Int] = []
    /// The longest a rewind should spend replaying, in seconds (restoring a checkpoint adds about a
    /// millisecond for the largest shipped model).
    static let replayTime = 0.08
    /// Seconds one training step takes: the fastest sampled step, which is what the machine can do
    /// (a busy moment must not shrink how far back the lab reaches for good); nil before any.
    private(set) var secondsPerStep: Double?
    /// Pins the longest interval, for tests that need to know which steps are kept.
    var fixedMaximumInterval: Int?

    init(budget: Int) {
        self.budget = max(0, budget)
    }

    /// The largest interval (a power of two) whose replay fits in `replayTime`.
    var maximumInterval: Int {
        if let fixedMaximumInterval { return fixedMaximumInterval }
        guard let secondsPerStep, secondsPerStep > 0 else { return .max }
        let steps = Self.replayTime / secondsPerStep
        guard steps < Double(1 << 40) else { return 1 << 40 }
        var interval = 1
        while Double(interval * 2) <= steps { interval *= 2 }
        return interval
    }

    /// Replaying this long is instant to a person, so checkpoints closer together than this much
    /// training would cost more (copying the training state at every step) than they save: at one
    /// per step they slowed sin-cubic's lab by about 12 %, at one per 4 ms of training by nothing
    /// measurable.
    static let instantReplayTime = 0.004

    /// The smallest interval (a power of two) worth a checkpoint: about `instantReplayTime` of
    /// training (512 steps of sin-cubic); 1 before any step was measured, and for models whose
    /// steps take longer.
    var minimumInterval: Int {
        guard fixedMaximumInterval == nil, let secondsPerStep, secondsPerStep > 0 else { return 1 }
        let steps = Self.instantReplayTime / secondsPerStep
        var interval = 1
        while Double(interval * 2) <= steps { interval *= 2 }
        return min(interval, maximumInterval)
    }

    /// The oldest step a rewind can reach: the oldest checkpoint's step if that is a start (step 0,
    /// whose gradients are empty), else the step after it (gradients need one replayed step).
    func oldestReachableStep(current: Int) -> Int {
        guard let first = checkpoints.first else { return current }
        return min(current, first.step == 0 ? 0 : first.step + 1)
    }

    /// Forgets everything and starts again from `start` (a new run, or a reset).
    mutating func begin(_ start: Checkpoint) {
        checkpoints = []
        changes = []
        bytes = 0
        interval = 1
        frontier = start.step
        branchSteps = []
        add(start)
    }

    /// Notes that the session has arrived at `step` by a training step; takes a checkpoint there
    /// when one is due.
    mutating func arrive(at step: Int, checkpoint: () -> Checkpoint) {
        if step > frontier { frontier = step }
        guard budget > 0, step % max(interval, minimumInterval) == 0, step > (checkpoints.last?.step ?? -1) else { return }
        add(checkpoint())
    }

    /// Records a change made at `step`. Made before the frontier (after a rewind), it discards the
    /// future: checkpoints and changes after `step`, and branch points beyond it.
    mutating func record(_ change: Change, at step: Int) {
        if step < frontier {
            checkpoints.removeAll { $0.step > step }
            changes.removeAll { $0.step > step }
            branchSteps.removeAll { $0 >= step }
            branchSteps.append(step)
            bytes = checkpoints.reduce(0) { $0 + $1.bytes }
            frontier = step
        }
        if !checkpoints.isEmpty { changes.append((step, change)) }
    }

    /// Folds one measured step duration into `secondsPerStep`.
    mutating func noteStep(seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        secondsPerStep = min(secondsPerStep ?? seconds, seconds)
    }

    /// The checkpoint to replay from to reach `target` with its gradients recomputed: the latest
    /// one before `target`, or the one at `target` when that is step 0. Nil when `target` is out
    /// of reach.
    func checkpoint(before target: Int) -> Checkpoint? {
        var low = 0, high = checkpoints.count
        while low < high {
            let middle = (low + high) / 2
            if checkpoints[middle].step < target { low = middle + 1 } else { high = middle }
        }
        if low < checkpoints.count, checkpoints[low].step == target, target == 0 { return checkpoints[low] }
        return low > 0 ? checkpoints[low - 1] : nil
    }

    /// The changes made at `step`, in order.
    func changes(at step: Int) -> [Change] {
        guard !changes.isEmpty else { return [] }
        return changes.filter { $0.step == step }.map(\.change)
    }

    private mutating func add(_ checkpoint: Checkpoint) {
        guard checkpoint.bytes <= budget else { return }
        checkpoints.append(checkpoint)
        bytes += checkpoint.bytes
        while bytes > budget {
            if interval <= maximumInterval / 2 {
                interval *= 2
                let kept = interval
                checkpoints.removeAll { $0.step % kept != 0 }
                bytes = checkpoints.reduce(0) { $0 + $1.bytes }
            } else {
                bytes -= checkpoints.removeFirst().bytes
            }
        }
        if let oldest = checkpoints.first?.step {
            changes.removeAll { $0.step < oldest }
        } else {
            changes = []
        }
    }
}
