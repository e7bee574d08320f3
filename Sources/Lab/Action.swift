/// Everything a person can ask of a running session. Keys map to actions; tests send actions directly.
public enum Action: Equatable, Sendable {
    case togglePause
    /// One optimizer step; pauses a running session first.
    case step
    /// Multiplies the current optimizer's learning rate.
    case scaleLearningRate(Double)
    /// Switches to the next optimizer, keeping the parameters and starting its state fresh.
    case nextOptimizer
    /// Back to the same start: same seed, same data, same initial parameters.
    case reset
    case faster
    case slower
    case toggleHelp
    /// Closes what is open over the lab (the help); on the main view it does nothing.
    case closeOverlay
}

/// A key as the lab reads it, independent of the terminal library.
public enum KeyPress: Equatable, Sendable {
    case character(Character)
    case left, right, up, down, escape
}

extension Action {
    /// The action bound to `key` in the lab, or `nil` (quit keys are not actions: the lab ends).
    public init?(key: KeyPress) {
        switch key {
        case .character(" "): self = .togglePause
        case .character("s"), .right: self = .step
        case .character("+"), .character("="): self = .scaleLearningRate(2)
        case .character("-"), .character("_"): self = .scaleLearningRate(0.5)
        case .character("]"): self = .scaleLearningRate(10)
        case .character("["): self = .scaleLearningRate(0.1)
        case .character("o"): self = .nextOptimizer
        case .character("r"): self = .reset
        case .character(">"), .character("."), .up: self = .faster
        case .character("<"), .character(","), .down: self = .slower
        case .character("?"), .character("h"): self = .toggleHelp
        case .escape: self = .closeOverlay
        default: return nil
        }
    }

    /// Whether `key` ends the lab: q (Ctrl-C and the quit signals end it too, outside the key
    /// map). Esc never quits: it only closes what is open.
    public static func isQuit(_ key: KeyPress) -> Bool {
        key == .character("q")
    }
}
