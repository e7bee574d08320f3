import Lab

extension LessonModel {
    /// Plays the lesson without a terminal, as a rehearsal: the lab trains at top speed whenever
    /// it runs; when it stands still, an open exercise gets the lesson's rehearsed answer (once),
    /// a next cue that waits for the run (a step, a loss, a divergence) gets space while the run
    /// can go on, and otherwise n is pressed, until the score table. Returns the events in order.
    /// `roundLimit` bounds the ticks (a lesson that never ends is cut off there); each tick trains
    /// while `hasTime()` says yes (by default to the next stop).
    public mutating func rehearse(roundLimit: Int = 100_000, hasTime: @escaping () -> Bool = { true }) -> [Event] {
        lab.speedIndex = LabModel.speeds.count - 1
        var rehearsed: Set<Int> = []
        var rounds = 0
        while !isFinished, rounds < roundLimit {
            rounds += 1
            if lab.race.isRunning {
                _ = update(.tick(elapsed: 0.03, hasTime: hasTime))
                continue
            }
            if let open = exercise, !open.passed, !rehearsed.contains(open.cue), let rehearsal = open.exercise.rehearsal {
                rehearsed.insert(open.cue)
                play(rehearsal)
                advance()
                continue
            }
            let waitsForRun: Bool
            switch nextCue?.trigger {
            case .step?, .lossBelow?, .diverged?: waitsForRun = true
            case .start?, .next?, nil: waitsForRun = false
            }
            if waitsForRun, lab.runners.contains(where: { !$0.isFinished }), exercise?.awaitsAnswer != true, exercise?.awaitsPick != true {
                setRunning(true)
                advance()
                if lab.race.isRunning { continue }
            }
            _ = update(.key(.character("n")))
        }
        return events
    }

    /// What a student would do for a rehearsal: try a rate (from step 0 if the run is over), answer,
    /// or pick a runner.
    mutating func play(_ rehearsal: Exercise.Rehearsal) {
        switch rehearsal {
        case .learningRate(let rate):
            if lab.selectedRunner.isFinished { lab.apply(.reset) }
            _ = lab.selectedRunner.setLearningRate(rate)
            setRunning(true)
        case .answer(let yes):
            answer(yes)
        case .optimizer(let kind):
            if let index = lab.runners.firstIndex(where: { $0.optimizerKind == kind }) { lab.selectedIndex = index }
            lockPick()
        }
    }
}
