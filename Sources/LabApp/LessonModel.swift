import Foundation
import Grad
import Lab
import Plot

/// A lesson running in the lab: the lab (`LabModel`) plus the cues that drive it. Cues fire in
/// order when their trigger holds (or when the student presses n); each applies its actions and
/// shows its caption; p goes back to the cue before, restoring the lab as it stood when that cue
/// fired (rewinding, which is bit-exact). An exercise a cue poses is graded from the run (see
/// LessonModel+Exercises.swift), and every judgement is kept for the score table at the end.
public struct LessonModel {
    /// Something that happened in the lesson, in order: what `--headless` prints.
    public enum Event: Equatable, Sendable {
        /// Cue `index` fired at `step` with the loss there.
        case cue(index: Int, step: Int, loss: Double, caption: String)
        /// An exercise of cue `index` was judged.
        case judged(index: Int, passed: Bool, detail: String)
        /// The lesson ended (n after the last cue).
        case finished
    }

    /// One judgement of an exercise.
    public struct Attempt: Equatable, Sendable {
        public var cue: Int
        public var passed: Bool
        public var detail: String
    }

    /// The lab as a fired cue left it, to come back to with p.
    struct Mark {
        var lab: LabModel
        var step: Int
        var optimizer: OptimizerKind
        var learningRate: Double
        var wasRunning: Bool
        var keysHidden: Bool
    }

    public let lesson: Lesson
    public internal(set) var lab: LabModel
    /// The cue that fired last; -1 before the first.
    public internal(set) var cueIndex = -1
    /// Whether the keys are hidden (only space, n, p, ? and q work, and an exercise's answers).
    public internal(set) var keysHidden = false
    /// Whether the cue list is shown over the lab (l).
    public internal(set) var showsCueList = false
    /// Past the last cue: the score table is shown.
    public internal(set) var isFinished = false
    /// The open exercise, if the current cue poses one.
    public internal(set) var exercise: ExerciseState?
    public internal(set) var attempts: [Attempt] = []
    public internal(set) var events: [Event] = []
    var marks: [Int: Mark] = [:]

    /// The lesson at its start: the first cues whose trigger is "start" fire at once.
    public init(lesson: Lesson, startsPaused: Bool = true) throws {
        self.lesson = lesson
        let session = try Session(scene: lesson.scene, options: RunOptions(startsPaused: startsPaused))
        lab = LabModel(solo: session, view: lesson.scene.view ?? .fit)
        advance()
    }

    /// The cue that fires next, if any.
    public var nextCue: Cue? { lesson.cues.indices.contains(cueIndex + 1) ? lesson.cues[cueIndex + 1] : nil }

    // MARK: events

    @discardableResult
    public mutating func update(_ event: LabEvent) -> LabEffect? {
        var effect: LabEffect?
        switch event {
        case .key(let key): effect = press(key)
        case .tick, .resize, .exported, .recordingStopped: effect = lab.update(event)
        }
        advance()
        return effect
    }

    mutating func press(_ key: KeyPress) -> LabEffect? {
        if showsCueList || isFinished, key == .escape || key == .character("l") {
            showsCueList = false
            return nil
        }
        if key == .character(" "), let open = exercise, open.awaitsAnswer || open.awaitsPick {
            lab.say(.lesson(open.awaitsAnswer ? "answer first: y or n" : "pick first: Tab selects a runner, Enter picks it"))
            return nil
        }
        if let command = KeyTable.lessonCommand(for: key), lab.menu == nil, lab.prompt == nil {
            switch command {
            case .nextCue:
                if exercise?.awaitsAnswer == true { answer(false) } else { goToNextCue() }
            case .previousCue: goToPreviousCue()
            case .cueList: showsCueList.toggle()
            case .answerYes:
                if exercise?.awaitsAnswer == true { answer(true) } else { lab.say(.lesson("y answers a prediction; there is none to answer now")) }
            case .lockPick:
                if exercise?.awaitsPick == true { lockPick() } else { lab.say(.keyDoesNothing(key)) }
            }
            return nil
        }
        if keysHidden, !Self.keysKeptWhenHidden.contains(key), !(exercise?.awaitsPick == true && key == .character("\t")) {
            lab.say(.lesson("the lesson hides the other keys here: space, n, p, l, ? and q work"))
            return nil
        }
        if lab.menu == nil, lab.prompt == nil, case .action(let action)? = KeyTable.command(for: key), action == .reset || action == .resetToDefaults {
            restart(defaults: action == .resetToDefaults)
            return nil
        }
        return lab.update(.key(key))
    }

