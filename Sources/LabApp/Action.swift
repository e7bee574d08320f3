import Lab

/// Everything a person can ask of a running session. Keys map to actions through `KeyTable`;
/// tests send actions directly.
public enum Action: Equatable, Sendable {
    case togglePause
    /// One optimizer step; pauses a running session first.
    case step
    /// Multiplies the current optimizer's learning rate.
    case scaleLearningRate(Double)
    /// Switches to the next optimizer, keeping the parameters and starting its state fresh.
    case nextOptimizer
    /// Switches to the previous optimizer, keeping the parameters and starting its state fresh.
    case previousOptimizer
    /// Back to the same start: same seed, same data, same initial parameters, same optimizer and
    /// learning rate; running or paused as before.
    case reset
    /// Back to the same start with the scene's own optimizer, learning rates and speed.
    case resetToDefaults
    case faster
    case slower
    case toggleHelp
    /// Closes what is open over the lab (the help); on the main view it does nothing.
    case closeOverlay
    /// Shows one of the main panel's views.
    case showView(LabView)
    /// Shows the next view.
    case nextView
    /// The landscape's next pair of parameters (or of random directions, for nets).
    case nextParameterPair
    /// Scrolls the graph view by this many rows (negative: up).
    case scroll(Int)
    /// Goes back this many steps (after a divergence, counting from the last finite state), as far
    /// as the rewind memory reaches; going forward again repeats the same numbers.
    case stepBack(Int)
    /// Momentum's β one notch up (`up`) or down the ladder 0, 0.5, 0.9, 0.99, for the selected
    /// runner, keeping its momentum buffer.
    case stepMomentum(up: Bool)
    /// Doubles (`up`) or halves every runner's mini-batch size (scenes with `batch_size`).
    case scaleBatchSize(up: Bool)
    /// `g`: opens the prompt for a step number to go to.
    case askForStep
    /// Goes to this step: back through the rewind memory, or forward by training at top speed,
    /// pausing there.
    case goToStep(Int)
    /// `'`: bookmarks the current step (the next number, 1 to 9).
    case setBookmark
    /// `` ` ``: opens the prompt for a bookmark's digit.
    case askForBookmark
    /// In a race: selects the next runner (whose learning rate the rate keys then change).
    case selectNextRunner
    /// In a race: drops the selected runner.
    case dropSelectedRunner
    /// Draws the data again from the next seed and starts the run again from step 0 (the
    /// Playground's "regenerate"); the optimizer and its rate stay.
    case newData
    /// A generated data set's noise one notch up (`up`) or down the ladder 0, 0.05, 0.1, …, 0.5,
    /// starting the run again from step 0 on data drawn from the same seed.
    case stepNoise(up: Bool)
}

/// A key as the lab reads it, independent of the terminal library.
public enum KeyPress: Hashable, Sendable {
    case character(Character)
    case left, right, up, down, escape, enter, backspace, pageUp, pageDown

    /// How the help names the key: `space`, `→`, `Esc`, `q`.
    public func name(unicode: Bool) -> String {
        switch self {
        case .character(" "): "space"
        case .character("\t"): "tab"
        case .character(let character): String(character)
        case .left: unicode ? "←" : "left"
        case .right: unicode ? "→" : "right"
        case .up: unicode ? "↑" : "up"
        case .down: unicode ? "↓" : "down"
        case .escape: "Esc"
        case .enter: "Enter"
        case .backspace: "Backspace"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        }
    }
}

extension Action {
    /// The action bound to `key` in the lab's key table, or `nil` (quit and menu keys are not
    /// session actions: the front end acts on them).
    public init?(key: KeyPress) {
        guard case .action(let action) = KeyTable.command(for: key) else { return nil }
        self = action
    }

    /// Whether `key` ends the lab: q (Ctrl-C and the quit signals end it too, outside the key
    /// table). Esc never quits: it only closes what is open.
    public static func isQuit(_ key: KeyPress) -> Bool {
        KeyTable.command(for: key) == .quit
    }
}
