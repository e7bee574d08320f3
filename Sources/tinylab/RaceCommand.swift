import ArgumentParser
import Foundation
import Grad
import Lab
import LabApp

/// `tinylab race NAME|PATH`: several optimizers descend the same scene from the same start, in
/// lockstep: in the lab (every runner on one picture, the standings below), or headless (the
/// runners' log lines interleaved, then a summary table).
struct RaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "race",
        abstract: "Race several optimizers on one scene from the same start, in lockstep, and compare them.",
        discussion: """
        Every runner starts from the same seed, data and initial parameters and uses its own \
        learning rate: --lr's, else one at which its optimizer shows what it is known for. Where \
        the loss is an exact quadratic, SGD, momentum and Nesterov each run at a quarter of their \
        own stable rate (the same margin for each: in a narrow valley momentum wins by far, in a \
        round bowl SGD does), and Adam, AdamW and RMSprop, whose steps are about lr in every \
        parameter, at the largest distance from the start to the optimum over 100 steps (or a \
        quarter of max_steps if fewer). Otherwise SGD, momentum and Nesterov run at the scene's \
        SGD rate and the adaptive methods at the scene's own. R goes back to these rates. The runners step \
        in lockstep; one that diverges stops (✕) and the others go on. Each runner's log lines are \
        exactly those of `tinylab scene NAME --optimizer O --lr LR` with the same options, \
        interleaved step by step (text lines start with the optimizer; JSON lines carry \
        "optimizer"). A summary table follows: optimizer, learning rate, final loss, the steps it \
        took to come within 1% of the best loss of the race, and ✕ for a runner that diverged.

        In the lab every runner's curve and loss is drawn in its own colour and letter, and the \
        standings replace the status line. Keys act on every runner, except: \
        \(KeyTable.entries(race: true).filter { $0.scope == .race }.map { "\($0.caption(unicode: true)) \($0.help)" }.joined(separator: "; ")); \
        +/- and ]/[ change the selected runner's learning rate; b/B step every runner back together. \
        All keys: \(KeyTable.summary(race: true)).

        Exit status: 0 when at least one runner finished, 1 when every runner diverged, 64 bad \
        command line, 65 bad scene file.
        """
    )

    @Argument(help: ArgumentHelp("A built-in scene name or a path to a scene file.", valueName: "scene"),
              completion: SceneCompletion.kind)
    var scene: String

    @Option(help: ArgumentHelp("The optimizers that race, in the order they are listed (default: all six).",
                               valueName: "sgd,momentum,..."))
    var optimizers: OptimizerList = OptimizerList(kinds: OptimizerKind.allCases)

    @Option(name: .customLong("lr"), help: ArgumentHelp("Learning rates of some runners, e.g. sgd=1e-6,adam=1e-3 (others use the race's rates, below).",
                                                        valueName: "optimizer=x,..."))
    var learningRates: RateList?

    @OptionGroup var lab: LabOptions

    func validate() throws {
        var seen = Set<OptimizerKind>()
        for kind in optimizers.kinds where !seen.insert(kind).inserted {
            throw ValidationError("--optimizers lists \(kind.rawValue) twice; give each optimizer once")
        }
        for (kind, rate) in learningRates?.rates ?? [:] {
            guard seen.contains(kind) else {
                throw ValidationError("--lr gives a rate for \(kind.rawValue), which is not in the race; add it to --optimizers")
            }
            guard rate.isFinite, rate > 0 else { throw ValidationError("--lr \(kind.rawValue)= must be a positive number, e.g. \(kind.rawValue)=1e-3") }
        }
    }

    func run() throws {
        let scene = try lab.applyingData(to: SceneArgument.load(scene))
        let race: Race
        do {
            race = try Race(scene: scene, optimizers: optimizers.kinds, learningRates: learningRates?.rates ?? [:],
                            options: RunOptions(seed: lab.seed, steps: lab.steps, initialValues: lab.initialValues?.values ?? [:],
                                                startsPaused: lab.paused, rewindMemory: lab.rewindBytes, generator: lab.generator))
        } catch {
            printError("tinylab: \(error)")
            throw ExitCode(64)
        }
        let view = try lab.firstView(for: race.runners[0])
        let recorder = try LabFrontEnd.recorder(lab.record, title: "tinylab race \(self.scene)", opensLab: lab.opensLab)
        if lab.opensLab {
            try LabFrontEnd(glyphs: lab.glyphChoice, present: lab.present, recorder: recorder).run(LabModel(race: race, view: view))
        } else {
            try HeadlessRun(options: lab, view: view, isRace: true).run(race)
        }
    }
}

