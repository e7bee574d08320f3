/// The landscape view as plain values: the loss over a 2-D slice through parameter space (or, for a
/// model of one scalar parameter, the loss as a curve of it), the optimizer's recent path, the
/// current point and, where it exists, the optimum.
public struct LandscapePicture: Sendable {
    /// Axis names: parameter names (`a`, `b`), or `direction 1`/`direction 2` for random directions.
    public var xName: String
    public var yName: String
    /// Grid coordinates along each axis; `values[j][i]` is the loss at (`xs[i]`, `ys[j]`).
    public var xs: [Double]
    public var ys: [Double]
    public var values: [[Double]]
    /// For one-parameter models: the loss as a curve of the parameter (then the grid is empty).
    public var curve: XYPoints?
    /// The optimizer's recent positions in the slice's coordinates, oldest first.
    public var path: XYPoints
    public var point: DataPoint?
    public var optimum: DataPoint?

    public init(xName: String, yName: String, xs: [Double], ys: [Double], values: [[Double]], curve: XYPoints? = nil,
                path: XYPoints = .empty, point: DataPoint? = nil, optimum: DataPoint? = nil) {
        self.xName = xName
        self.yName = yName
        self.xs = xs
        self.ys = ys
        self.values = values
        self.curve = curve
        self.path = path
        self.point = point
        self.optimum = optimum
    }
}
