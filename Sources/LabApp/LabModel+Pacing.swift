/// The lab's clock between ticks: rounds due at the chosen speed, and the window over which the
/// speed actually reached is measured.
struct Pacing {
    /// Rounds owed at the chosen speed, carried from tick to tick (at most a quarter second's worth).
    var due = 0.0
    /// Seconds of tick time while running, the clock of the speed measurement.
    var runningTime = 0.0
    /// When the current measurement began (a tick that stepped) and the rounds taken since.
    var window: (start: Double?, rounds: Int) = (nil, 0)
    static let windowSeconds = 1.0
}

extension LabModel {
    /// Advances the running runners by the lockstep rounds due after `elapsed` seconds at the
    /// chosen speed (every runner takes the same rounds), stopping early when `hasTime()` says the
    /// frame's time is up; ages the notice.
    mutating func tick(elapsed: Double, hasTime: () -> Bool) {
        notices.age(by: elapsed)
        guard race.isRunning else {
            pacing = Pacing()
            measuredStepsPerSecond = 0
            return
        }
        let speed = stepsPerSecond
        var taken = 0
        let before = race.step
        if trainTowardGoal(hasTime: hasTime) {
            taken = race.step - before
        } else if speed.isInfinite {
            repeat {
                let round = trainRoundWatching()
                guard round.stepped else { break }
                taken += 1
                if round.stopped { break }
            } while race.isRunning && hasTime()
        } else {
            pacing.due = min(pacing.due + speed * elapsed, max(1, speed * 0.25))
            while pacing.due >= 1, race.isRunning, hasTime() {
                let round = trainRoundWatching()
                guard round.stepped else { break }
                pacing.due -= 1
                taken += 1
                if round.stopped { break }
            }
        }
        pacing.runningTime += max(0, elapsed)
        guard taken > 0 else { return }
        guard let start = pacing.window.start else {
            pacing.window = (pacing.runningTime, 0)
            return
        }
        pacing.window.rounds += taken
        let seconds = pacing.runningTime - start
        if seconds >= Pacing.windowSeconds {
            measuredStepsPerSecond = Double(pacing.window.rounds) / seconds
            pacing.window = (pacing.runningTime, 0)
        }
    }
}
