/// Where a session stands.
public enum RunState: Equatable, Sendable {
    case running
    case paused
    /// The loss, a gradient or a parameter stopped being a finite number; the session pauses.
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
    /// The step (0-based iteration) at which the non-finite value appeared.
    public let step: Int
    /// `loss`, `gradient of b`, `parameter 0.weight`, …
    public let quantity: String
    public let value: Double
    public let learningRate: Double

    /// One sentence: what happened and where.
    public var summary: String {
        "\(quantity) became \(value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf")) at step \(step)"
    }
}
