/// The three main-panel charts of the lab, built from `MainPanel` values.
extension XYChart {
    /// Data scatter plus the fitted curve. The view covers the data (y padded by 6 %), so a wild
    /// early curve is clipped instead of squashing the data.
    public static func fit(data: XYPoints, curve: XYPoints, xName: String = "x", yName: String = "y") -> XYChart {
        let x = Scale.covering(data.xs, curve.xs)
        let y = data.ys.contains(where: \.isFinite)
            ? Scale.covering(data.ys, padding: 0.06)
            : Scale.covering(curve.ys, padding: 0.06)
        return XYChart(
            series: [
                Series(name: "data", kind: .points, role: .data, xs: data.xs, ys: data.ys),
                Series(name: "fit", kind: .line, role: .fit, xs: curve.xs, ys: curve.ys),
            ],
            viewport: Viewport(x: x, y: y), xName: xName, yName: yName)
    }

    /// The function, its tangent at the current point (y = y0 + slope·(x − x0), clipped to the
    /// view), the trail of earlier steps and the current point on top.
    public static func parabola(curve: XYPoints, point: DataPoint, trail: XYPoints, slope: Double) -> XYChart {
        let current = point.x.isFinite && point.y.isFinite
        let x = Scale.covering(curve.xs, current ? [point.x] : [])
        let y = Scale.covering(curve.ys, current ? [point.y] : [], padding: 0.06)
        var series = [Series(name: "f(x)", kind: .line, role: .function, xs: curve.xs, ys: curve.ys)]
        if current && slope.isFinite {
            let ends = [x.lower, x.upper]
            series.append(Series(name: "tangent", kind: .line, role: .tangent,
                                 xs: ends, ys: ends.map { point.y + slope * ($0 - point.x) }))
        }
        series.append(Series(name: "steps", kind: .points, role: .trail, xs: trail.xs, ys: trail.ys))
        series.append(Series(name: "now", kind: .points, role: .point, xs: [point.x], ys: [point.y]))
        return XYChart(series: series, viewport: Viewport(x: x, y: y), xName: "x", yName: "")
    }

    /// Prediction against target with the y = x diagonal underneath; both axes share one range.
    public static func parity(target: [Double], prediction: [Double]) -> XYChart {
        let scale = Scale.covering(target, prediction, padding: 0.05)
        let diagonal = [scale.lower, scale.upper]
        return XYChart(
            series: [
                Series(name: "ideal", kind: .line, role: .reference, xs: diagonal, ys: diagonal),
                Series(name: "pairs", kind: .points, role: .data, xs: target, ys: prediction),
            ],
            viewport: Viewport(x: scale, y: scale), xName: "target", yName: "prediction")
    }

    /// The chart for a main panel.
    public init(_ panel: MainPanel) {
        switch panel {
        case let .fit(data, curve, xLabel, yLabel):
            self = .fit(data: data, curve: curve, xName: xLabel, yName: yLabel)
        case let .parabola(curve, point, trail, slope):
            self = .parabola(curve: curve, point: point, trail: trail, slope: slope)
        case let .parity(target, prediction):
            self = .parity(target: target, prediction: prediction)
        }
    }
}
