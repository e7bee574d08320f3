/// Draws a `LandscapePicture`.
struct LandscapeChart: Widget {
    var picture: LandscapePicture

    func render(into frame: inout Frame, area: Rect, options: RenderOptions) {
        frame.put("LandscapeChart", x: area.x, y: area.y, style: .plain, clip: area)
    }
}
