/// The graph view as plain values: the last step's autograd graph as a tree, root (the loss) first,
/// one line per use of a tensor, and the first line to show.
///
/// The graph is a DAG (a tensor read twice has two parents): a tensor is shown in full, with its
/// inputs below it, at its first line; its other uses are one-line references to it.
public struct GraphPicture: Sendable {
    /// A number shown for a node: a scalar's value, a tensor's norm, or none (data get no gradient).
    public enum Quantity: Sendable, Equatable {
        case scalar(Double)
        case norm(Double)
        case none
    }

    public enum Role: Sendable, Equatable {
        /// The result of an operation; `name` is its backward function (`AddBackward0`).
        case operation
        /// A leaf that requires grad; `name` is `AccumulateGrad`, `label` the parameter (`a`, `0.weight`).
        case parameter
        /// A leaf that does not: `label` names the data (`x`, `x^2`, `y`).
        case data
        /// A further use of a node shown in full on an earlier line.
        case reference
    }

    public struct Line: Sendable, Equatable {
        /// 0 for the root; one more than the line it is an input of.
        public var depth: Int
        /// The line this one is an input of (`nil` for the root).
        public var parent: Int?
        /// Whether this is the last input of its parent (drawn `└─` rather than `├─`).
        public var isLast: Bool
        public var role: Role
        public var name: String
        public var label: String?
        /// `[2000]`, `[]` for a scalar; empty for references.
        public var shape: String
        public var value: Quantity
        public var gradient: Quantity

        public init(depth: Int, parent: Int?, isLast: Bool, role: Role, name: String, label: String? = nil,
                    shape: String = "", value: Quantity = .none, gradient: Quantity = .none) {
            self.depth = depth
            self.parent = parent
            self.isLast = isLast
            self.role = role
            self.name = name
            self.label = label
            self.shape = shape
            self.value = value
            self.gradient = gradient
        }
    }

    public var lines: [Line]
    /// The first line to show; the tree clamps it so the last page stays full.
    public var scroll: Int
    /// Shown instead of a tree when there is none (before the first step).
    public var note: String?

    public init(lines: [Line], scroll: Int = 0, note: String? = nil) {
        self.lines = lines
        self.scroll = scroll
        self.note = note
    }
}