    /// The lab's keys that still work while a lesson hides the keys.
    static let keysKeptWhenHidden: Set<KeyPress> = [.character(" "), .character("?"), .character("h"), .character("q"), .escape]

    // MARK: cues

    /// Fires every cue whose trigger holds now, in order, and grades the open exercise.
    mutating func advance() {
        var fired = 0
        while !isFinished, let next = nextCue, fired <= lesson.cues.count {
            guard triggerHolds(next.trigger) else { break }
            fire(cueIndex + 1)
            fired += 1
        }
        grade()
        armBreakpoint()
    }

    func triggerHolds(_ trigger: Cue.Trigger) -> Bool {
        let runner = lab.selectedRunner
        switch trigger {
        case .start: return true
        case .next: return false
        case .step(let step): return runner.step >= step
        case .lossBelow(let limit): return (runner.history.values.last ?? .infinity) < limit
        case .diverged: return lab.runners.contains(where: \.isDiverged)
        }
    }

    /// Stops the lab where the next cue's trigger (or the open exercise) needs it to stop.
    mutating func armBreakpoint() {
        if let stop = exercise?.breakpoint(in: lab) {
            if lab.breakpoint != stop { lab.setBreakpoint(stop) }
            return
        }
        var wanted: Breakpoint?
        switch nextCue?.trigger {
        case .step(let step)? where lab.selectedRunner.step < step: wanted = .step(step)
        case .lossBelow(let limit)?: wanted = .lossBelow(limit)
        default: wanted = nil
        }
        if lab.breakpoint != wanted { lab.setBreakpoint(wanted) }
    }

    /// n: the next cue now, whatever its trigger; after the last, the score table.
    mutating func goToNextCue() {
        closeExercise()
        guard nextCue != nil else {
            if !isFinished {
                isFinished = true
                events.append(.finished)
                for runner in lab.runners { runner.pause() }
            }
            return
        }
        fire(cueIndex + 1)
    }

    /// p: back to the cue before the current one, as it stood when it fired.
    mutating func goToPreviousCue() {
        guard cueIndex > 0, let mark = marks[cueIndex - 1] else {
            lab.say(.lesson(cueIndex <= 0 ? "this is the lesson's first cue" : "that cue's state is gone"))
            return
        }
        closeExercise()
        isFinished = false
        cueIndex -= 1
        restore(mark)
        if let exercise = lesson.cues[cueIndex].exercise { open(exercise, cue: cueIndex) }
        lab.say(.lesson("back at cue \(cueIndex + 1) of \(lesson.cues.count), step \(lab.selectedRunner.step)"))
    }

    mutating func fire(_ index: Int) {
        closeExercise()
        cueIndex = index
        let cue = lesson.cues[index]
        if let switched = cue.scene, let session = try? Session(scene: switched.scene, options: RunOptions(startsPaused: true)) {
            var fresh = LabModel(solo: session, view: switched.scene.view ?? lab.view)
            fresh.speedIndex = lab.speedIndex
            lab = fresh
        }
        apply(cue.actions)
        let runner = lab.selectedRunner
        events.append(.cue(index: index, step: runner.step, loss: runner.currentLoss(), caption: cue.caption))
        marks[index] = Mark(lab: lab, step: runner.step, optimizer: runner.optimizerKind, learningRate: runner.learningRate,
                            wasRunning: lab.wantsToRun, keysHidden: keysHidden)
        if let exercise = cue.exercise { open(exercise, cue: index) }
    }

