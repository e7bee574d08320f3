/// A classifier's view of the plane: which class the model gives each point of a window and how
/// sure it is, sampled on a grid, with the data over it (`MainPanel.decisionMap`).
public struct DecisionMapPicture: Sendable {
    /// One data point: where it is, its class (0, 1, …) and whether it was held out from training.
    public struct Point: Hashable, Sendable {
        public var x: Double
        public var y: Double
        public var label: Int
        public var heldOut: Bool

        public init(x: Double, y: Double, label: Int, heldOut: Bool = false) {
            self.x = x
            self.y = y
            self.label = label
            self.heldOut = heldOut
        }
    }

    public var viewport: Viewport
    /// Samples across (x) and up (y). Sample (i, j) is at the centre of the i-th of `columns`
    /// equal parts of the x range and the j-th of `rows` parts of the y range, j = 0 at the bottom;
    /// the arrays below hold them row by row from the bottom.
    public var columns: Int
    public var rows: Int
    public var classes: Int
    /// The most probable class at each sample.
    public var winners: [UInt8]
    /// That class's probability.
    public var confidence: [Double]
    public var points: [Point]
    public var xName: String
    public var yName: String

    public init(viewport: Viewport, columns: Int, rows: Int, classes: Int, winners: [UInt8], confidence: [Double],
                points: [Point], xName: String = "x1", yName: String = "x2") {
        self.viewport = viewport
        self.columns = columns
        self.rows = rows
        self.classes = classes
        self.winners = winners
        self.confidence = confidence
        self.points = points
        self.xName = xName
        self.yName = yName
    }

    /// The sample nearest to (x, y), clamped to the grid: its index into `winners`.
    func sample(x: Double, y: Double) -> Int {
        let i = Int(((x - viewport.x.lower) / (viewport.x.upper - viewport.x.lower) * Double(columns)).rounded(.down))
        let j = Int(((y - viewport.y.lower) / (viewport.y.upper - viewport.y.lower) * Double(rows)).rounded(.down))
        return min(max(j, 0), rows - 1) * columns + min(max(i, 0), columns - 1)
    }
}
