import ArgumentParser
import Foundation
import Grad
import Lab
import Plot
import Terminal

/// `tinylab scene NAME|PATH`: the interactive lab, or a headless run that prints its log.
struct SceneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scene",
        abstract: "Open a scene in the interactive lab, or train it headless and print the log.",
        discussion: """
        NAME is a built-in scene (see `tinylab list`); PATH is a scene file (.toml). Without a \
        terminal on stdout, or with --headless, the scene trains without the lab and prints a log: \
        step t with the loss of the forward pass at t, before its update (t = 0, every K steps and \
        the last step), then the final loss and parameters.

        Keys in the lab: \(KeyTable.summary()).

        Exit status: 0 success, 64 bad command line, 65 bad scene file, 1 diverged or other failure.
        """
    )

    @Argument(help: ArgumentHelp("A built-in scene name or a path to a scene file.", valueName: "scene"))
    var scene: String

    @Option(help: "The optimizer (momentum and nesterov are SGD with momentum 0.9).")
    var optimizer: OptimizerKind?

    @Option(name: .customLong("lr"), parsing: .unconditional, help: ArgumentHelp("Learning rate for the chosen optimizer.", valueName: "x"))
    var learningRate: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Run exactly N optimizer steps (the scene's stop rules are then ignored).", valueName: "n"))
    var steps: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed for data noise and random initial parameters.", valueName: "s"))
    var seed: UInt64?

    @Option(name: .customLong("init"), help: ArgumentHelp("Starting values of named scalar parameters, e.g. a=0.1,b=-2.", valueName: "name=value,..."))
    var initialValues: InitialValues?

    @Option(help: "The main panel's first view, and the one --snapshot prints: fit, landscape, optimizer or graph.")
    var view: LabView = .fit

    @Flag(help: "Open the lab paused at step 0 (space runs, s steps); r keeps it paused.")
    var paused = false

    @Flag(help: "Train without the lab and print the log (the default when stdout is not a terminal).")
    var headless = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Log every K steps (headless).", valueName: "k"))
    var every: Int = 100

    @Option(help: "Headless log format: text (like the notebooks: \"99 259.98\"), jsonl or csv.")
    var format: LogFormat = .text

    @Flag(help: "With --format jsonl: add the optimizer's state to each line, by torch.optim's names (momentum_buffer, square_avg, exp_avg, exp_avg_sq, step).")
    var state = false

    @Flag(help: "Glyphs: braille and box lines (--unicode) or ASCII only (--ascii). Default: Unicode in a UTF-8 locale, ASCII under a locale set to anything else (LANG=C) and on TERM=linux or vt100.")
    var glyphs: GlyphFlag?

    @Option(help: ArgumentHelp("After the run, print the lab's frame at this size as plain text (e.g. 100x30); no terminal needed.", valueName: "colsxrows"))
    var snapshot: SnapshotSize?

    @Option(name: .customLong("rewind-memory"), parsing: .unconditional,
            help: ArgumentHelp("Megabytes the lab may keep for going back in time (b, ←, B); 0 turns rewind off.", valueName: "mb"))
    var rewindMemory: Double = Double(RunOptions.defaultRewindMemory >> 20)

    func validate() throws {
        if !(rewindMemory.isFinite && rewindMemory >= 0 && rewindMemory <= 1_048_576) {
            throw ValidationError("--rewind-memory must be a number of megabytes from 0 to 1048576, e.g. --rewind-memory 64")
        }
        if let learningRate, !(learningRate.isFinite && learningRate > 0) {
            throw ValidationError("--lr must be a positive number, e.g. --lr 1e-3")
        }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
        if every < 1 { throw ValidationError("--every must be at least 1") }
        if state, format != .jsonl {
            throw ValidationError("--state needs --format jsonl (the state is written into each JSON line)")
        }
        if let snapshot, snapshot.columns < LabLayout.minimumWidth || snapshot.rows < LabLayout.minimumHeight {
            let minimum = "\(LabLayout.minimumWidth)x\(LabLayout.minimumHeight)"
            throw ValidationError("--snapshot \(snapshot.columns)x\(snapshot.rows) is smaller than the lab's minimum of \(minimum); "
                                  + "give at least --snapshot \(minimum)")
        }
        if let name = initialValues?.repeated {
            throw ValidationError("--init gives '\(name.escapingControlCharacters())' more than once; give each parameter one starting value")
        }
    }

    func run() throws {
        let scene = try loadScene()
        let session: Session
        let logOnly = snapshot == nil && (headless || isatty(STDOUT_FILENO) == 0)
        do {
            session = try Session(scene: scene, options: RunOptions(
                seed: seed, optimizer: optimizer, learningRate: learningRate, steps: steps,
                initialValues: initialValues?.values ?? [:], startsPaused: paused, view: view,
                rewindMemory: logOnly ? 0 : Int(rewindMemory * 1_048_576)))
        } catch {
            printError("tinylab: \(error)")
            throw ExitCode(64)
        }
        if headless || snapshot != nil || isatty(STDOUT_FILENO) == 0 {
            try runHeadless(session)
        } else {
            try LabFrontEnd(glyphs: glyphs?.choice ?? .automatic, menuOptions: RunOptions(startsPaused: paused, view: view)).run(session)
        }
    }

    private func loadScene() throws -> Lab.Scene {
        try SceneArgument.load(scene)
    }

    private func runHeadless(_ session: Session) throws {
        let log = HeadlessLog(format: format, session: session, includesState: state)
        let printsLog = snapshot == nil || headless
        if printsLog { log.begin() }
        let every = self.every
        session.runToEnd { step, loss, isLast in
            if printsLog, step == 0 || step % every == every - 1 || isLast {
                log.step(step, loss: loss)
            }
        }
        var divergence: Divergence?
        if case .diverged(let d) = session.state { divergence = d }
        if printsLog { log.finish(loss: divergence == nil ? session.currentLoss() : .nan, divergence: divergence) }
        if let snapshot {
            print(SnapshotRenderer.render(session, columns: snapshot.columns, rows: snapshot.rows, ascii: glyphs == .ascii))
        }
        if let divergence {
            let smaller = HeadlessLog.number(divergence.learningRate / 10)
            var hint = ""
            switch divergence.cause {
            case .notFinite: break
            case .lossBlewUp: hint = " (or, if such growth is intended, raise diverge_when_loss_grows_by in the scene's [training])"
            case .parameterBeyond: hint = " (or, if such values are intended, raise diverge_when_parameter_beyond in the scene's [training])"
            }
            printError("tinylab: diverged: \(divergence.summary) with \(session.optimizerKind.displayName) at lr "
                       + "\(HeadlessLog.number(divergence.learningRate)); try a smaller learning rate, e.g. --lr \(smaller)\(hint)")
            throw ExitCode.failure
        }
    }
}