    /// r and R, and a cue's reset: the lab starts again from step 0 on new runs of the same start
    /// (`Session.freshStart`), so the runs the cues before saw stay as they were for p; the run
    /// that ended stays as the ghost.
    mutating func restart(defaults: Bool = false, running keepsRunning: Bool? = nil) {
        lab.keepGhost()
        let ghost = lab.ghost
        let view = lab.view, speed = lab.speedIndex, running = keepsRunning ?? lab.wantsToRun, selected = lab.selectedIndex
        if lab.isRace {
            let kinds = lab.runners.map(\.optimizerKind)
            let rates = Dictionary(uniqueKeysWithValues: lab.runners.map { ($0.optimizerKind, $0.learningRate) })
            guard let race = try? Race(scene: lab.race.scene, optimizers: kinds, learningRates: defaults ? [:] : rates,
                                       options: lab.race.options) else { return }
            lab = LabModel(race: race, view: view)
            lab.selectedIndex = min(selected, lab.runners.count - 1)
        } else {
            lab = LabModel(solo: lab.selectedRunner.freshStart(defaults: defaults), view: view)
        }
        lab.ghost = ghost
        lab.speedIndex = speed
        lab.syncRecording()
        setRunning(running)
        lab.say(defaults ? .resetToDefaults(lab.selectedRunner.optimizerKind, learningRate: lab.selectedRunner.learningRate)
                         : .reset(running: running))
    }

    /// A cue's actions, in the documented order.
    mutating func apply(_ actions: CueActions) {
        if actions.reset { restart(running: false) }
        if let step = actions.rewindTo { move(to: step) }
        if let kinds = actions.race, let race = try? Race(scene: lab.race.scene, optimizers: kinds, options: RunOptions(startsPaused: true)) {
            var raced = LabModel(race: race, view: lab.view)
            raced.speedIndex = lab.speedIndex
            lab = raced
        }
        if let kind = actions.optimizer, lab.selectedRunner.optimizerKind != kind {
            lab.selectedRunner.switchOptimizer(to: kind)
        }
        if let rate = actions.learningRate { _ = lab.selectedRunner.setLearningRate(rate) }
        if let view = actions.view {
            lab.view = view
            lab.syncRecording()
        }
        if let speed = actions.speed, speed.isInfinite {
            lab.speedIndex = LabModel.speeds.count - 1
        } else if let speed = actions.speed {
            let speeds = LabModel.speeds.dropLast()
            lab.speedIndex = speeds.indices.min { abs(Foundation.log(speeds[$0]) - Foundation.log(speed)) < abs(Foundation.log(speeds[$1]) - Foundation.log(speed)) } ?? lab.speedIndex
        }
        if let hidden = actions.keysHidden { keysHidden = hidden }
        if let steps = actions.steps {
            for _ in 0..<steps { lab.apply(.step) }
        }
        if let running = actions.running { setRunning(running) }
    }

    mutating func setRunning(_ running: Bool) {
        for runner in lab.runners {
            if running { runner.resume() } else { runner.pause() }
        }
        lab.wantsToRun = running && lab.race.isRunning
    }

    /// Every runner at `step`: back by rewinding when it can, else (or forward) from a reset.
    mutating func move(to step: Int) {
        for runner in lab.runners where runner.step != step {
            if runner.step < step || !runner.rewind(to: step) {
                if runner.step > step { runner.reset(running: false) }
                while runner.step < step, runner.stepOnce() {}
            }
        }
        lab.wantsToRun = false
    }

    mutating func restore(_ mark: Mark) {
        lab = mark.lab
        move(to: mark.step)
        let runner = lab.selectedRunner
        if runner.optimizerKind != mark.optimizer { runner.switchOptimizer(to: mark.optimizer) }
        if runner.learningRate != mark.learningRate { _ = runner.setLearningRate(mark.learningRate) }
        keysHidden = mark.keysHidden
        setRunning(mark.wasRunning)
    }
}
