import Lab
import Plot

/// What a key asks for: an action on the lab, the scene menu, a key of the open menu, or the end.
public enum KeyCommand: Equatable, Sendable {
    case action(Action)
    /// End the lab.
    case quit
    /// Open the scene menu.
    case sceneMenu
    /// A key of the open scene menu.
    case menu(MenuCommand)
    /// Write what the lab shows, or the selected run's state, to files (see `LabEffect.export`).
    case export(ExportKind)
}

/// What `w` and `W` write into the current directory.
public enum ExportKind: Equatable, Sendable {
    /// The frame on screen as `NAME-stepN.svg` and `NAME-stepN.txt` (w).
    case picture
    /// The selected run as a scene file that goes on from here, `NAME-stepN.toml` (W).
    case state
}

/// What a key does in a lesson, before the lab sees it.
public enum LessonCommand: Equatable, Sendable {
    case nextCue, previousCue, cueList
    /// y: yes to a prediction (n is no while one waits).
    case answerYes
    /// Enter: pick the selected runner in a race exercise.
    case lockPick
}

/// What a key does while the scene menu is open.
public enum MenuCommand: Equatable, Sendable {
    case up, down
    /// Opens the highlighted scene.
    case open
    /// Back to the lab.
    case close
}

/// Where a key line belongs: every lab, only the solo lab (one session), only a race, or the open
/// scene menu (whose keys are bound apart from the lab's).
public enum KeyScope: Sendable {
    case everywhere, solo, race, menu

    /// Whether the entry belongs in the lab of this kind.
    public func applies(inRace race: Bool) -> Bool {
        switch self {
        case .everywhere: true
        case .solo: !race
        case .race: race
        case .menu: false
        }
    }
}

/// One line of the lab's keys: the keys, what they do, the help text and the key line's label.
/// A line may hold two opposite commands (`+`/`-`, `o`/`O`): `bindings` lists each with its keys,
/// the first key of each being the one the key line shows.
public struct KeyEntry: Sendable {
    public let bindings: [(keys: [KeyPress], command: KeyCommand)]
    /// The help overlay's text, e.g. `learning rate ×2 / ÷2`.
    public let help: String
    /// The key line's label, e.g. `lr`; nil keeps the entry off the key line.
    public let label: String?
    /// A shorter label for narrow terminals.
    public let shortLabel: String?
    /// Key line entries are dropped in this order (lowest first) when the line is too narrow;
    /// `Int.max` never drops.
    public let keep: Int
    /// The key line's caption when it is not the first key of each binding.
    public let lineCaption: String?
    /// The labs whose help and key line show the entry (the key map binds every entry's keys).
    public let scope: KeyScope

    public init(bindings: [(keys: [KeyPress], command: KeyCommand)], help: String, label: String?, shortLabel: String?,
                keep: Int, lineCaption: String? = nil, scope: KeyScope = .everywhere) {
        self.scope = scope
        self.bindings = bindings
        self.help = help
        self.label = label
        self.shortLabel = shortLabel
        self.keep = keep
        self.lineCaption = lineCaption
    }

    /// Every key of the entry, in the order the help lists them.
    public var keys: [KeyPress] { bindings.flatMap(\.keys) }

    /// The help's caption: the keys of each binding, bindings apart with ` / `: `+ = / - _`.
    public func caption(unicode: Bool) -> String {
        let names = bindings.map { $0.keys.map { $0.name(unicode: unicode) }.joined(separator: " ") }
        return names.joined(separator: bindings.count > 2 ? " " : " / ")
    }

    /// The key line's caption: the first key of each binding, `+/-`.
    public func shortCaption(unicode: Bool) -> String {
        if let lineCaption { return lineCaption }
        return bindings.compactMap { $0.keys.first?.name(unicode: unicode) }.joined(separator: "/")
    }
}

