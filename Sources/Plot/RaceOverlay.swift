/// What a race adds to the picture of its selected runner, as plain values: every runner's marks
/// on the main panel and the loss panel, and the standings table that replaces the status line.
public struct RaceOverlay: Sendable {
    /// One runner as the charts draw it.
    public struct Runner: Sendable {
        /// The optimizer's display name, e.g. `Adam`: the legend's entry.
        public var name: String
        public var ink: RunnerInk
        /// The fit view: the runner's model curve.
        public var curve: XYPoints?
        /// The parabola: the runner's current point and the points of its earlier steps.
        public var point: DataPoint?
        public var trail: XYPoints
        /// Models without a 1-D input: the runner's predictions, in the order of the targets.
        public var prediction: [Double]?
        /// Loss per step, or per `lossStride` steps (as `LabPicture.loss`).
        public var loss: [Double]
        public var lossStride: Int

        public init(name: String, ink: RunnerInk, curve: XYPoints? = nil, point: DataPoint? = nil, trail: XYPoints = .empty,
                    prediction: [Double]? = nil, loss: [Double] = [], lossStride: Int = 1) {
            self.name = name
            self.ink = ink
            self.curve = curve
            self.point = point
            self.trail = trail
            self.prediction = prediction
            self.loss = loss
            self.lossStride = lossStride
        }
    }

    /// A row of the standings table (the values of `Race.Standing`, by name).
    public struct Row: Equatable, Sendable {
        public var optimizer: String
        public var learningRate: Double
        /// The loss at the runner's current parameters (nil when unknown).
        public var loss: Double?
        /// Steps the runner took to come within 1% of the best loss of the race so far.
        public var stepsToWithinOnePercent: Int?
        public var diverged: Bool
        public var isSelected: Bool

        public init(optimizer: String, learningRate: Double, loss: Double?, stepsToWithinOnePercent: Int?, diverged: Bool,
                    isSelected: Bool) {
            self.optimizer = optimizer
            self.learningRate = learningRate
            self.loss = loss
            self.stepsToWithinOnePercent = stepsToWithinOnePercent
            self.diverged = diverged
            self.isSelected = isSelected
        }
    }

    /// The runners, in race order.
    public var runners: [Runner]
    /// One row per runner, in the same order.
    public var rows: [Row]

    /// The selected runner's ink (the row marked selected), drawn on top where runners overlap.
    public var selected: RunnerInk? {
        zip(runners, rows).first { $0.1.isSelected }?.0.ink
    }

    public init(runners: [Runner], rows: [Row]) {
        self.runners = runners
        self.rows = rows
    }
}

/// How one runner is marked: its own colour (by `slot`) and its own glyph, an ASCII letter, so
/// runners stay apart without colour and in ASCII. Points and the legend use the capital letter,
/// curves and trails the small one.
public struct RunnerInk: Hashable, Sendable {
    /// Picks the colour; give each optimizer a fixed slot so a runner keeps its colour when another drops out.
    public var slot: Int
    /// A lower-case ASCII letter.
    public var letter: Character

    public init(slot: Int, letter: Character) {
        self.slot = slot
        self.letter = letter
    }

    /// The colours of the slots, in turn: none of them white, gray or yellow (see `Palette`).
    static let colors: [Color] = [.red, .green, .blue, .cyan, .magenta, .default]

    var color: Color { Self.colors[((slot % Self.colors.count) + Self.colors.count) % Self.colors.count] }
    var capital: Character { Character(letter.uppercased()) }
}

extension Palette {
    /// A runner's marks: its small letter (or, with `capital`, its capital, bold) in its colour.
    func ink(_ runner: RunnerInk, capital: Bool = false) -> Ink {
        Ink(style: style(runner.color, bold: capital), mark: .glyph(capital ? runner.capital : runner.letter))
    }
}
