/// Everything the lab screen shows at one moment, as plain values. The app fills it from its
/// training session; `render(_:width:height:options:)` turns it into a frame.
public struct LabPicture: Sendable {
    /// Scene name and what it fits, e.g. `sin-cubic · fit sin(x) with a + bx + cx² + dx³`.
    public var title: String
    public var main: MainPanel
    /// Loss per step (index = step), or per `lossStride` steps for long runs. Non-finite values
    /// mark a divergence.
    public var loss: [Double]
    public var lossStride: Int
    public var bestLoss: Double?
    public var status: LabStatus
    /// Shows the key help over the picture.
    public var showHelp: Bool
    /// The scene's description, shown in the help.
    public var description: String
    /// The scene picker, drawn over everything when open.
    public var menu: SceneMenu?
    /// Where the loss is an exact quadratic of the parameters: the optimum's curve (drawn faintly
    /// behind the fit) and its loss L* (a faint line on the loss panel).
    public var optimumCurve: XYPoints?
    public var optimumLoss: Double?
    /// Steps at which a rewound run took a new course (a changed rate or optimizer), marked on the
    /// loss panel.
    public var branchSteps: [Int] = []
    /// Labelled steps of the loss panel (bookmarks).
    public var lossMarks: [LossChart.Mark] = []
    /// The points held out from training (`test_fraction`), drawn hollow on the fit.
    public var heldOut: XYPoints?
    /// With mini-batches, the full training loss (the loss panel's smooth curve; `loss` holds
    /// each step's batch loss).
    public var fullLoss: LossChart.Curve?
    /// A scheduled rate's course, faint on the loss panel.
    public var rateCourse: (steps: [Int], values: [Double])?
    /// The loss curve of the run before the last reset, faint on the loss panel.
    public var ghostLoss: LossChart.Ghost?
    /// The loss on the held-out points, as the loss panel's second curve.
    public var testLoss: LossChart.Curve?
    /// The lab's keys, for the key line and the help, in the frame's glyphs.
    public var keys: [KeyHelp] = []
    /// A race: every runner on the main and loss panels and the standings in place of the status
    /// line (the rest of the picture is the selected runner's).
    public var race: RaceOverlay?
    /// A lesson's caption, in a bar above the status line.
    public var caption: Caption?
    /// A box of text over the lab (a lesson's cue list, its score table).
    public var textBox: TextBox?

    public init(title: String, main: MainPanel, loss: [Double], lossStride: Int = 1, bestLoss: Double? = nil,
                status: LabStatus, showHelp: Bool = false, description: String = "") {
        self.description = description
        self.title = title
        self.main = main
        self.loss = loss
        self.lossStride = lossStride
        self.bestLoss = bestLoss
        self.status = status
        self.showHelp = showHelp
    }
}

/// A lesson's caption bar: where the lesson is (`cue 3/7`), the cue's text, and a task line.
public struct Caption: Equatable, Sendable {
    public var heading: String
    public var text: String
    /// The open exercise's task or verdict, emphasised under the text.
    public var task: String?

    public init(heading: String, text: String, task: String? = nil) {
        self.heading = heading
        self.text = text
        self.task = task
    }
}

/// A titled box of lines drawn over the lab; `marked` is the row to highlight.
public struct TextBox: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    public var marked: Int?
    public var hint: String

    public init(title: String, lines: [String], marked: Int? = nil, hint: String = "") {
        self.title = title
        self.lines = lines
        self.marked = marked
        self.hint = hint
    }
}