/// The lab's keys: one table from which the key map, the help overlay, the key line and
/// `tinylab scene --help` are all derived, so they cannot disagree.
public enum KeyTable {
    public static let entries: [KeyEntry] = [
        KeyEntry(bindings: [([.character(" ")], .action(.togglePause))],
                 help: "pause / run (done: train on)", label: "pause", shortLabel: "pause", keep: 9),
        KeyEntry(bindings: [([.character("s"), .right], .action(.step))],
                 help: "one step (pauses first)", label: "step", shortLabel: "step", keep: 5),
        KeyEntry(bindings: [([.character("+"), .character("=")], .action(.scaleLearningRate(2))),
                            ([.character("-"), .character("_")], .action(.scaleLearningRate(0.5))),
                            ([.character("]")], .action(.scaleLearningRate(10))),
                            ([.character("[")], .action(.scaleLearningRate(0.1)))],
                 help: "learning rate ×2 ÷2 ×10 ÷10", label: "lr", shortLabel: "lr", keep: 8, lineCaption: "+/-"),
        KeyEntry(bindings: [([.character("b"), .left], .action(.stepBack(1))), ([.character("B")], .action(.stepBack(10)))],
                 help: "back 1 / 10 steps (up to `back N`)",
                 label: "back", shortLabel: "back", keep: 9),
        KeyEntry(bindings: [([.character("g")], .action(.askForStep)), ([.character("'")], .action(.setBookmark)),
                            ([.character("`")], .action(.askForBookmark))],
                 help: "go to step / bookmark / to bookmark", label: nil, shortLabel: nil, keep: 0),
        KeyEntry(bindings: [([.character("o")], .action(.nextOptimizer)), ([.character("O")], .action(.previousOptimizer))],
                 help: "next / previous optimizer", label: "optimizer", shortLabel: "opt", keep: 6, scope: .solo),
        KeyEntry(bindings: [([.character("u")], .action(.stepMomentum(up: true))), ([.character("U")], .action(.stepMomentum(up: false))),
                            ([.character(")")], .action(.scaleBatchSize(up: true))), ([.character("(")], .action(.scaleBatchSize(up: false)))],
                 help: "beta up/down; batch size ×2 ÷2", label: nil, shortLabel: nil, keep: 0),
        KeyEntry(bindings: [([.character("\t")], .action(.selectNextRunner)), ([.character("x")], .action(.dropSelectedRunner))],
                 help: "select the next runner / drop it", label: "runner", shortLabel: "run", keep: 6,
                 lineCaption: "tab/x", scope: .race),
        KeyEntry(bindings: [([.character("r")], .action(.reset)), ([.character("R")], .action(.resetToDefaults))],
                 help: "reset / reset to scene defaults", label: "reset", shortLabel: "reset", keep: 7),
        KeyEntry(bindings: [([.character("n")], .action(.newData)), ([.character("z")], .action(.stepNoise(up: true))),
                            ([.character("Z")], .action(.stepNoise(up: false)))],
                 help: "new data (next seed); noise up/down", label: nil, shortLabel: nil, keep: 0, scope: .solo),
        KeyEntry(bindings: [([.character("<"), .character(","), .down], .action(.slower)),
                            ([.character(">"), .character("."), .up], .action(.faster))],
                 help: "slower / faster", label: "speed", shortLabel: "speed", keep: 3),
        KeyEntry(bindings: [([.character("1")], .action(.showView(.fit))), ([.character("2")], .action(.showView(.landscape))),
                            ([.character("3")], .action(.showView(.optimizer))), ([.character("4")], .action(.showView(.graph))),
                            ([.character("5")], .action(.showView(.neurons))), ([.character("v")], .action(.nextView))],
                 help: "the 5 views; v: the next one", label: "views", shortLabel: "views", keep: 4,
                 lineCaption: "1-5/v"),
        KeyEntry(bindings: [([.character("p")], .action(.nextParameterPair)),
                            ([.character("j")], .action(.scroll(1))), ([.character("k")], .action(.scroll(-1))),
                            ([.pageDown], .action(.scroll(10))), ([.pageUp], .action(.scroll(-10)))],
                 help: "pair / scroll / neuron (per view)", label: nil, shortLabel: nil, keep: 0),
        KeyEntry(bindings: [([.character("w")], .export(.picture)), ([.character("W")], .export(.state))],
                 help: "write picture (.svg .txt) / state", label: nil, shortLabel: nil, keep: 0),
        KeyEntry(bindings: [([.character("m")], .sceneMenu)],
                 help: "scene menu", label: "scenes", shortLabel: "scenes", keep: 2, scope: .solo),
        KeyEntry(bindings: [([.character("?"), .character("h")], .action(.toggleHelp)), ([.escape], .action(.closeOverlay))],
                 help: "help on / off (Esc closes it)", label: "help", shortLabel: "help", keep: .max, lineCaption: "?"),
        KeyEntry(bindings: [([.character("q")], .quit)],
                 help: "quit (Ctrl-C too)", label: "quit", shortLabel: "quit", keep: .max),
        KeyEntry(bindings: [([.up, .character("k")], .menu(.up)), ([.down, .character("j"), .character("\t")], .menu(.down))],
                 help: "menu: choose a scene", label: "choose", shortLabel: nil, keep: .max, scope: .menu),
        KeyEntry(bindings: [([.enter, .right, .character(" ")], .menu(.open))],
                 help: "menu: open the scene", label: "opens", shortLabel: nil, keep: .max, scope: .menu),
        KeyEntry(bindings: [([.escape, .character("m")], .menu(.close))],
                 help: "menu: back to the lab", label: "back", shortLabel: nil, keep: .max, scope: .menu),
        KeyEntry(bindings: [([.character("q")], .quit)],
                 help: "quit", label: "quits", shortLabel: nil, keep: .max, scope: .menu),
    ]

