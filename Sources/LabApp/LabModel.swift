import Grad
import Lab
import Plot

/// The lab as a program, in the Elm architecture: this model holds everything the lab is at one
/// moment, `update(_:)` turns events (keys, ticks, resizes) into changes, and `picture`/`frame`
/// draw it. The training lives in the runners (`Race`, whose runners are `Session`s: a solo run is
/// a race of one); the model keeps what belongs to the screen: the view, the help and the scene
/// menu, the landscape's pair, the graph's scroll, the speed and its pacing, visibility, the
/// notices and what the pictures remember between frames.
public struct LabModel {
    /// Seconds a notice stays on screen.
    public static let noticeLifetime = 4.0

    /// Speeds the lab offers, in steps per second; `.infinity` trains as fast as the machine allows.
    public static let speeds: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000,
                                          20_000, 50_000, 100_000, .infinity]

    /// The runners; a solo lab's race has one.
    public internal(set) var race: Race
    /// Whether the lab shows a race (several optimizers, the standings) rather than one run.
    public let isRace: Bool
    /// The index in `runners` of the runner the rate keys and x act on, whose picture is shown.
    public internal(set) var selectedIndex = 0
    /// What the main panel shows.
    public internal(set) var view: LabView
    public internal(set) var showHelp = false
    /// The scene picker, while open (solo labs only).
    public internal(set) var menu: SceneMenu?
    /// Which pair of parameters (or random directions) the landscape slices through; the picture
    /// takes it modulo the number of pairs.
    public internal(set) var parameterPair = 0
    /// The graph view's first row.
    public internal(set) var graphScroll = 0
    /// The neuron whose formula the neurons view writes out; the picture takes it modulo the
    /// number of neurons.
    public internal(set) var selectedNeuron = 0
    public internal(set) var speedIndex: Int
    /// Whether the person wants the runs to train: the last choice of space (or `--paused`), which
    /// a reset keeps.
    public internal(set) var wantsToRun: Bool
    /// False while the terminal is too small to show the lab (see `setVisible`).
    public internal(set) var isVisible = true
    /// Steps per second (lockstep rounds) while running, measured about once a second: the rounds
    /// taken between two ticks that stepped, at least a second apart, over the time between them.
    /// (At 10 steps/s a tick of a 30 frames/s lab takes 0 or 1 steps, too uneven to show tick by
    /// tick.) 0 while paused and during the first second of running.
    public internal(set) var measuredStepsPerSecond = 0.0
    /// The prompt a prefix key opened (`g`, `` ` ``), while it waits for its answer.
    public internal(set) var prompt: LabPrompt?
    /// The bookmarked steps (`'`), numbered from 1 in the order they were set; a reset keeps them
    /// (going to one then trains there again), another scene starts without.
    public internal(set) var bookmarks: [Int] = []
    /// The loss curve of the run before the last reset (solo labs), drawn faintly on the loss panel
    /// until the next reset replaces it.
    public internal(set) var ghost: LossChart.Ghost?
    /// The step the lab is training toward at top speed after `g` or a bookmark, pausing there.
    public internal(set) var stepGoal: Int?
    /// Where training stops by itself (see `Breakpoint`), and whether it did since it was set.
    public internal(set) var breakpoint: Breakpoint?
    public internal(set) var breakpointHit = false
    /// The breakpoint that stopped the lab last (until the next is set).
    public internal(set) var lastBreakpoint: Breakpoint?
    /// What the last key changed, in words, while it is fresh (see `Notice`).
    public var notice: Notice? { notices.current }

    /// Options for scenes opened from the menu; nil in a race, which has no menu.
    let menuOptions: RunOptions?
    /// The view a scene opened from the menu starts in (`--view`).
    let firstView: LabView
    var notices = NoticeBoard()
    var pacing = Pacing()
    /// Runners that hiding paused, which showing the lab again resumes.
    var pausedByHiding: Set<ObjectIdentifier> = []
    /// What the pictures remember between frames.
    var pictures = LabPictures()

    /// The lab of one run; `menuOptions` enables the scene menu (`m`), whose scenes open with them.
    public init(solo session: Session, view: LabView = .fit, menuOptions: RunOptions? = nil, menuOpen: Bool = false) {
        self.init(Race(solo: session), isRace: false, view: view, menuOptions: menuOptions)
        if menuOpen, menuOptions != nil { menu = Self.sceneMenu(current: session.scene.name) }
    }

    /// The lab of a race.
    public init(race: Race, view: LabView = .fit) {
        self.init(race, isRace: true, view: view, menuOptions: nil)
    }

    private init(_ race: Race, isRace: Bool, view: LabView, menuOptions: RunOptions?) {
        self.race = race
        self.isRace = isRace
        self.view = view
        firstView = view
        self.menuOptions = menuOptions
        speedIndex = Self.speedIndex(for: race.scene.stepsPerSecond)
        wantsToRun = race.runners.contains { $0.state == .running }
        syncRecording()
    }

    static func speedIndex(for stepsPerSecond: Double) -> Int {
        speeds.firstIndex { $0 >= stepsPerSecond } ?? speeds.count - 1
    }

    public var runners: [Session] { race.runners }
    public var selectedRunner: Session { race.runners[selectedIndex] }
    public var stepsPerSecond: Double { Self.speeds[speedIndex] }

    /// Applies one event; returns what the program around the lab must do, if anything.
    @discardableResult
    public mutating func update(_ event: LabEvent) -> LabEffect? {
        switch event {
        case .key(let key):
            return press(key)
        case .tick(let elapsed, let hasTime):
            tick(elapsed: elapsed, hasTime: hasTime)
        case .resize(let width, let height):
            setVisible(width >= LabLayout.minimumWidth && height >= LabLayout.minimumHeight)
        case .exported(let outcome):
            say(.exported(outcome))
        case .recordingStopped(let reason):
            say(.lesson("the recording stopped: \(reason); what was recorded until now is kept, and the lab goes on"))
        }
        return nil
    }

    mutating func press(_ key: KeyPress) -> LabEffect? {
        if prompt != nil { return answerPrompt(key) }
        if menu != nil {
            switch KeyTable.menuCommand(for: key) {
            case .menu(.up)?: menu?.moveUp()
            case .menu(.down)?: menu?.moveDown()
            case .menu(.close)?: menu = nil
            case .menu(.open)?: openSelectedScene()
            case .quit?: return .quit
            default: break
            }
            return nil
        }
        switch KeyTable.command(for: key) {
        case .quit?: return .quit
        case .sceneMenu? where menuOptions != nil: menu = Self.sceneMenu(current: race.scene.name)
        case .action(let action)? where !isRace && (action == .selectNextRunner || action == .dropSelectedRunner):
            say(.keyDoesNothing(key))
        case .action(let action)?: apply(action)
        case .export(let kind)?: return .export(kind, baseName: exportBaseName)
        case .sceneMenu?, .menu?, nil: say(.keyDoesNothing(key))
        }
        return nil
    }

    /// Hides or shows the lab. Hiding pauses the running runners, so that they do not train
    /// unseen; showing it again resumes what hiding paused. A runner the person paused stays
    /// paused, a finished or diverged one is untouched, and a key that changes a runner's state
    /// while hidden wins: showing the lab then leaves that runner alone.
    mutating func setVisible(_ visible: Bool) {
        guard visible != isVisible else { return }
        isVisible = visible
        if !visible {
            for runner in runners where runner.state == .running {
                runner.pause()
                pausedByHiding.insert(ObjectIdentifier(runner))
            }
        } else {
            for runner in runners where pausedByHiding.contains(ObjectIdentifier(runner)) { runner.resume() }
            pausedByHiding = []
        }
    }

    /// What steps must record for `view` to show them: the graph for the graph view, every
    /// parameter's change for the optimizer view; the loss panel's sampled curves in every view.
    public static func recording(for view: LabView) -> Recording {
        switch view {
        case .graph: [.graph, .curves]
        case .optimizer: [.updateChanges, .curves]
        case .fit, .landscape, .neurons: [.curves]
        }
    }

    mutating func syncRecording() {
        let recording = Self.recording(for: view)
        for runner in runners { runner.recording = recording }
    }

    mutating func say(_ notice: Notice) {
        notices.say(notice)
    }

    /// The built-in scenes in teaching order, with `current` highlighted.
    static func sceneMenu(current: String) -> SceneMenu {
        let entries = SceneLibrary.entries().map { entry -> SceneMenu.Entry in
            guard entry.problem == nil else {
                return SceneMenu.Entry(name: entry.name, title: "(cannot be read: tinylab check \(entry.name) says why)", summary: "")
            }
            return SceneMenu.Entry(name: entry.name, title: entry.title, summary: entry.summary)
        }
        return SceneMenu(entries: entries, keys: [], selected: entries.firstIndex { $0.name == current } ?? 0)
    }

    /// Replaces the lab with the highlighted scene, opened with `menuOptions` in the first view,
    /// paused if the lab was paused (running if it was running).
    private mutating func openSelectedScene() {
        guard let entry = menu?.selectedEntry, var options = menuOptions else { return }
        options.startsPaused = !wantsToRun
        do {
            let session = try Session(scene: SceneLibrary.scene(named: entry.name), options: options)
            self = LabModel(solo: session, view: firstView == .fit ? session.scene.view ?? .fit : firstView, menuOptions: options)
        } catch {
            menu?.problem = "\(entry.name) cannot be opened: \(error)"
        }
    }
}
