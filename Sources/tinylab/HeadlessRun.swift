import ArgumentParser
import Grad
import Lab
import LabApp

/// The one headless driver of `tinylab scene` and `tinylab race`: trains every runner to the end
/// (a solo run is a race of one), printing each runner's log lines as they come, then its final
/// line; a race adds the standings table. With `--snapshot` it prints the lab's frame of the end.
/// A diverged runner gets a message on stderr saying what to try; the exit status is a failure
/// when every runner diverged.
struct HeadlessRun {
    let options: LabOptions
    /// The view `--snapshot` draws.
    let view: LabView
    /// Whether the lines name their runner and a summary table follows (`tinylab race`).
    let isRace: Bool
    /// JSON lines carry the optimizer's state (`--state`).
    var includesState = false

    func run(_ race: Race) throws {
        let printsLog = options.snapshot == nil || options.headless
        let logs = race.runners.map { runner in
            var log = HeadlessLog(format: options.format, session: runner, includesState: includesState)
            if isRace {
                log.textPrefix = runner.optimizerKind.rawValue + " "
                log.finalNamesOptimizer = true
            }
            return log
        }
        let indices = Dictionary(uniqueKeysWithValues: race.runners.enumerated().map { (ObjectIdentifier($1), $0) })
        // A snapshot draws the sampled curves; a log alone computes what it prints at its lines. A
        // race of a mini-batch scene keeps them: its standings read the sampled full training loss.
        var recording = LabModel.recording(for: view)
        if options.snapshot == nil, !(isRace && race.runners.contains { $0.batchSize != nil }) { recording.remove(.curves) }
        for runner in race.runners { runner.recording = recording }
        if printsLog { logs[0].begin() }
        let every = options.every
        race.runToEnd { runner, step, loss, isLast in
            if printsLog, LabOptions.logs(step: step, isLast: isLast, every: every) {
                logs[indices[ObjectIdentifier(runner)]!].step(step, loss: loss)
            }
        }
        var finalLosses: [Double] = []
        for (runner, log) in zip(race.runners, logs) {
            var divergence: Divergence?
            if case .diverged(let d) = runner.state { divergence = d }
            let loss = divergence == nil ? runner.currentLoss() : .nan
            finalLosses.append(loss)
            if printsLog { log.finish(loss: loss, divergence: divergence) }
        }
        if printsLog, isRace { RaceSummary(standings: race.standings, finalLosses: finalLosses).print(format: options.format) }
        if let snapshot = options.snapshot {
            let lab = isRace ? LabModel(race: race, view: view) : LabModel(solo: race.runners[0], view: view)
            print(SnapshotRenderer.render(lab, columns: snapshot.columns, rows: snapshot.rows, ascii: options.glyphs == .ascii,
                                          present: options.present, format: options.snapshotFormat ?? .text), terminator: "")
        }
        for runner in race.runners {
            guard case .diverged(let divergence) = runner.state else { continue }
            printError(isRace ? Self.raceAdvice(divergence, runner.optimizerKind) : Self.advice(divergence, runner.optimizerKind))
        }
        if race.allDiverged { throw ExitCode.failure }
    }

    /// What a diverged solo run says: the rate to try, and the scene's limit when one stopped it.
    static func advice(_ divergence: Divergence, _ kind: OptimizerKind) -> String {
        let smaller = HeadlessLog.number(divergence.learningRate / 10)
        var hint = ""
        switch divergence.cause {
        case .notFinite: break
        case .lossBlewUp: hint = " (or, if such growth is intended, raise diverge_when_loss_grows_by in the scene's [training])"
        case .parameterBeyond: hint = " (or, if such values are intended, raise diverge_when_parameter_beyond in the scene's [training])"
        }
        return "tinylab: diverged: \(divergence.summary) with \(kind.displayName) at lr "
            + "\(HeadlessLog.number(divergence.learningRate)); try a smaller learning rate, e.g. --lr \(smaller)\(hint)"
    }

    /// What a diverged runner of a race says.
    static func raceAdvice(_ divergence: Divergence, _ kind: OptimizerKind) -> String {
        "tinylab: \(kind.rawValue) diverged: \(divergence.summary) at lr \(HeadlessLog.number(divergence.learningRate)); "
            + "try a smaller learning rate, e.g. --lr \(kind.rawValue)=\(HeadlessLog.number(divergence.learningRate / 10))"
    }
}