    /// The keys a lesson adds (they come before the lab's: n and p mean next and previous cue there);
    /// `lessonHelp` words them.
    public static let lessonEntries: [(keys: [KeyPress], command: LessonCommand)] = [
        ([.character("n")], .nextCue),
        ([.character("p")], .previousCue),
        ([.character("l")], .cueList),
        ([.character("y")], .answerYes),
        ([.enter], .lockPick),
    ]

    /// What `key` asks of a lesson, or nil for a key the lab handles.
    public static func lessonCommand(for key: KeyPress) -> LessonCommand? {
        lessonEntries.first { $0.keys.contains(key) }?.command
    }

    /// The keys of a lesson as the help and the key line draw them: the lesson's, then the lab's
    /// (without the data and per-view keys n and p stand for there; only space, ? and q when the
    /// lesson hides the keys).
    public static func lessonHelp(race: Bool, unicode: Bool, keysHidden: Bool) -> [KeyHelp] {
        let lesson = [
            KeyHelp(keys: "n / p", help: "next / previous cue, as it stood", lineKeys: "n", label: "next", shortLabel: nil, keep: .max),
            KeyHelp(keys: "p", help: "", lineKeys: "p", label: "back", shortLabel: nil, keep: 8),
            KeyHelp(keys: "l · y n · Enter", help: "cues · yes/no · pick a runner", lineKeys: "l", label: "cues", shortLabel: nil, keep: 7),
        ]
        let lab = help(race: race, unicode: unicode).filter { help in
            let keys = help.keys.split(separator: " ")
            if keys.contains(where: { $0 == "n" || $0 == "p" || $0 == "m" }) { return false }
            return !keysHidden || help.role == .pause || help.keys.hasPrefix("?") || help.keys.hasPrefix("q")
        }
        return lesson + lab
    }

    private static let map = makeMap(entries.filter { $0.scope != .menu })
    private static let menuMap = makeMap(entries.filter { $0.scope == .menu })

    private static func makeMap(_ entries: [KeyEntry]) -> [KeyPress: KeyCommand] {
        var map: [KeyPress: KeyCommand] = [:]
        for entry in entries {
            for binding in entry.bindings {
                for key in binding.keys {
                    precondition(map[key] == nil, "key \(key) is bound twice in KeyTable")
                    map[key] = binding.command
                }
            }
        }
        return map
    }

    /// What `key` asks for in the lab, or nil for a key the lab does not use.
    public static func command(for key: KeyPress) -> KeyCommand? { map[key] }

    /// What `key` asks for while the scene menu is open, or nil.
    public static func menuCommand(for key: KeyPress) -> KeyCommand? { menuMap[key] }

    /// The keys of the solo lab or of a race as the help and the key line draw them.
    public static func help(race: Bool, unicode: Bool) -> [KeyHelp] {
        entries(race: race).map { entry in
            let role: KeyHelp.Role = entry.bindings.contains { $0.command == .action(.togglePause) } ? .pause
                : entry.bindings.contains { $0.command == .action(.step) } ? .step
                : entry.bindings.contains { $0.command == .action(.stepBack(1)) } ? .stepBack : .other
            return KeyHelp(keys: entry.caption(unicode: unicode), help: entry.help, lineKeys: entry.shortCaption(unicode: unicode),
                           label: entry.label, shortLabel: entry.shortLabel, keep: entry.keep, role: role)
        }
    }

    /// The scene menu's keys for the hint on its frame: `↑↓ choose · Enter opens · Esc back · q quits`.
    public static func menuHints(unicode: Bool) -> [SceneMenu.KeyHint] {
        entries.filter { $0.scope == .menu }.map { entry in
            let keys = entry.bindings.map { $0.keys[0].name(unicode: unicode) }.joined(separator: unicode ? "" : "/")
            return SceneMenu.KeyHint(keys: keys, label: entry.label ?? entry.help)
        }
    }

    /// The entries of the solo lab or of a race.
    public static func entries(race: Bool) -> [KeyEntry] { entries.filter { $0.scope.applies(inRace: race) } }

    /// The key list for `--help`: `space pause / run … · s → one step (pauses first) · …`.
    public static func summary(unicode: Bool = true, race: Bool = false) -> String {
        entries(race: race).map { "\($0.caption(unicode: unicode)) \($0.help)" }.joined(separator: " · ")
    }
}
