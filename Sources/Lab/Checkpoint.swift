import Grad

/// The whole training state of a session as it arrived at `step`, before anything a person changed
/// at that step: enough to go on from here and produce exactly the numbers the run produced the
/// first time.
///
/// Gradients and the last prediction are not kept: they are recomputed by replaying at least one
/// step (see `Timeline.checkpoint(before:)`), which halves what a checkpoint of a large net costs.
/// Arrays are shared with the live session until it next writes them (copy on write), so taking a
/// checkpoint is cheap; `bytes` counts them as if copied.
struct Checkpoint {
    let step: Int
    /// Every parameter tensor's values, in the model's order.
    let parameters: [[Double]]
    /// A value: its per-parameter state is copied with it.
    let optimizer: Optimizer
    let learningRates: [OptimizerKind: Double]
    /// The stream the random terms of dynamic-net are drawn from.
    let randomTerms: RandomSource
    let history: LossHistory
    let trail: RecentValues<[Double]>
    let startLoss: Double?
    let stopRulesActive: Bool
    /// Why the run stopped on arrival here, if its stop rule ended it with the step before.
    let doneReason: String?
    /// Where the mini-batches stand (their order's stream, the epoch's order and position).
    var batching: BatchOrder?
    /// What keeping this checkpoint costs, counted generously (see `Checkpoint.bytes(...)`).
    let bytes: Int

    init(step: Int, parameters: [[Double]], optimizer: Optimizer, learningRates: [OptimizerKind: Double],
         randomTerms: RandomSource, history: LossHistory, trail: RecentValues<[Double]>, startLoss: Double?,
         stopRulesActive: Bool, doneReason: String?, batching: BatchOrder? = nil) {
        self.batching = batching
        self.step = step
        self.parameters = parameters
        self.optimizer = optimizer
        self.learningRates = learningRates
        self.randomTerms = randomTerms
        self.history = history
        self.trail = trail
        self.startLoss = startLoss
        self.stopRulesActive = stopRulesActive
        self.doneReason = doneReason
        bytes = Self.bytes(parameterCounts: parameters.map(\.count), optimizer: optimizer.kind,
                           historyCapacity: history.capacity, trailCapacity: trail.capacity,
                           trailWidth: parameters.count)
    }

    /// Heap bytes a checkpoint holds: the parameters' values, the optimizer's per-parameter arrays
    /// (one for momentum, Nesterov and RMSprop, two for Adam and AdamW, counted whether or not a
    /// step has filled them), the loss history's buckets and the trail at full capacity, plus each
    /// array's header.
    static func bytes(parameterCounts: [Int], optimizer kind: OptimizerKind, historyCapacity: Int,
                      trailCapacity: Int, trailWidth: Int) -> Int {
        let arrayHeader = 32
        let stateArrays: Int
        switch kind {
        case .sgd: stateArrays = 0
        case .momentum, .nesterov, .rmsprop: stateArrays = 1
        case .adam, .adamw: stateArrays = 2
        }
        let values = parameterCounts.reduce(0) { $0 + arrayHeader + $1 * 8 } * (1 + stateArrays)
        let history = arrayHeader + historyCapacity * MemoryLayout<LossHistory.Bucket>.stride
        let trail = arrayHeader + trailCapacity * (8 + arrayHeader + trailWidth * 8)
        let fixed = 512
        return values + history + trail + fixed
    }
}
