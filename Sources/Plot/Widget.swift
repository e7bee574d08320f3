/// Something that draws itself into a rectangle of a frame, touching no cell outside it.
public protocol Widget {
    func render(into frame: inout Frame, area: Rect, options: RenderOptions)
}
