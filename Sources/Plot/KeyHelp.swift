/// One line of the lab's keys as the help overlay and the key line draw it, in the glyphs of the
/// frame (the app makes these from its key table for Unicode or ASCII).
public struct KeyHelp: Equatable, Sendable {
    /// What the entry does now, which the key line words by state.
    public enum Role: Equatable, Sendable {
        /// Space: pause, run or train on.
        case pause
        /// One step.
        case step
        /// Back a step: on the key line only after a divergence that rewinding can undo, when the
        /// message above recommends it.
        case stepBack
        case other
    }

    /// The help's caption, every key: `+ = / - _`.
    public var keys: String
    /// The help's text, e.g. `learning rate ×2 ÷2 ×10 ÷10`.
    public var help: String
    /// The key line's caption, e.g. `+/-`.
    public var lineKeys: String
    /// The key line's label; nil keeps the entry off the key line.
    public var label: String?
    /// A shorter label for narrow terminals.
    public var shortLabel: String?
    /// Key line entries are dropped in this order (lowest first) when the line is too narrow;
    /// `Int.max` never drops.
    public var keep: Int
    public var role: Role

    public init(keys: String, help: String, lineKeys: String, label: String?, shortLabel: String?, keep: Int,
                role: Role = .other) {
        self.keys = keys
        self.help = help
        self.lineKeys = lineKeys
        self.label = label
        self.shortLabel = shortLabel
        self.keep = keep
        self.role = role
    }
}
