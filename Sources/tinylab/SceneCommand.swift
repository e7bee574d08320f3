import ArgumentParser
import Foundation
import Grad
import Lab
import LabApp
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

    @Argument(help: ArgumentHelp("A built-in scene name or a path to a scene file.", valueName: "scene"),
              completion: SceneCompletion.kind)
    var scene: String

    @Option(help: "The optimizer (momentum and nesterov are SGD with momentum 0.9).")
    var optimizer: OptimizerKind?

    @Option(name: .customLong("lr"), parsing: .unconditional, help: ArgumentHelp("Learning rate for the chosen optimizer.", valueName: "x"))
    var learningRate: Double?

    @OptionGroup var lab: LabOptions

    @Flag(help: "With --format jsonl: add the optimizer's state to each line, by torch.optim's names (momentum_buffer, square_avg, exp_avg, exp_avg_sq, step).")
    var state = false

    func validate() throws {
        if let learningRate, !(learningRate.isFinite && learningRate > 0) {
            throw ValidationError("--lr must be a positive number, e.g. --lr 1e-3")
        }
        if state, lab.format != .jsonl {
            throw ValidationError("--state needs --format jsonl (the state is written into each JSON line)")
        }
    }

    func run() throws {
        let scene = try lab.applyingData(to: SceneArgument.load(scene))
        let session: Session
        do {
            session = try Session(scene: scene, options: RunOptions(
                seed: lab.seed, optimizer: optimizer, learningRate: learningRate, steps: lab.steps,
                initialValues: lab.initialValues?.values ?? [:], startsPaused: lab.paused,
                rewindMemory: lab.rewindBytes, generator: lab.generator))
        } catch {
            printError("tinylab: \(error)")
            throw ExitCode(64)
        }
        let view = try lab.firstView(for: session)
        let recorder = try LabFrontEnd.recorder(lab.record, title: "tinylab scene \(self.scene)", opensLab: lab.opensLab)
        if lab.opensLab {
            try LabFrontEnd(glyphs: lab.glyphChoice, present: lab.present, recorder: recorder)
                .run(LabModel(solo: session, view: view, menuOptions: RunOptions(startsPaused: lab.paused)))
        } else {
            try HeadlessRun(options: lab, view: view, isRace: false, includesState: state).run(Race(solo: session))
        }
    }
}
