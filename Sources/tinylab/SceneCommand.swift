import ArgumentParser
import Foundation
import Grad
import Lab

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

        Keys in the lab: space pause/resume · s or → one step · + / - learning rate ×2 / ÷2 ·         ] / [ ×10 / ÷10 · o next optimizer · r reset · > / < faster / slower · ? help · q or Esc quit.

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

    @Flag(help: "Train without the lab and print the log (the default when stdout is not a terminal).")
    var headless = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Log every K steps (headless).", valueName: "k"))
    var every: Int = 100

    @Option(help: "Headless log format: text (like the notebooks: \"99 259.98\"), jsonl or csv.")
    var format: LogFormat = .text

    @Option(help: ArgumentHelp("After the run, print the lab's frame at this size as plain text (e.g. 100x30); no terminal needed.", valueName: "colsxrows"))
    var snapshot: SnapshotSize?

    func validate() throws {
        if let learningRate, !(learningRate.isFinite && learningRate > 0) {
            throw ValidationError("--lr must be a positive number, e.g. --lr 1e-3")
        }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
        if every < 1 { throw ValidationError("--every must be at least 1") }
        if let name = initialValues?.repeated {
            throw ValidationError("--init gives '\(name.escapingControlCharacters())' more than once; give each parameter one starting value")
        }
    }

    func run() throws {
        let scene = try loadScene()
        let session: Session
        do {
            session = try Session(scene: scene, options: RunOptions(
                seed: seed, optimizer: optimizer, learningRate: learningRate, steps: steps,
                initialValues: initialValues?.values ?? [:]))
        } catch {
            printError("tinylab: \(error)")
            throw ExitCode(64)
        }
        if headless || snapshot != nil || isatty(STDOUT_FILENO) == 0 {
            try runHeadless(session)
        } else {
            try runInteractive(session)
        }
    }

    private func loadScene() throws -> Lab.Scene {
        do {
            if SceneLibrary.isPath(scene) {
                guard FileManager.default.fileExists(atPath: scene) else {
                    printError("tinylab: \(scene): no such scene file; `tinylab list` shows the built-in scenes")
                    throw ExitCode(64)
                }
                return try SceneLoader.load(contentsOf: URL(fileURLWithPath: scene), displayName: scene)
            }
            guard SceneLibrary.folder != nil else {
                printError("tinylab: the built-in scenes were not found next to the binary (tinylab_Lab.resources or "
                           + "../share/tinylab/Scenes); set TINYLAB_SCENES to a folder of scene files, or give a path to a .toml file")
                throw ExitCode.failure
            }
            guard SceneLibrary.names.contains(scene) else {
                let names = SceneLibrary.names
                printError("tinylab: unknown scene '\(scene)'; built-in scenes: \(names.joined(separator: ", "))"
                           + " (or give a path to a .toml file)")
                throw ExitCode(64)
            }
            return try SceneLibrary.scene(named: scene)
        } catch let error as SceneError {
            printError(error.description)
            throw ExitCode(65)
        }
    }

    private func runHeadless(_ session: Session) throws {
        var log = HeadlessLog(format: format, session: session)
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
            print(SnapshotRenderer.render(session, columns: snapshot.columns, rows: snapshot.rows))
        }
        if let divergence {
            let smaller = HeadlessLog.number(divergence.learningRate / 10)
            printError("tinylab: diverged: \(divergence.summary) with \(session.optimizerKind.displayName) at lr "
                       + "\(HeadlessLog.number(divergence.learningRate)); try a smaller learning rate, e.g. --lr \(smaller)")
            throw ExitCode.failure
        }
    }
}
