/// Draws whichever view the main panel holds: an x-y chart (fit, parabola, parity), the landscape,
/// the optimizer table or the graph tree.
struct MainPanelWidget: Widget {
    var panel: MainPanel
    /// The optimum's curve, drawn faintly behind a fit.
    var optimum: XYPoints?

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        switch panel {
        case .landscape(let picture):
            LandscapeChart(picture: picture).render(into: &frame, area: area, options: options)
        case .optimizer(let picture):
            OptimizerTable(picture: picture).render(into: &frame, area: area, options: options)
        case .graph(let picture):
            GraphTree(picture: picture).render(into: &frame, area: area, options: options)
        case .fit, .parabola, .parity:
            XYChart(panel, optimum: optimum)?.render(into: &frame, area: area, options: options)
        }
    }
}
