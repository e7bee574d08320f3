import ArgumentParser
import Foundation
import Lab
import LabApp
import Plot
import Terminal

/// The options `scene` and `race` share: how long and from where to train, the lab's first view
/// and glyphs, the headless log, the snapshot and the rewind memory (`@OptionGroup`).
struct LabOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Run exactly N optimizer steps (the scene's stop rules are then ignored).", valueName: "n"))
    var steps: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed for data noise and random initial parameters.", valueName: "s"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Which generator the seed drives: tinylab (its own, the scenes' default) or torch (seed S gives what torch.manual_seed(S) gives the notebook in float64: randn, rand, nn.Linear's initial weights).",
                               valueName: "name"))
    var generator: GeneratorKind?

    @Option(name: .customLong("init"), help: ArgumentHelp("Starting values of named scalar parameters, e.g. a=0.1,b=-2.", valueName: "name=value,..."))
    var initialValues: InitialValues?

    @Option(help: "The main panel's first view, and the one --snapshot prints: fit, landscape, optimizer, graph or neurons (a net's first layer over the plane). Default: the scene's view, or fit.")
    var view: LabView?

    @Flag(help: "Open the lab paused at step 0 (space runs, s steps); r keeps it paused.")
    var paused = false

    @Flag(help: "Projector mode: no key line, a caption bar, curves of half blocks instead of braille dots, bold colours, whole-cell data markers (also for --snapshot).")
    var present = false

    @Option(help: ArgumentHelp("Record the lab as an asciicast v2 file (asciinema play reads it), with real timings.", valueName: "file.cast"))
    var record: String?

    @Flag(help: "Train without the lab and print the log (the default when stdout is not a terminal).")
    var headless = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Log every K steps (headless).", valueName: "k"))
    var every: Int = 100

    @Option(help: "Headless log format: text (like the notebooks: \"99 259.98\"; a race starts each line with the optimizer), jsonl or csv.")
    var format: LogFormat = .text

    @Flag(help: "Glyphs: braille and box lines (--unicode) or ASCII only (--ascii). Default: Unicode in a UTF-8 locale, ASCII under a locale set to anything else (LANG=C) and on TERM=linux or vt100.")
    var glyphs: GlyphFlag?

    @Option(help: ArgumentHelp("After the run, print the lab's frame at this size as plain text (e.g. 100x30); no terminal needed.", valueName: "colsxrows"))
    var snapshot: SnapshotSize?

    @Option(name: .customLong("snapshot-format"),
            help: ArgumentHelp("What --snapshot prints: text (the frame's characters) or svg (a picture in the lab's colours on white, for slides).",
                               valueName: "text|svg"))
    var snapshotFormat: SnapshotFormat?

    @Option(name: .customLong("rewind-memory"), parsing: .unconditional,
            help: ArgumentHelp("Megabytes the lab may keep for going back in time (b, ←, B; a race shares them between runners); 0 turns rewind off.",
                               valueName: "mb"))
    var rewindMemory: Double = Double(RunOptions.defaultRewindMemory >> 20)

    @Option(help: ArgumentHelp("Fit the scene's model to two columns of this CSV file (a header line, then rows of numbers) instead of the scene's data.",
                               valueName: "file.csv"), completion: .file(extensions: ["csv"]))
    var data: String?

    @Option(help: ArgumentHelp("With --data: the input and the target column, by their header names (default: x,y).", valueName: "x,y"))
    var columns: DataColumns?

    func validate() throws {
        if columns != nil, data == nil {
            throw ValidationError("--columns names the columns of --data; give the file too, e.g. --data my.csv --columns height,weight")
        }
        if !(rewindMemory.isFinite && rewindMemory >= 0 && rewindMemory <= 1_048_576) {
            throw ValidationError("--rewind-memory must be a number of megabytes from 0 to 1048576, e.g. --rewind-memory 64")
        }
        if let snapshotFormat, snapshot == nil {
            throw ValidationError("--snapshot-format says what --snapshot prints; give the size too, "
                                  + "e.g. --snapshot 100x30 --snapshot-format \(snapshotFormat.rawValue)")
        }
        if record != nil, headless || snapshot != nil {
            throw ValidationError("--record records the lab in a terminal; without one (--headless, --snapshot) there is nothing to record")
        }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
        if every < 1 { throw ValidationError("--every must be at least 1") }
        if let snapshot, snapshot.columns < LabLayout.minimumWidth || snapshot.rows < LabLayout.minimumHeight {
            let minimum = "\(LabLayout.minimumWidth)x\(LabLayout.minimumHeight)"
            throw ValidationError("--snapshot \(snapshot.columns)x\(snapshot.rows) is smaller than the lab's minimum of \(minimum); "
                                  + "give at least --snapshot \(minimum)")
        }
        if let name = initialValues?.repeated {
            throw ValidationError("--init gives '\(name.escapingControlCharacters())' more than once; give each parameter one starting value")
        }
    }

    /// `scene` fitted to the `--data` file, if one is given (a bad file: its message and exit 65).
    func applyingData(to scene: Lab.Scene) throws -> Lab.Scene {
        guard let data else { return scene }
        let names = columns ?? DataColumns(x: "x", y: "y")
        do {
            return try scene.withData(csv: data, x: names.x, y: names.y)
        } catch {
            printError(error.description)
            throw ExitCode(65)
        }
    }

    /// Whether the run only prints its log: no lab, no snapshot.
    var logOnly: Bool { snapshot == nil && (headless || isatty(STDOUT_FILENO) == 0) }

    /// Whether the run opens the interactive lab.
    /// The view the lab opens in: `--view`, else the scene's own, else fit. `--view neurons` of a
    /// scene it cannot draw is a command-line error (exit 64) that says why.
    func firstView(for session: Session) throws -> LabView {
        if view == .neurons, let reason = session.neuronsUnavailableReason {
            printError("tinylab: --view neurons: scene '\(session.scene.name)': \(reason)")
            throw ExitCode(64)
        }
        return view ?? session.scene.view ?? .fit
    }

    var opensLab: Bool { !headless && snapshot == nil && isatty(STDOUT_FILENO) != 0 }

    /// The rewind memory in bytes: none for a run that only logs (nothing can go back there).
    var rewindBytes: Int { logOnly ? 0 : Int(rewindMemory * 1_048_576) }

    var glyphChoice: GlyphChoice { glyphs?.choice ?? .automatic }

    /// Whether a log line is due at `step` (t = 0, every K steps and the last step), K = `every`.
    /// Static, so that a run's loop reads the option once (an option's getter is not free).
    static func logs(step: Int, isLast: Bool, every: Int) -> Bool {
        step == 0 || step % every == every - 1 || isLast
    }
}

/// `--columns height,weight`: the input and target columns of a `--data` file.
struct DataColumns: ExpressibleByArgument {
    var x: String
    var y: String

    init(x: String, y: String) {
        self.x = x
        self.y = y
    }

    init?(argument: String) {
        let names = argument.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count == 2, names.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(x: names[0], y: names[1])
    }
}
