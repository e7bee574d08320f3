/// Going back in time: `b` steps back from the nearest checkpoint by replaying forward, so the
/// numbers after a rewind are exactly those of the first time (see `Timeline`).
extension Session {
    /// The oldest step a rewind can reach now (the current step when nothing is kept).
    public var oldestReachableStep: Int { timeline.oldestReachableStep(current: step) }

    /// Steps where a change after a rewind discarded the future and a new one began, oldest first
    /// (for the loss panel); emptied by a reset.
    public var branchSteps: [Int] { timeline.branchSteps }

    /// The step a rewind counts back from: the current one, or after a divergence the step after
    /// the last finite state, so that one step back lands on that state.
    public var rewindPosition: Int {
        if case .diverged(let divergence) = state { return divergence.step + 1 }
        return step
    }

    /// The step of the last finite state after a divergence (nil when the run has not diverged).
    public var lastFiniteStep: Int? {
        if case .diverged(let divergence) = state { return divergence.step }
        return nil
    }

    /// Whether `b` can go back from here.
    public var canStepBack: Bool { oldestReachableStep < rewindPosition }

    /// Bytes the rewind checkpoints hold now, and the most they may hold.
    public var rewindMemory: (used: Int, budget: Int) { (timeline.bytes, timeline.budget) }

    /// Goes back `count` steps from `rewindPosition`, or as far as the memory reaches and says so.
    func stepBack(_ count: Int) {
        let target = rewindPosition - max(1, count)
        let oldest = oldestReachableStep
        guard target >= oldest else {
            if oldest < rewindPosition { rewind(to: oldest) }
            say(.rewindLimit(oldest: oldest))
            return
        }
        rewind(to: target)
    }

    /// Puts the run back to how it stood at `target` (from `oldestReachableStep` up to the current
    /// step, or the last finite state after a divergence): restores the nearest checkpoint before
    /// it and replays the steps and changes in between. The run is then paused there. Returns false,
    /// changing nothing, when `target` is out of reach.
    @discardableResult
    public func rewind(to target: Int) -> Bool {
        guard target >= oldestReachableStep, target <= rewindPosition,
              let start = timeline.checkpoint(before: target) else { return false }
        restore(start)
        let changes = timeline.changes
        var next = timeline.firstChange(atOrAfter: start.step)
        while true {
            while next < changes.count, changes[next].step == step {
                perform(changes[next].change)
                next += 1
            }
            guard step < target, trainStep() else { break }
        }
        settleAfterRewind(.rewound(to: step))
        return step == target
    }
}
