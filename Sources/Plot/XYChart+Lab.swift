/// The three main-panel charts of the lab, built from `MainPanel` values.
extension XYChart {
    /// Data sets up to this size are drawn as markers, one per point, so that a handful of points
    /// stays visible; larger ones as dots.
    public static let markerLimit = 100

    /// Data plus the fitted curve, the data on top (the curve on top without colour, see
    /// `drawingOrder`): markers for small data sets, dots for large ones. The view is `view`, or `fitView(data:curve:)` without one.
    /// With `optimum`, the optimum's curve is drawn faintly behind the fit.
    /// `heldOut` points (not trained on) are drawn hollow, after the data, under the name `test`;
    /// the data are then named `train`.
    public static func fit(data: XYPoints, curve: XYPoints, xName: String = "x", yName: String = "y",
                           view: Viewport? = nil, optimum: XYPoints? = nil, heldOut: XYPoints? = nil) -> XYChart {
        let markers = min(data.xs.count, data.ys.count) <= markerLimit
        var series = [
            Series(name: "fit", kind: .line, role: .fit, xs: curve.xs, ys: curve.ys),
            Series(name: heldOut == nil ? "data" : "train", kind: markers ? .markers : .points,
                   role: heldOut == nil ? .data : .trainingData, xs: data.xs, ys: data.ys),
        ]
        var legend = [1, 0]
        if let heldOut {
            series.append(Series(name: "test", kind: .markers, role: .heldOut, xs: heldOut.xs, ys: heldOut.ys))
            legend = [1, 2, 0]
        }
        if let optimum {
            series.insert(Series(name: "optimum", kind: .line, role: .optimum, xs: optimum.xs, ys: optimum.ys), at: 0)
            legend = legend.map { $0 + 1 } + [0]
        }
        return XYChart(series: series, viewport: view ?? fitView(data: data, curve: curve), xName: xName, yName: yName,
                       legendOrder: legend)
    }

    /// The window of a fit chart: x over the data and the curve; y over the data (and zero, when
    /// the data sit within `zeroReach` of their height from it: a line at zero beside data at 2…8
    /// shows, as the linear scene's fit at w = 0 does), and the part of the curve within
    /// `curveReach` of that height above or below, padded by 6 %. A wild early curve leaves
    /// through the top or bottom instead of widening the range, so the range fits the data and the
    /// lab's steady range does not keep an early curve's extent for the whole run.
    public static func fitView(data: XYPoints, curve: XYPoints) -> Viewport {
        let x = Scale.covering(data.xs, curve.xs)
        let finite = data.ys.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else {
            return Viewport(x: x, y: Scale.covering(curve.ys, padding: 0.06))
        }
        if low > 0, low <= zeroReach * (high - low) { low = 0 }
        if high < 0, -high <= zeroReach * (high - low) { high = 0 }
        let reach = max((high - low) * curveReach, max(abs(low), abs(high), 1) * 1e-6)
        let near = curve.ys.filter { !$0.isNaN }.map { min(max($0, low - reach), high + reach) }
        return Viewport(x: x, y: Scale.covering([low, high], near, padding: 0.06))
    }

    /// How far beyond the data (a share of their height) the fit view follows the curve.
    public static let curveReach = 0.1
    /// Data this close to zero (a share of their height) get zero into the fit view.
    public static let zeroReach = 0.5

    /// The function, its tangent at the current point (y = y0 + slope·(x − x0), clipped to the
    /// view), the trail of earlier steps and the current point on top. The view is `view`, or
    /// one covering the curve and the point without it.
    public static func parabola(curve: XYPoints, point: DataPoint, trail: XYPoints, slope: Double,
                                view: Viewport? = nil) -> XYChart {
        let current = point.x.isFinite && point.y.isFinite
        let viewport = view ?? Viewport(x: Scale.covering(curve.xs, current ? [point.x] : []),
                                        y: Scale.covering(curve.ys, current ? [point.y] : [], padding: 0.06))
        var series = [Series(name: "f(x)", kind: .line, role: .function, xs: curve.xs, ys: curve.ys)]
        if current && slope.isFinite {
            let ends = [viewport.x.lower, viewport.x.upper]
            series.append(Series(name: "tangent", kind: .line, role: .tangent,
                                 xs: ends, ys: ends.map { point.y + slope * ($0 - point.x) }))
        }
        series.append(Series(name: "steps", kind: .points, role: .trail, xs: trail.xs, ys: trail.ys))
        series.append(Series(name: "now", kind: .points, role: .point, xs: [point.x], ys: [point.y]))
        return XYChart(series: series, viewport: viewport, xName: "x", yName: "")
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

    /// The chart for a main panel that is an x-y chart (fit, parabola, parity); nil for the others.
    /// `optimum` is the optimum's curve for a fit panel.
    public init?(_ panel: MainPanel, optimum: XYPoints? = nil, heldOut: XYPoints? = nil) {
        switch panel {
        case let .fit(data, curve, xLabel, yLabel, view):
            self = .fit(data: data, curve: curve, xName: xLabel, yName: yLabel, view: view, optimum: optimum, heldOut: heldOut)
        case let .parabola(curve, point, trail, slope, view):
            self = .parabola(curve: curve, point: point, trail: trail, slope: slope, view: view)
        case let .parity(target, prediction):
            self = .parity(target: target, prediction: prediction)
        case .landscape, .optimizer, .graph, .decisionMap, .neurons:
            return nil
        }
    }
}
