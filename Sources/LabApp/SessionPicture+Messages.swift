import Grad
import Lab
import Plot

/// The words above the status line: what the last key changed (a `Notice`, while fresh), else why
/// a run stopped and what to do next, in an order that works.
extension SessionPicture {
    static func message(_ session: Session, notice: Notice?) -> String? {
        let bound = session.stableLearningRate?.bound
        let unstable = bound.map { session.learningRate >= $0 } ?? false
        let warning = bound.map {
            "lr \(rateText(session.learningRate)) is above the stable rate < \(rateText($0)) for \(session.optimizerKind.displayName) here: "
                + "it will blow up; - or [ lowers it"
        }
        if let notice {
            let text = text(of: notice, state: session.state)
            guard unstable, let bound, !session.isFinished else { return text }
            return text + " · above the stable rate < \(rateText(bound)): it will blow up"
        }
        switch session.state {
        case .running, .paused:
            return unstable ? warning : nil
        case .diverged(let divergence):
            if session.canStepBack, let last = session.lastFiniteStep {
                return "\(divergence.summary):\nb goes back to step \(last); then lower the learning rate with - or [ and go on, or press r to start again"
            }
            return "\(divergence.summary):\nlower the learning rate with - or [, then press r to start again (R: the scene's defaults)"
        case .done(let reason):
            return "done: \(reason) · space trains on past the stop rule · r runs again"
        }
    }

    static func text(of notice: Notice, state: RunState) -> String {
        switch notice {
        case .optimizer(let kind, let rate):
            return "\(kind.displayName) · lr \(rateText(rate)) (its own rate) · fresh state"
        case .learningRate(let rate, let factor):
            var text = "lr \(rateText(rate)) (\(factorText(factor)))"
            if case .diverged = state { text += " · now r to start again from step 0" }
            return text
        case .learningRateLimit(let rate):
            return "lr \(rateText(rate)) cannot go further"
        case .reset(let running):
            return running ? "back to step 0" : "back to step 0 · paused: space runs, s steps"
        case .resetToDefaults(let kind, let rate):
            return "back to step 0 with the scene's defaults: \(kind.displayName) · lr \(rateText(rate))"
        case .rewound(let step):
            return "back at step \(step) · s and space go forward again (the same numbers); a new lr or optimizer starts a new future"
        case .rewindLimit(let oldest):
            return oldest == 0 ? "step 0 is the start: there is nothing before it"
                               : "step \(oldest) is as far back as the rewind memory reaches (--rewind-memory)"
        case .rewoundAsFarAsPossible(let step):
            return (step == 0 ? "back at step 0, the start" : "back at step \(step), as far back as the rewind memory reaches (--rewind-memory)")
                + " · s and space go forward again (the same numbers)"
        case .keyDoesNothing(let key):
            return "\(key.name(unicode: true)) does nothing here · ? for keys"
        case .runnerSelected(let kind):
            return "\(kind.displayName) selected · +/- and ]/[ change its learning rate, x drops it"
        case .newData(let seed, let noise):
            return "new data: seed \(seed)" + (noise.map { " · noise \(NumberFormat.significant($0, digits: 2, keepTrailingZeros: false))" } ?? "")
                + " · back to step 0"
        case .noiseLimit(let noise):
            return noise.map { "noise \(NumberFormat.significant($0, digits: 2, keepTrailingZeros: false)) cannot go further (0 to 0.5)" }
                ?? "z/Z change a generated data set's noise; this scene's data is not one"
        case .dataFixed:
            return "n, z and Z draw new data for one run with data, not in a race"
        case .lesson(let text):
            return text
        case .exported(.wrote(let files)):
            return exportedText(files)
        case .exported(.failed(let file, let reason)):
            return "cannot write \(file): \(reason)"
        case .runnerDropped(let kind):
            return "\(kind.displayName) left the race"
        case .lastRunner(let kind):
            return "\(kind.displayName) is the last runner; it stays"
        case .momentum(let from, let to):
            return "β \(betaText(from)) → \(betaText(to)) · the momentum buffer stays"
        case .momentumLimit(let beta):
            return "β \(betaText(beta)) is the end of 0 · 0.5 · 0.9 · 0.99"
        case .momentumNotApplicable(let kind):
            return "β applies to momentum and Nesterov, not \(kind.displayName) · o switches optimizer"
        case .optimizerFixedInRace:
            return "in a race each runner keeps its optimizer · tab selects a runner, x drops it"
        case .batchSize(let size):
            return "batch size \(size) from the next step · the epoch goes on in its order"
        case .batchSizeLimit(let size):
            return "batch size \(size) cannot go further (1 row, or every row)"
        case .noMiniBatches:
            return "this scene trains on every row each step · batch_size in [training] makes mini-batches"
        case .arrived(let step):
            return "at step \(step) · paused: space runs, s steps"
        case .goingTo(let step):
            return "going to step \(step) at top speed · Esc stops"
        case .stoppedShort(let goal, let step):
            guard let goal else { return "stopped at step \(step) · paused: space runs, s steps" }
            return "stopped at step \(step), short of \(goal): the run \(state.label == "diverged" ? "diverged" : "ended") (space trains on past a stop rule)"
        case .cannotGoForward(let target, let step):
            return "cannot train on to step \(target): every run has stopped at step \(step) · r runs again"
        case .bookmarkSet(let number, let step):
            return "bookmark \(number) at step \(step) · ` then \(number) comes back here"
        case .bookmarkExists(let number, let step):
            return "step \(step) is bookmark \(number) already"
        case .bookmarksFull(let limit):
            return "all \(limit) bookmarks are set · ` then a digit goes to one"
        case .noBookmarks:
            return "no bookmarks yet · ' bookmarks the current step"
        case .noSuchBookmark(let number, let count):
            return number == 0 || count == 0 ? "bookmarks are 1 to \(max(count, 1))" : "no bookmark \(number): bookmarks are 1 to \(count)"
        }
    }

    /// `wrote sin-cubic-step153.svg and .txt`; `wrote parabola-step153.toml · tinylab scene
    /// parabola-step153.toml opens it`.
    static func exportedText(_ files: [String]) -> String {
        guard let first = files.first else { return "wrote nothing" }
        if first.hasSuffix(".toml") { return "wrote \(first) · tinylab scene \(LabModel.shellWord(first)) opens it" }
        let stem = first.lastIndex(of: ".").map { String(first[..<$0]) } ?? first
        let rest = files.dropFirst().map { $0.hasPrefix(stem + ".") ? String($0.dropFirst(stem.count)) : $0 }
        return "wrote \(first)" + (rest.isEmpty ? "" : " and " + rest.joined(separator: " and "))
    }

    private static func factorText(_ factor: Double) -> String {
        factor >= 1 ? "×" + NumberFormat.significant(factor, digits: 3, keepTrailingZeros: false)
                    : "÷" + NumberFormat.significant(1 / factor, digits: 3, keepTrailingZeros: false)
    }

    private static func rateText(_ rate: Double) -> String {
        NumberFormat.learningRate(rate)
    }
}

/// β as the lab writes it: `0`, `0.5`, `0.9`, `0.99`.
func betaText(_ beta: Double) -> String {
    beta == 0 ? "0" : "\(beta)"
}
