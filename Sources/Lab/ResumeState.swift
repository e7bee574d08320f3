import Grad

/// Where a run written by the lab's `W` key stood (`[resume]` in its scene file): what, beside the
/// scene's own keys (the parameters' current values under `[parameters]`, the current optimizer
/// and batch size under `[training]`), a `Session` needs so that the next steps are, bit for bit,
/// the steps the written run would have taken next.
public struct ResumeState: Equatable, Sendable {
    /// One parameter's optimizer state, by torch.optim's names (`momentum_buffer`; `square_avg`;
    /// `exp_avg`, `exp_avg_sq`), flattened row by row.
    public struct ParameterState: Equatable, Sendable {
        /// Updates this optimizer made to the parameter (torch's `step`; nil for momentum and
        /// Nesterov, whose state has none).
        public var step: Int?
        public var buffers: [String: [Double]]

        public init(step: Int?, buffers: [String: [Double]]) {
            self.step = step
            self.buffers = buffers
        }
    }

    /// Optimizer steps taken (`step`): the next step's index, which schedules and the stop rule count.
    public var step: Int
    /// The rate each optimizer uses now (`[resume.learning_rate]`); `[training.learning_rate]`
    /// keeps the rates a schedule starts from.
    public var learningRates: [OptimizerKind: Double]
    /// Momentum's β when it is not torch's 0.9 (`momentum`).
    public var momentum: Double?
    /// The step-0 loss the blow-up rule measures from (`start_loss`).
    public var startLoss: Double?
    /// Mini-batches: epochs begun (`epoch`) and rows of the last epoch's order taken (`batch_position`).
    public var epoch: Int
    public var batchPosition: Int
    /// The random terms' stream (`random_state`: xoshiro256**'s four words in hex).
    public var randomState: [UInt64]?
    /// The run was let go on past its stop rule (`trains_past_stop_rule = true`).
    public var trainsPastStopRule: Bool
    /// `[resume.state."NAME"]`: each updated parameter's optimizer state; a parameter without one
    /// starts fresh.
    public var optimizerState: [String: ParameterState]

    public init(step: Int, learningRates: [OptimizerKind: Double] = [:], momentum: Double? = nil, startLoss: Double? = nil,
                epoch: Int = 0, batchPosition: Int = 0, randomState: [UInt64]? = nil, trainsPastStopRule: Bool = false,
                optimizerState: [String: ParameterState] = [:]) {
        self.step = step
        self.learningRates = learningRates
        self.momentum = momentum
        self.startLoss = startLoss
        self.epoch = epoch
        self.batchPosition = batchPosition
        self.randomState = randomState
        self.trainsPastStopRule = trainsPastStopRule
        self.optimizerState = optimizerState
    }

    /// The buffers each optimizer keeps, by torch.optim's names, and whether its state has `step`.
    public static func stateKeys(of kind: OptimizerKind) -> (buffers: [String], hasStep: Bool) {
        switch kind {
        case .sgd: ([], false)
        case .momentum, .nesterov: (["momentum_buffer"], false)
        case .rmsprop: (["square_avg"], true)
        case .adam, .adamw: (["exp_avg", "exp_avg_sq"], true)
        }
    }
}
