/// The main-panel charts of a race: one chart with a series per runner, each in its own letter
/// and colour, the legend naming the runners.
extension XYChart {
    /// The data beneath every runner's curve; the optimum's curve, where known, faintly behind.
    /// The view is `view`, or one covering the data and the curves.
    public static func raceFit(data: XYPoints, runners: [RaceOverlay.Runner], xName: String = "x", yName: String = "y",
                               view: Viewport? = nil, optimum: XYPoints? = nil, heldOut: XYPoints? = nil) -> XYChart {
        let markers = min(data.xs.count, data.ys.count) <= markerLimit
        var series: [Series] = []
        if let optimum { series.append(Series(name: "", kind: .line, role: .optimum, xs: optimum.xs, ys: optimum.ys)) }
        series.append(Series(name: "", kind: markers ? .markers : .points, role: heldOut == nil ? .data : .trainingData,
                             xs: data.xs, ys: data.ys))
        if let heldOut { series.append(Series(name: "test", kind: .markers, role: .heldOut, xs: heldOut.xs, ys: heldOut.ys)) }
        let curves = runners.map { runner in runner.curve ?? .empty }
        series += runner(series: runners, role: .fit, kind: .line, points: curves)
        let all = XYPoints(xs: curves.flatMap(\.xs), ys: curves.flatMap(\.ys))
        return XYChart(series: series, viewport: view ?? fitView(data: data, curve: all), xName: xName, yName: yName)
    }

    /// The function with every runner's trail (small letters) and current point (capitals).
    public static func raceParabola(curve: XYPoints, runners: [RaceOverlay.Runner], view: Viewport) -> XYChart {
        var series = [Series(name: "", kind: .line, role: .function, xs: curve.xs, ys: curve.ys)]
        series += runner(series: runners, role: .trail, kind: .points, points: runners.map(\.trail), named: false)
        series += runner(series: runners, role: .point, kind: .points,
                         points: runners.map { runner in runner.point.map { XYPoints([$0]) } ?? .empty })
        return XYChart(series: series, viewport: view, xName: "x", yName: "")
    }

    /// Prediction against target, one letter per runner, over the y = x diagonal.
    public static func raceParity(target: [Double], runners: [RaceOverlay.Runner]) -> XYChart {
        let predictions = runners.map { $0.prediction ?? [] }
        let scale = Scale.covering(target, predictions.flatMap { $0 }, padding: 0.05)
        let diagonal = [scale.lower, scale.upper]
        var series = [Series(name: "", kind: .line, role: .reference, xs: diagonal, ys: diagonal)]
        series += runner(series: runners, role: .data, kind: .points,
                         points: predictions.map { XYPoints(xs: target, ys: $0) })
        return XYChart(series: series, viewport: Viewport(x: scale, y: scale), xName: "target", yName: "prediction")
    }

    /// The race chart for a main panel that is an x-y chart; nil for the others.
    public init?(_ panel: MainPanel, race: RaceOverlay, optimum: XYPoints? = nil, heldOut: XYPoints? = nil) {
        switch panel {
        case let .fit(data, _, xLabel, yLabel, view):
            self = .raceFit(data: data, runners: race.runners, xName: xLabel, yName: yLabel, view: view, optimum: optimum, heldOut: heldOut)
        case let .parabola(curve, _, _, _, view):
            let points = race.runners.compactMap(\.point).filter { $0.x.isFinite && $0.y.isFinite }
            self = .raceParabola(curve: curve, runners: race.runners,
                                 view: view ?? Viewport(x: Scale.covering(curve.xs, points.map(\.x)),
                                                        y: Scale.covering(curve.ys, points.map(\.y), padding: 0.06)))
        case let .parity(target, _):
            self = .raceParity(target: target, runners: race.runners)
        case .landscape, .optimizer, .graph, .decisionMap, .neurons:
            return nil
        }
        onTop = race.selected
    }

    private static func runner(series runners: [RaceOverlay.Runner], role: SeriesRole, kind: Series.Kind,
                               points: [XYPoints], named: Bool = true) -> [Series] {
        zip(runners, points).map { runner, points in
            var series = Series(name: named ? runner.name : "", kind: kind, role: role, xs: points.xs, ys: points.ys)
            series.runner = runner.ink
            return series
        }
    }
}
