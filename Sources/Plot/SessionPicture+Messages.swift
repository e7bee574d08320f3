import Grad
import Lab

/// The words above the status line: what the last key changed (a `Notice`, while fresh), else why
/// a run stopped and what to do next, in an order that works.
extension SessionPicture {
    static func message(_ session: Session) -> String? {
        let bound = session.stableLearningRate?.bound
        let unstable = bound.map { session.learningRate >= $0 } ?? false
        let warning = bound.map {
            "lr \(rateText(session.learningRate)) is above the stable rate < \(rateText($0)) for \(session.optimizerKind.displayName) here: "
                + "it will blow up; - or [ lowers it"
        }
        if let notice = session.notice {
            let text = text(of: notice, state: session.state)
            guard unstable, let bound, !session.isFinished else { return text }
            return text + " · above the stable rate < \(rateText(bound)): it will blow up"
        }
        switch session.state {
        case .running, .paused:
            return unstable ? warning : nil
        case .diverged(let divergence):
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
        }
    }

    private static func factorText(_ factor: Double) -> String {
        factor >= 1 ? "×" + NumberFormat.significant(factor, digits: 3, keepTrailingZeros: false)
                    : "÷" + NumberFormat.significant(1 / factor, digits: 3, keepTrailingZeros: false)
    }

    private static func rateText(_ rate: Double) -> String {
        NumberFormat.learningRate(rate)
    }
}
