import Grad
import Lab
import Plot

/// An exercise of the current cue while it is open: what it waits for and what it has seen.
public struct ExerciseState: Sendable {
    public let cue: Int
    public let exercise: Exercise
    /// The step the current attempt started at (the cue, or the last reset).
    var startStep: Int
    /// The selected runner's step when last graded (a smaller one means a reset or rewind: a new attempt).
    var lastStep: Int
    /// The y/n answer of a prediction, once given.
    public internal(set) var answer: Bool?
    /// A prediction's verdict from the run: whether the event happened; nil while watching.
    var happened: Bool?
    /// The step at which a prediction stops watching.
    var watchUntil: Int?
    /// The runner picked to win a race (Enter).
    public internal(set) var pick: OptimizerKind?
    /// Whether the current attempt was judged (a new one starts after a reset).
    var judged = false
    /// Whether the exercise was passed (it then closes).
    public internal(set) var passed = false

    /// A prediction waiting for y or n.
    public var awaitsAnswer: Bool {
        if case .predict = exercise.task { return answer == nil }
        return false
    }

    /// A race exercise waiting for Enter.
    public var awaitsPick: Bool {
        if case .first = exercise.task { return pick == nil }
        return false
    }

    /// What the student is asked, on the caption bar.
    public func prompt(unicode: Bool) -> String {
        switch exercise.task {
        case .diverge: return "Task: find a learning rate at which the run diverges (+ and ] raise it, space runs, r starts again)."
        case .reach(let gap, let steps):
            return "Task: come within \(Self.percent(gap)) of the optimum's loss L* in at most \(steps) steps (change the rate or optimizer, r starts again)."
        case .first(let gap):
            return pick.map { "You picked \($0.displayName); the race runs until one comes within \(Self.percent(gap)) of L*." }
                ?? "Task: which optimizer comes within \(Self.percent(gap)) of L* first? Tab selects a runner, Enter picks it."
        case .predict(let question, _, let steps):
            guard let answer else { return "Predict: \(question) Press y or n." }
            return "You said \(answer ? "yes" : "no"); now the run takes \(steps) steps and shows what happens."
        }
    }

    /// A loss or rate for a message: four significant digits.
    static func number(_ value: Double) -> String {
        NumberFormat.significant(value, digits: 4, keepTrailingZeros: false)
    }

    static func percent(_ gap: Double) -> String {
        NumberFormat.significant(gap * 100, digits: 3, keepTrailingZeros: false) + " %"
    }

    /// Where the lab must stop for this exercise to be judged; nil when no stop is needed.
    func breakpoint(in lab: LabModel) -> Breakpoint? {
        guard !passed, !judged else { return nil }
        let runner = lab.selectedRunner
        switch exercise.task {
        case .diverge: return nil
        case .reach(let gap, let steps):
            guard let target = Self.target(runner, gap: gap) else { return nil }
            return runner.step < startStep + steps ? .reach(loss: target, by: startStep + steps) : nil
        case .first(let gap):
            guard pick != nil, let target = Self.target(runner, gap: gap) else { return nil }
            return .anyLossAtMost(target)
        case .predict(_, let event, _):
            guard answer != nil, let until = watchUntil, runner.step < until else { return nil }
            if event == .overshoot, let optimum = runner.quadraticAnalysis().optimum?.parameters {
                return .crossing(optimum: optimum, before: until)
            }
            return .step(until)
        }
    }

    /// L*·(1 + gap) (L* + gap when L* is 0), the loss to come within; nil without an optimum.
    static func target(_ runner: Session, gap: Double) -> Double? {
        guard let best = runner.quadraticAnalysis().optimum?.loss else { return nil }
        return best > 0 ? best * (1 + gap) : best + gap
    }
}

extension LessonModel {
    mutating func open(_ exercise: Exercise, cue: Int) {
        let step = lab.selectedRunner.step
        let state = ExerciseState(cue: cue, exercise: exercise, startStep: step, lastStep: step)
        self.exercise = state
        if state.awaitsAnswer || state.awaitsPick { setRunning(false) }
    }

    /// Leaves the open exercise (n, p, or the next cue); one never judged counts as skipped.
    mutating func closeExercise() {
        guard let open = exercise else { return }
        if !attempts.contains(where: { $0.cue == open.cue }) {
            attempts.append(Attempt(cue: open.cue, passed: false, detail: "skipped"))
        }
        exercise = nil
    }

