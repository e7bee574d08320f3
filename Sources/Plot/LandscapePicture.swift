/// The landscape view as plain values: the loss over a 2-D slice through parameter space (or, for a
/// model of one scalar parameter, the loss as a curve of it), the optimizer's recent path, the
/// current point and, where it exists, the optimum.
public struct LandscapePicture: Sendable {
    /// Axis names: parameter names (`a`, `b`), or `direction 1`/`direction 2` for random directions.
    /// For a curve, `xName` names the parameter and `yName` is `loss`.
    public var xName: String
    public var yName: String
    /// Grid coordinates along each axis, evenly spaced, the first and last the window's edges;
    /// `values[j][i]` is the loss at (`xs[i]`, `ys[j]`).
    public var xs: [Double]
    public var ys: [Double]
    public var values: [[Double]]
    /// For one-parameter models: the loss as a curve of the parameter (then the grid is empty).
    public var curve: XYPoints?
    /// The window of the curve; without one, it covers the curve.
    public var curveView: Viewport?
    /// A race: every runner's path and current point in this slice's coordinates, drawn in the
    /// runner's letter and colour instead of `path` and `point`.
    public var runners: [RunnerPath] = []
    /// The selected runner, drawn on top where the runners' paths overlap (`Canvas.overlay`).
    public var onTop: RunnerInk?

    /// One race runner's marks on the landscape.
    public struct RunnerPath: Sendable {
        public var ink: RunnerInk
        public var path: XYPoints
        public var point: DataPoint?

        public init(ink: RunnerInk, path: XYPoints, point: DataPoint?) {
            self.ink = ink
            self.path = path
            self.point = point
        }
    }
    /// The optimizer's recent positions in the slice's coordinates (for a curve: parameter and
    /// loss), oldest first.
    public var path: XYPoints
    public var point: DataPoint?
    public var optimum: DataPoint?
    /// A few words on what the slice is, shown in the header when there is room (`c=0.1 d=-0.09`).
    public var note: String

    public init(xName: String, yName: String, xs: [Double], ys: [Double], values: [[Double]], curve: XYPoints? = nil,
                curveView: Viewport? = nil, path: XYPoints = .empty, point: DataPoint? = nil,
                optimum: DataPoint? = nil, note: String = "") {
        self.xName = xName
        self.yName = yName
        self.xs = xs
        self.ys = ys
        self.values = values
        self.curve = curve
        self.curveView = curveView
        self.path = path
        self.point = point
        self.optimum = optimum
        self.note = note
    }
}
