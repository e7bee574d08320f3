import Grad

/// One lesson of the lab as read from a scene file: the data, the model, how it is trained and
/// when it stops. A `Scene` is plain data; a `Session` brings it to life.
public struct Scene: Sendable {
    /// The file's stem (`sin-cubic`), used by `tinylab scene NAME` and shown in the title bar.
    public var name: String
    public var title: String
    /// A paragraph a teacher can read aloud.
    public var description: String
    public var seed: UInt64
    /// Which generator the seed drives (`generator = "torch"` beside `seed`; default tinylab's own).
    public var generator: GeneratorKind = .tinylab
    public var data: DataSpec?
    public var model: ModelSpec
    /// Scalar parameters of formula models, in the order the formula first uses them.
    public var parameters: [ParameterSpec]
    public var loss: LossKind
    public var optimizer: OptimizerKind
    /// A learning rate for every optimizer kind.
    public var learningRates: [OptimizerKind: Double]
    public var stop: StopRule
    /// How fast the lab trains when it opens.
    public var stepsPerSecond: Double
    /// When a run counts as blown up although its numbers are still finite.
    public var divergence = DivergenceRule()
    /// The scene's place in the teaching order (`order = 1`); scenes without one come after, by name.
    public var order: Int?
    /// How the learning rate moves from step to step (`[training.schedule]`); nil keeps it fixed.
    public var schedule: LearningRateSchedule?
    /// Training rows per step (`batch_size`, see `BatchOrder`); nil trains on all of them each step.
    public var batchSize: Int?
    /// `weight_decay` in [training]: every optimizer's weight decay as torch.optim applies it (L2,
    /// `grad + wd·θ`, before the update; AdamW's decoupled shrink); nil keeps torch.optim's defaults
    /// (0, and 0.01 for AdamW).
    public var weightDecay: Double?
    /// `view` at the top of the file: the view the lab opens in (`--view` overrides it).
    public var view: LabView?
    /// `l1` in [training]: the strength λ of an L1 term λ·Σ|p| over every parameter, added to the
    /// training loss (the loss the run logs and draws is then data loss plus the term; the test
    /// loss is the held-out data's loss alone).
    public var l1: Double?
    /// `[resume]`: where a run written by the lab's `W` key stood, to go on from there.
    public var resume: ResumeState?
}

/// Where a block of numbers comes from.
public enum ValueSource: Equatable, Sendable {
    /// `count` evenly spaced values, as `torch.linspace`.
    case linspace(start: Double, end: Double, count: Int)
    case values([Double])
    /// Standard-normal values of the given shape, from the scene's seed.
    case normal(shape: [Int])
    /// Uniform values in [low, high) of the given shape, from the scene's seed.
    case uniform(shape: [Int], low: Double, high: Double)
    /// Columns of a CSV file, read when the scene was loaded.
    case csv(CSVColumns)
    /// The points of a generated classification set (its labels are the target, `Target.labels`).
    case dataset(ClassDataset)

    public var shape: [Int] {
        switch self {
        case .linspace(_, _, let count): [count]
        case .values(let values): [values.count]
        case .normal(let shape), .uniform(let shape, _, _): shape
        case .csv(let table): table.shape
        case .dataset(let set): [set.points, 2]
        }
    }
}

/// The data a model is fitted to.
public struct DataSpec: Equatable, Sendable {
    public var inputs: ValueSource
    public var target: Target
    /// σ of normal noise added to every target value.
    public var noise: Double
    /// The share of the rows held out from training to measure the test loss on (`test_fraction`;
    /// 0: none).
    public var testFraction: Double = 0

    /// What a layered model takes in place of the input columns (`features = ["x1", "x1^2"]`):
    /// formulas of the columns x1, x2, …, one input each; nil takes the columns as they are.
    public var features: [Expression]?

    /// The most `test_fraction` may hold out (the model must keep rows to train on).
    public static let largestTestFraction = 0.9

    public enum Target: Equatable, Sendable {
        /// A formula of `x`, e.g. `sin(x)`.
        case formula(Expression)
        case source(ValueSource)
        /// The class labels of the generated set the inputs come from (shape [N, 1]).
        case labels
    }

    /// The generated classification set, when the data is one.
    public var dataset: ClassDataset? {
        if case .dataset(let set) = inputs { set } else { nil }
    }

    /// The names a formula model reads its inputs by: `x` for one number a point, `x1` … `xk` for
    /// k columns (a data set of the plane, `columns = [...]` of a CSV file).
    public var formulaInputs: [String] {
        let shape = inputs.shape
        guard shape.count == 2 else { return ["x"] }
        return (1...max(shape[1], 1)).map { "x\($0)" }
    }
}

