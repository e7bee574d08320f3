import Grad

/// Choices made on the command line that override a scene's defaults.
public struct RunOptions: Equatable, Sendable {
    public var seed: UInt64?
    /// The generator of the seeded draws (`--generator`); nil: the scene's.
    public var generator: GeneratorKind?
    public var optimizer: OptimizerKind?
    /// Learning rate for the chosen (or default) optimizer.
    public var learningRate: Double?
    /// Run exactly this many steps; the scene's stop rules are then ignored.
    public var steps: Int?
    /// Starting values of named scalar parameters.
    public var initialValues: [String: Double]
    /// Open paused at step 0 (`--paused`) instead of training at once.
    public var startsPaused: Bool
    /// Bytes the rewind checkpoints may hold (`--rewind-memory`); 0 turns rewind off.
    public var rewindMemory: Int

    /// The rewind memory when none is given: 64 MB.
    public static let defaultRewindMemory = 64 << 20

    public init(seed: UInt64? = nil, optimizer: OptimizerKind? = nil, learningRate: Double? = nil,
                steps: Int? = nil, initialValues: [String: Double] = [:], startsPaused: Bool = false,
                rewindMemory: Int = RunOptions.defaultRewindMemory, generator: GeneratorKind? = nil) {
        self.rewindMemory = rewindMemory
        self.generator = generator
        self.seed = seed
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.steps = steps
        self.initialValues = initialValues
        self.startsPaused = startsPaused
    }
}

/// A problem with the options for a scene (an unknown parameter name in `--init`, say).
public struct RunOptionsError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
