/// Going back in time: `b` steps back from the nearest checkpoint by replaying forward, so the
/// numbers after a rewind are exactly those of the first time (see `Timeline`). Going forward
/// again with s or space repeats the changes the person made the first time at each step (a new
/// learning rate, another optimizer) until a change made now starts a new future.
extension Session {
    /// The oldest step a rewind can reach now (the current step when nothing is kept).
    public var oldestReachableStep: Int { timeline.oldestReachableStep(current: step) }

    /// Steps where a change after a rewind discarded the future and a new one began, oldest first
    /// (for the loss panel); emptied by a reset.
    public var branchSteps: [Int] { timeline.branchSteps }

    /// After a divergence, the last state the run can go on from: the step before the one whose
    /// loss or gradient went bad (its loss is bad whatever the rate), or the one before the update
    /// that pushed a parameter too far. One step back (`b`) lands there. Nil when not diverged.
    public var lastFiniteStep: Int? {
        if case .diverged = state { return step - 1 }
        return nil
    }

    /// Whether `b` can go back from here.
    public var canStepBack: Bool { oldestReachableStep < step }

    /// Bytes the rewind checkpoints hold now, and the most they may hold.
    public var rewindMemory: (used: Int, budget: Int) { (timeline.bytes, timeline.budget) }


    /// Puts the run back to how it stood at `target` (from `oldestReachableStep` up to the current
    /// step): restores the nearest checkpoint before
    /// it and replays the steps and changes in between. The run is then paused there. Returns false,
    /// changing nothing, when `target` is out of reach.
    @discardableResult
    public func rewind(to target: Int) -> Bool {
        guard target >= oldestReachableStep, target <= step,
              let start = timeline.checkpoint(before: target) else { return false }
        restore(start)
        for change in timeline.changes(at: step) { perform(change) }
        while step < target, trainStep() {}
        settleAfterRewind()
        return step == target
    }
}

extension Session {
    /// A new run of the same scene from the same start (seed, generator, starting values, rewind
    /// memory), paused at step 0, with this run's optimizer, learning rate and momentum, or the
    /// scene's own (`defaults`). A lesson resets this way so that the run it leaves stays as it
    /// was, to come back to.
    public func freshStart(defaults: Bool = false) -> Session {
        var options = self.options
        options.seed = seed
        options.generator = generator
        options.startsPaused = true
        options.steps = self.options.steps
        if !defaults {
            options.optimizer = optimizer.kind
            options.learningRate = scene.schedule == nil ? optimizer.learningRate : baseRates[optimizer.kind]
        } else {
            options.optimizer = nil
            options.learningRate = nil
        }
        // The options made this session, so they make another.
        let fresh = try! Session(scene: scene, options: options)
        if !defaults { fresh.optimizer.momentum = optimizer.momentum }
        return fresh
    }
}
