/// Draws a `OptimizerPicture`.
struct OptimizerTable: Widget {
    var picture: OptimizerPicture

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        frame.put("OptimizerTable", x: area.x, y: area.y, style: .plain, clip: area)
    }
}