/// The model being trained.
public enum ModelSpec: Equatable, Sendable {
    /// A formula over named scalar parameters and `x`, with optional terms added at random on each
    /// forward pass.
    case formula(Expression, randomTerms: RandomTerms?)
    /// A stack of fully connected layers (`Linear → activation → … → Linear`), sizes from input to output.
    case layers(sizes: [Int], activation: Activation, bias: Bool)

    public enum Activation: String, CaseIterable, Sendable {
        case relu, tanh, sigmoid
        /// No activation between the layers.
        case linear
    }
}

extension ModelSpec {
    /// A layered model's tensors in order, by PyTorch's names (`0.weight`, `0.bias`, `2.weight`…:
    /// each Linear's position in the Sequential, activations between them taking a place) and
    /// shapes (a weight is outputs × inputs); empty for a formula model.
    public var tensorShapes: [(name: String, shape: [Int])] {
        guard case .layers(let sizes, let activation, let bias) = self else { return [] }
        var shapes: [(name: String, shape: [Int])] = []
        for (index, (fanIn, fanOut)) in zip(sizes, sizes.dropFirst()).enumerated() {
            let position = activation == .linear ? index : 2 * index
            shapes.append(("\(position).weight", [fanOut, fanIn]))
            if bias { shapes.append(("\(position).bias", [fanOut])) }
        }
        return shapes
    }
}

/// Terms drawn at random on every forward pass, as in the notebook's DynamicNet: the pass draws n
/// uniformly from 0…orders.count and adds `term` with `k` replaced by each of the first n orders,
/// reusing the same parameters each time (weight sharing).
public struct RandomTerms: Equatable, Sendable {
    public var term: Expression
    public var orders: [Double]
}

/// A named scalar parameter and how it starts.
public struct ParameterSpec: Equatable, Sendable {
    public var name: String
    public var initial: InitialValue

    public enum InitialValue: Equatable, Sendable {
        case value(Double)
        /// Drawn from N(0, 1) with the scene's seed.
        case normal
        /// A layered model's tensor given in full (nested arrays in the file, PyTorch's layout:
        /// a weight is outputs × inputs), flattened row by row.
        case tensor([Double])
    }
}

/// What training minimizes.
public enum LossKind: String, CaseIterable, Sendable {
    /// The model's own (scalar) value: descend the function.
    case minimize
    /// Σ (prediction − target)².
    case sumSquares = "sum_squares"
    /// mean (prediction − target)².
    case meanSquares = "mean_squares"
    /// PyTorch's `binary_cross_entropy_with_logits` (mean): one output, the logit of class 1;
    /// targets 0 or 1.
    case binaryCrossEntropy = "bce_with_logits"
    /// PyTorch's `cross_entropy` (log_softmax, then nll_loss, mean): one output a class; targets
    /// the class numbers 0, 1, ….
    case crossEntropy = "cross_entropy"

    /// Whether the loss compares class scores with class labels (accuracy means something).
    public var classifies: Bool { self == .binaryCrossEntropy || self == .crossEntropy }
}

/// When a run ends on its own. `--steps N` replaces it with exactly N steps.
public struct StopRule: Equatable, Sendable {
    public var maxSteps: Int
    /// Stop once every gradient component is smaller than this in magnitude.
    public var gradientBelow: Double?
    /// Stop once the loss is below this.
    public var lossBelow: Double?

    public init(maxSteps: Int, gradientBelow: Double? = nil, lossBelow: Double? = nil) {
        self.maxSteps = maxSteps
        self.gradientBelow = gradientBelow
        self.lossBelow = lossBelow
    }
}

/// When a run has blown up before any number overflows: its loss moved from the start loss (the
/// loss at step 0, since the last reset) by more than `lossGrowth` × max(1, |start loss|), or a
/// parameter value's magnitude passed `parameterLimit`. Scene files set them in `[training]` as
/// `diverge_when_loss_grows_by` and `diverge_when_parameter_beyond`. A NaN or infinity always
/// diverges.
public struct DivergenceRule: Equatable, Sendable {
    public var lossGrowth: Double
    public var parameterLimit: Double

    public init(lossGrowth: Double = 1e12, parameterLimit: Double = 1e100) {
        self.lossGrowth = lossGrowth
        self.parameterLimit = parameterLimit
    }

    /// Whether `loss` is too far from `start`.
    public func lossBlewUp(_ loss: Double, start: Double) -> Bool {
        abs(loss - start) > lossGrowth * max(1, abs(start))
    }
}