/// The table after a headless race: one row per runner.
struct RaceSummary {
    let standings: [Race.Standing]
    /// Each runner's loss after all its updates (NaN for a diverged runner).
    let finalLosses: [Double]

    func print(format: LogFormat) {
        let rows = zip(standings, finalLosses)
        switch format {
        case .jsonl:
            for (standing, loss) in rows {
                let reached = standing.stepsToWithinOnePercent.map(String.init) ?? "null"
                StandardOutput.writeLine("{\"summary\":true,\"optimizer\":\(HeadlessLog.jsonString(standing.optimizer.rawValue)),"
                                         + "\"lr\":\(HeadlessLog.json(standing.learningRate)),\"loss\":\(HeadlessLog.json(loss)),"
                                         + "\"steps_to_within_1pct\":\(reached),\"diverged\":\(standing.diverged)}")
            }
        case .csv:
            StandardOutput.writeLine("")
            StandardOutput.writeLine("optimizer,lr,final_loss,steps_to_within_1pct,diverged")
            for (standing, loss) in rows {
                StandardOutput.writeLine([standing.optimizer.rawValue, HeadlessLog.number(standing.learningRate), HeadlessLog.number(loss),
                                          standing.stepsToWithinOnePercent.map(String.init) ?? "", String(standing.diverged)]
                    .joined(separator: ","))
            }
        case .text:
            let header = ["optimizer", "lr", "final loss", "steps to 1% of best", "diverged"]
            let table = rows.map { standing, loss in
                [standing.optimizer.displayName, HeadlessLog.number(standing.learningRate),
                 standing.diverged ? "—" : HeadlessLog.number(loss),
                 standing.stepsToWithinOnePercent.map(String.init) ?? "—", standing.diverged ? "✕" : ""]
            }
            let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max()! }
            StandardOutput.writeLine("")
            for line in [header] + table {
                let cells = line.enumerated().map { column, text in
                    column == 0 || column == line.count - 1 ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[column] - text.count) + text
                }
                StandardOutput.writeLine(cells.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
            }
        }
    }
}

/// `--optimizers sgd,momentum,adam`.
struct OptimizerList: ExpressibleByArgument {
    var kinds: [OptimizerKind]

    init(kinds: [OptimizerKind]) {
        self.kinds = kinds
    }

    init?(argument: String) {
        var kinds: [OptimizerKind] = []
        for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let kind = OptimizerKind(rawValue: item.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
            kinds.append(kind)
        }
        guard !kinds.isEmpty else { return nil }
        self.kinds = kinds
    }

    var defaultValueDescription: String { kinds.map(\.rawValue).joined(separator: ",") }
}

/// `--lr sgd=1e-6,adam=1e-3`.
struct RateList: ExpressibleByArgument {
    var rates: [OptimizerKind: Double] = [:]

    init?(argument: String) {
        for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2,
                  let kind = OptimizerKind(rawValue: parts[0].trimmingCharacters(in: .whitespaces).lowercased()),
                  let rate = Double(parts[1].trimmingCharacters(in: .whitespaces))
            else { return nil }
            rates[kind] = rate
        }
    }

    static var defaultValueDescription: String { "optimizer=x,..." }
}
