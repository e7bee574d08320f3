/// The scene picker as plain values: the scenes in teaching order, which one is highlighted, and a
/// line to show under the list (the highlighted scene's first description line, or a problem).
public struct SceneMenu: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var title: String
        /// The first line of the scene's description.
        public var summary: String

        public init(name: String, title: String, summary: String) {
            self.name = name
            self.title = title
            self.summary = summary
        }
    }

    /// A key of the menu and what it does, for the hint on its frame: `Enter` `opens`.
    public struct KeyHint: Equatable, Sendable {
        public var keys: String
        public var label: String

        public init(keys: String, label: String) {
            self.keys = keys
            self.label = label
        }
    }

    public var entries: [Entry]
    /// The menu's keys, in the glyphs of the frame.
    public var keys: [KeyHint]
    public var selected: Int
    /// Shown instead of the summary, e.g. why a scene could not be opened.
    public var problem: String?

    public init(entries: [Entry], keys: [KeyHint], selected: Int = 0, problem: String? = nil) {
        self.entries = entries
        self.keys = keys
        self.selected = entries.isEmpty ? 0 : min(max(0, selected), entries.count - 1)
        self.problem = problem
    }

    public mutating func moveUp() {
        guard !entries.isEmpty else { return }
        selected = (selected + entries.count - 1) % entries.count
        problem = nil
    }

    public mutating func moveDown() {
        guard !entries.isEmpty else { return }
        selected = (selected + 1) % entries.count
        problem = nil
    }

    public var selectedEntry: Entry? { entries.isEmpty ? nil : entries[selected] }
}
