/// The optimizer view as plain values: the update rule, the rule with the last step's numbers, and
/// one row per parameter (per tensor for nets).
public struct OptimizerPicture: Sendable {
    /// One parameter (or tensor) and what the optimizer knows of it. For tensors the values are
    /// summaries (norms), named so (`‖θ‖`).
    public struct Row: Sendable, Equatable {
        public var name: String
        /// Column name → value, in `columns` order; a missing column prints blank.
        public var values: [String: Double]

        public init(name: String, values: [String: Double]) {
            self.name = name
            self.values = values
        }
    }

    /// The optimizer's display name, e.g. `Adam`.
    public var optimizer: String
    /// The update rule as a formula, one or more lines.
    public var rule: [String]
    /// The rule with the last step's numbers for the first parameter, when a step was taken.
    public var ruleWithNumbers: [String]
    /// Column names in order: `θ`, `g`, the state by torch's names, `Δθ`, `|Δθ|/|g|`.
    public var columns: [String]
    public var rows: [Row]

    public init(optimizer: String, rule: [String], ruleWithNumbers: [String] = [], columns: [String], rows: [Row]) {
        self.optimizer = optimizer
        self.rule = rule
        self.ruleWithNumbers = ruleWithNumbers
        self.columns = columns
        self.rows = rows
    }
}
