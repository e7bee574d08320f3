/// Where a session stands.
public enum RunState: Equatable, Sendable {
    case running
    case paused
    /// The loss, a gradient or a parameter stopped being a finite number, or blew up past the
    /// scene's `DivergenceRule`; the session pauses.
    case diverged(Divergence)
    /// The stop rule (or `--steps`) was reached; the reason says which.
    case done(String)

    public var label: String {
        switch self {
        case .running: "running"
        case .paused: "paused"
        case .diverged: "diverged"
        case .done: "done"
        }
    }
}

/// What went wrong when a run diverged, and where.
public struct Divergence: Equatable, Sendable {
    /// The step (0-based iteration) at which the bad value appeared.
    public let step: Int
    /// `loss`, `gradient of b`, `parameter 0.weight`, …
    public let quantity: String
    public let value: Double
    public let learningRate: Double
    public let cause: Cause

    /// Which rule the value broke.
    public enum Cause: Equatable, Sendable {
        /// The value is NaN or ±inf.
        case notFinite
        /// The loss moved from `start` (the loss at step 0) by more than `growth` × max(1, |start|).
        case lossBlewUp(start: Double, growth: Double)
        /// A parameter value's magnitude passed `limit`.
        case parameterBeyond(limit: Double)
    }

    /// One sentence: what happened and where, e.g. `loss became NaN at step 3`,
    /// `loss grew from 8.55 to 1.04e14 at step 4 (blow-up rule: 1e12 × start)`.
    public var summary: String {
        switch cause {
        case .notFinite:
            return "\(quantity) became \(value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf")) at step \(step)"
        case .lossBlewUp(let start, let growth):
            let verb = value > start ? "grew" : "fell"
            let rule = abs(start) > 1 ? "\(Magnitude.short(growth)) × start" : "change beyond \(Magnitude.short(growth))"
            return "\(quantity) \(verb) from \(Magnitude.short(start)) to \(Magnitude.short(value)) at step \(step) (blow-up rule: \(rule))"
        case .parameterBeyond(let limit):
            return "\(quantity) reached \(Magnitude.short(value)) at step \(step) (blow-up rule: beyond \(Magnitude.short(limit)))"
        }
    }
}
