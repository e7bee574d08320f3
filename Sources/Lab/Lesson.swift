import Grad

/// A scripted demonstration over one scene (a lesson file): cues that fire in order, each with a
/// trigger, a caption, actions on the lab and perhaps an exercise graded from the run itself.
public struct Lesson: Sendable {
    /// The file's name without `.toml`.
    public var name: String
    public var title: String
    public var description: String
    /// The scene as the file names it (a built-in name or a path).
    public var sceneName: String
    /// The scene, loaded.
    public var scene: Scene
    /// Place in `tinylab lesson`'s list.
    public var order: Int?
    public var cues: [Cue]
}

/// One step of a lesson.
public struct Cue: Sendable {
    /// When a cue fires. Cues fire in order: a cue's trigger is watched once the one before it has
    /// fired, and `n` fires the next cue whatever its trigger.
    public enum Trigger: Equatable, Sendable {
        /// As the lesson opens (or right after the cue before).
        case start
        /// When the run reaches this step (the lab pauses there, then the cue's actions apply).
        case step(Int)
        /// When the loss falls below this value.
        case lossBelow(Double)
        /// When the run diverges.
        case diverged
        /// When the student presses n.
        case next
    }

    public var trigger: Trigger
    /// Another scene the lab switches to as the cue fires (a fresh run of it), by the name the
    /// file gives and loaded.
    public var scene: (name: String, scene: Scene)?
    public var caption: String
    public var actions: CueActions
    public var exercise: Exercise?
    /// The line of the cue's `[[cue]]` header.
    public var line: Int
}

/// What a cue does to the lab as it fires, in this order: a new scene (`Cue.scene`), reset, rewind, race, optimizer,
/// learning rate, view, speed, keys, steps, then run or pause.
public struct CueActions: Equatable, Sendable {
    /// Back to step 0 from the same start.
    public var reset = false
    /// Back to this step (bit-exact rewind).
    public var rewindTo: Int?
    /// A race of these optimizers from the scene's start (the lab becomes a race).
    public var race: [OptimizerKind]?
    public var optimizer: OptimizerKind?
    public var learningRate: Double?
    public var view: LabView?
    /// Steps per second (the nearest of the lab's speeds); `inf` for the top speed.
    public var speed: Double?
    /// Hide the keys (only space, n, p, ? and q, and an exercise's answers, stay) or show them again.
    public var keysHidden: Bool?
    /// Take this many steps now.
    public var steps: Int?
    /// Run (true) or pause (false).
    public var running: Bool?

    public init() {}
}

/// A task a cue poses, graded exactly from the run.
public struct Exercise: Equatable, Sendable {
    public enum Task: Equatable, Sendable {
        /// Find a learning rate at which the run diverges (graded when the run diverges or ends).
        case diverge
        /// Reach within `gap` (relative) of the optimum's loss L* within `steps` steps of the cue or
        /// of the last reset.
        case reach(gap: Double, steps: Int)
        /// In a race: pick (Enter, the selected runner) the optimizer that first comes within `gap`
        /// of L*.
        case first(gap: Double)
        /// Answer `question` with y or n, then the run takes `steps` steps and shows whether the
        /// event happened.
        case predict(question: String, event: PredictedEvent, steps: Int)
    }

    /// What a prediction is about: whether a parameter overshoots its optimum (crosses it), or the
    /// run diverges.
    public enum PredictedEvent: String, CaseIterable, Sendable {
        case overshoot, diverge
    }

    /// What `--headless` does in the student's place.
    public enum Rehearsal: Equatable, Sendable {
        case learningRate(Double)
        case answer(Bool)
        case optimizer(OptimizerKind)
    }

    public var task: Task
    public var rehearsal: Rehearsal?
}