/// What the main (left) panel shows.
public enum MainPanel: Sendable {
    /// The data scatter with the model's curve over it; the curve is sampled by the caller.
    /// `view` is the window shown; without one it covers the data and as much of the curve as
    /// lies within a data height of it (`XYChart.fitView`). A curve that leaves the view is clipped.
    case fit(data: XYPoints, curve: XYPoints, xLabel: String = "x", yLabel: String = "y", view: Viewport? = nil)
    /// Minimizing one function of one variable: the function `curve`, the current `point`, the
    /// points of earlier steps (`trail`), and the tangent at the point, whose `slope` is the gradient.
    /// `view` is the window shown; without one it covers the curve and the point.
    case parabola(curve: XYPoints, point: DataPoint, trail: XYPoints, slope: Double, view: Viewport? = nil)
    /// Target against prediction for models without a 1-D input; it collapses onto y = x as the
    /// model learns.
    case parity(target: [Double], prediction: [Double])
    /// The loss landscape around the current parameters.
    case landscape(LandscapePicture)
    /// The optimizer's state per parameter and its update rule.
    case optimizer(OptimizerPicture)
    /// The last step's autograd graph.
    case graph(GraphPicture)
    /// A classifier of points in the plane: its classes over the plane, the boundary, the data.
    case decisionMap(DecisionMapPicture)
    /// The first layer of a net over the plane, a map a neuron.
    case neurons(NeuronsPicture)
}

/// Points as two parallel arrays (extra values of the longer one are ignored).
public struct XYPoints: Hashable, Sendable {
    public var xs: [Double]
    public var ys: [Double]

    public init(xs: [Double], ys: [Double]) {
        self.xs = xs
        self.ys = ys
    }

    public init(_ points: [DataPoint]) {
        xs = points.map(\.x)
        ys = points.map(\.y)
    }

    public static let empty = XYPoints(xs: [], ys: [])
}

/// The status line: what the run is doing and with which settings.
public struct LabStatus: Sendable {
    /// Whether the run is stepping, waiting, blown up or finished.
    public enum State: Sendable, CaseIterable {
        case running, paused, diverged, done
    }

    /// A named scalar parameter with its current value and, when known, its gradient.
    public struct Parameter: Hashable, Sendable {
        public var name: String
        public var value: Double
        public var grad: Double?

        public init(name: String, value: Double, grad: Double? = nil) {
            self.name = name
            self.value = value
            self.grad = grad
        }
    }

    public var state: State
    public var step: Int
    /// The loss at the current parameters (after the last update): the number the loss panel's
    /// header and a headless run's final line show for the same state.
    public var loss: Double
    /// Shown as plain decimals from 1e-4 to 1e4 (`0.32`, `0.0001`), scientifically outside (`1e-6`).
    public var learningRate: Double
    /// Display name: `SGD`, `Momentum`, `Nesterov`, `RMSprop`, `Adam`, `AdamW`.
    public var optimizer: String
    /// Shown in order, as many as fit.
    public var parameters: [Parameter]
    /// Measured training speed, shown at the right end when there is room.
    public var stepsPerSecond: Double?
    /// The speed the person chose with > and <, e.g. `200/s` or `max`.
    public var speedSetting: String?
    /// A line above the status, e.g. why the run diverged and what to try. A `\n` marks where it
    /// splits into two lines when it does not fit on one (read as a space when it does).
    public var message: String?
    /// The largest stable learning rate for the current optimizer, where one is known
    /// (`lr 1e-6 · stable < 3.56e-6`).
    public var stableLearningRate: Double?
    /// The loss minus the optimum's loss L*, where the optimum is known.
    public var gapToOptimum: Double?
    /// The loss on the held-out points, when the scene holds some out (`test 0.31` after the loss).
    public var testLoss: Double?
    /// The share of training (and held-out) points classified right, for classification scenes
    /// (`acc 97.5%` after the losses, `/ 95.0%` for the held-out points).
    public var accuracy: (train: Double, test: Double?)?
    /// Mini-batches: rows per batch and the epoch of the last step's batch (`batch 20 · epoch 3`).
    public var batch: (size: Int, epoch: Int)?
    /// How many steps `b` can still go back (rewind), when it can go back at all.
    public var stepsBack: Int?

    public init(state: State, step: Int, loss: Double, learningRate: Double, optimizer: String,
                parameters: [Parameter] = [], stepsPerSecond: Double? = nil, speedSetting: String? = nil,
                message: String? = nil) {
        self.state = state
        self.step = step
        self.loss = loss
        self.learningRate = learningRate
        self.optimizer = optimizer
        self.parameters = parameters
        self.stepsPerSecond = stepsPerSecond
        self.speedSetting = speedSetting
        self.message = message
    }
}
