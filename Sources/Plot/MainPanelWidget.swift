/// Draws whichever view the main panel holds: an x-y chart (fit, parabola, parity), the landscape,
/// the optimizer table or the graph tree.
struct MainPanelWidget: Widget {
    var panel: MainPanel
    /// The optimum's curve, drawn faintly behind a fit.
    var optimum: XYPoints?
    /// A race: the x-y charts draw every runner (the other views show the selected runner's).
    var race: RaceOverlay?
    /// Points held out from training, drawn hollow on a fit.
    var heldOut: XYPoints?

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        switch panel {
        case .landscape(let picture):
            LandscapeChart(picture: picture).render(into: &frame, area: area, options: options)
        case .optimizer(let picture):
            OptimizerTable(picture: picture).render(into: &frame, area: area, options: options)
        case .graph(let picture):
            GraphTree(picture: picture).render(into: &frame, area: area, options: options)
        case .decisionMap(let picture):
            DecisionMapChart(picture: picture).render(into: &frame, area: area, options: options)
        case .neurons(let picture):
            NeuronsChart(picture: picture).render(into: &frame, area: area, options: options)
        case .fit, .parabola, .parity:
            let chart = race.flatMap { XYChart(panel, race: $0, optimum: optimum, heldOut: heldOut) } ?? XYChart(panel, optimum: optimum, heldOut: heldOut)
            chart?.render(into: &frame, area: area, options: options)
        }
    }
}
