/// The optimizer view as plain values: the update rule, the rule with the last step's numbers for
/// the first parameter, and a table with one row per scalar parameter (for tensors, a row of L2
/// norms and a row of means).
///
/// The numbers are the engine's at full precision; the table and the formula round them only when
/// drawn.
public struct OptimizerPicture: Sendable, Equatable {
    /// A column of the table: `θ`, `g`, a state buffer by torch's name, `m̂`, `v̂`, `Δθ`, `|Δθ|/|g|`.
    public struct Column: Sendable, Equatable {
        public var name: String
        /// A narrow panel keeps the columns of lower rank and drops the others (the order on screen
        /// stays as given).
        public var rank: Int

        public init(name: String, rank: Int) {
            self.name = name
            self.rank = rank
        }
    }

    /// A parameter (or a tensor's norms, or its means) and a value per column; nil prints blank.
    public struct Row: Sendable, Equatable {
        public var name: String
        public var values: [Double?]
        /// A row a short panel drops first (a tensor's means).
        public var isSecondary: Bool

        public init(name: String, values: [Double?], isSecondary: Bool = false) {
            self.name = name
            self.values = values
            self.isSecondary = isSecondary
        }
    }

    /// The numbers of the last update of the first parameter (its first value for a tensor), in the
    /// form the rule shows.
    public struct StepNumbers: Sendable, Equatable {
        /// What the rule subtracts, by optimizer.
        public enum Update: Sendable, Equatable {
            /// `θ ← θ − lr·d` as one fused multiply-add `fma(d, −lr, θ)`: SGD (d = g) and momentum
            /// (d = the momentum buffer after the update).
            case direction(Double)
            /// Nesterov: `θ ← θ − lr·(g + μ·buf)`, both as fused multiply-adds.
            case nesterov(gradient: Double, momentum: Double, buffer: Double)
            /// RMSprop: `θ ← θ − lr·g/(√v + ε)`, with v the square average after the update.
            case rmsprop(gradient: Double, squareAverage: Double, epsilon: Double)
            /// Adam: `θ ← θ − lr·m̂/(√v̂ + ε)`; AdamW first multiplies θ by `1 − lr·λ` (`decay` λ).
            /// torch computes `θ + (−lr/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε)`, a regrouping of the same
            /// numbers that can differ from this form in the last bit.
            case adam(mHat: Double, vHat: Double, epsilon: Double, decay: Double?)
        }

        /// `a`, or the first value of a tensor, e.g. `0.weight[0,0]`.
        public var parameter: String
        public var before: Double
        public var learningRate: Double
        public var update: Update
        /// θ after the update, as the engine computed it.
        public var after: Double

        public init(parameter: String, before: Double, learningRate: Double, update: Update, after: Double) {
            self.parameter = parameter
            self.before = before
            self.learningRate = learningRate
            self.update = update
            self.after = after
        }
    }

    /// The optimizer's display name, e.g. `Adam`.
    public var optimizer: String
    /// Updates taken by this optimizer (torch's `step`, the t of Adam's bias corrections); nil before one.
    public var step: Int?
    /// The update rule, one formula per line.
    public var rule: [String]
    /// The last step's numbers; nil before a step of this optimizer.
    public var lastStep: StepNumbers?
    public var columns: [Column]
    public var rows: [Row]
    /// What the rows of tensors hold, e.g. `tensors: ‖·‖ L2 norm, then mean`; nil for scalars.
    public var note: String?
    /// Where the loss is quadratic and a classical bound exists for this optimizer: the largest
    /// stable learning rate and where it comes from.
    public var stability: String?

    public init(optimizer: String, step: Int? = nil, rule: [String], lastStep: StepNumbers? = nil,
                columns: [Column], rows: [Row], note: String? = nil) {
        self.optimizer = optimizer
        self.step = step
        self.rule = rule
        self.lastStep = lastStep
        self.columns = columns
        self.rows = rows
        self.note = note
    }
}
