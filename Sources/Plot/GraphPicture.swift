/// The graph view as plain values: the last step's autograd graph as an indented text tree, root
/// (the loss) first, and the first row to show.
public struct GraphPicture: Sendable {
    /// One node: its depth in the tree, its name as PyTorch names it (`MseLossBackward0`,
    /// `AccumulateGrad`, or a data leaf such as `x`), and its summaries.
    public struct Line: Sendable, Equatable {
        public var depth: Int
        public var name: String
        /// `[2000]`, `[]` for a scalar.
        public var shape: String
        public var value: String
        public var gradient: String

        public init(depth: Int, name: String, shape: String, value: String, gradient: String) {
            self.depth = depth
            self.name = name
            self.shape = shape
            self.value = value
            self.gradient = gradient
        }
    }

    public var lines: [Line]
    public var scroll: Int
    /// Shown when there is no graph yet (before the first step).
    public var note: String?

    public init(lines: [Line], scroll: Int = 0, note: String? = nil) {
        self.lines = lines
        self.scroll = scroll
        self.note = note
    }
}