    mutating func answer(_ yes: Bool) {
        guard var state = exercise, case .predict(_, _, let steps) = state.exercise.task else { return }
        state.answer = yes
        state.watchUntil = lab.selectedRunner.step + steps
        state.happened = nil
        exercise = state
        setRunning(true)
        lab.say(.lesson("you said \(yes ? "yes" : "no"); watch the next \(steps) steps"))
    }

    mutating func lockPick() {
        guard var state = exercise else { return }
        state.pick = lab.selectedRunner.optimizerKind
        exercise = state
        setRunning(true)
        lab.say(.lesson("you picked \(lab.selectedRunner.optimizerKind.displayName); the race runs"))
    }

    mutating func judge(_ passed: Bool, _ detail: String) {
        guard var state = exercise else { return }
        state.judged = true
        state.passed = passed
        exercise = state
        attempts.append(Attempt(cue: state.cue, passed: passed, detail: detail))
        events.append(.judged(index: state.cue, passed: passed, detail: detail))
    }

    /// Grades the open exercise against the run as it stands.
    mutating func grade() {
        guard var state = exercise, !state.passed else { return }
        let runner = lab.selectedRunner
        if runner.step < state.lastStep {
            state.startStep = runner.step
            state.judged = false
            if case .predict = state.exercise.task { state.answer = nil; state.watchUntil = nil }
            if case .first = state.exercise.task { state.pick = nil }
        }
        state.lastStep = runner.step
        exercise = state
        guard !state.judged else { return }
        let rate = ExerciseState.number(runner.learningRate)
        let stable = runner.stableLearningRate.map { " (the stable bound for \(runner.optimizerKind.displayName) is \(ExerciseState.number($0.bound)))" } ?? ""
        switch state.exercise.task {
        case .diverge:
            if runner.isDiverged {
                judge(true, "diverged at step \(runner.step) with \(runner.optimizerKind.displayName) at lr \(rate)\(stable)")
            } else if runner.isFinished {
                judge(false, "the run ended at step \(runner.step) without diverging at lr \(rate)\(stable); r and a larger rate try again")
            }
        case .reach(let gap, let steps):
            guard let target = ExerciseState.target(runner, gap: gap) else { return }
            let taken = runner.step - state.startStep
            let loss = runner.history.values.last ?? .infinity
            if loss <= target, taken <= steps {
                judge(true, "within \(ExerciseState.percent(gap)) of L* after \(taken) steps (loss \(ExerciseState.number(loss)), target \(ExerciseState.number(target))) at lr \(rate)")
            } else if taken >= steps || runner.isFinished {
                setRunning(false)
                judge(false, "after \(taken) steps the loss is \(ExerciseState.number(loss)), above \(ExerciseState.number(target)) at lr \(rate)\(stable); r tries again")
            }
        case .first(let gap):
            guard let pick = state.pick, let target = ExerciseState.target(runner, gap: gap) else { return }
            let winners = lab.runners.filter { ($0.history.values.last ?? .infinity) <= target }
            if let winner = winners.first {
                let names = winners.map(\.optimizerKind.displayName).joined(separator: " and ")
                let won = winners.contains { $0.optimizerKind == pick }
                judge(won, "\(names) came within \(ExerciseState.percent(gap)) of L* first, at step \(winner.step); you picked \(pick.displayName)")
            } else if lab.race.isFinished {
                judge(false, "no runner came within \(ExerciseState.percent(gap)) of L* before the race ended; you picked \(pick.displayName)")
            }
        case .predict(_, let event, _):
            guard let answer = state.answer, let until = state.watchUntil else { return }
            let happened: Bool
            switch event {
            case .diverge:
                if runner.isDiverged { happened = true } else if runner.step >= until || runner.isFinished { happened = false } else { return }
            case .overshoot:
                if lab.breakpointHit, lab.lastBreakpoint.map({ if case .crossing = $0 { true } else { false } }) ?? false {
                    happened = true
                } else if runner.isDiverged {
                    happened = true
                } else if runner.step >= until || runner.isFinished { happened = false } else { return }
            }
            let what = event == .overshoot ? "a parameter jumped past its optimum" : "the run diverged"
            let fact = happened ? "\(what) (step \(runner.step), lr \(rate))" : "within \(until - state.startStep) steps nothing of the kind happened (lr \(rate))"
            judge(answer == happened, "you said \(answer ? "yes" : "no"): \(fact)\(stable)")
            setRunning(false)
        }
    }
}
