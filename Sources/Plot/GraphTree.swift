/// Draws a `GraphPicture`.
struct GraphTree: Widget {
    var picture: GraphPicture

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        frame.put("GraphTree", x: area.x, y: area.y, style: .plain, clip: area)
    }
}
