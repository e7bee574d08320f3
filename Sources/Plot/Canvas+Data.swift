/// Drawing in data coordinates: values go through a `Viewport` onto the dot grid, with y up.
extension Canvas {
    /// One dot (or glyph) per point, points outside the viewport or not finite skipped.
    /// O(points) with no allocation: this is how 2,000,000 points are binned into the dot grid.
    public mutating func scatter(xs: [Double], ys: [Double], in viewport: Viewport, ink: Ink) {
        let count = min(xs.count, ys.count)
        guard count > 0, dotWidth > 0, dotHeight > 0, let id = slot(for: ink) else { return }
        let glyph = glyphSlot(for: ink, dx: 0, dy: 0)
        let width = Double(dotWidth), height = Double(dotHeight)
        let xScale = viewport.x, yScale = viewport.y
        let xFactor = (width - 1) / (xScale.upper - xScale.lower), xLower = xScale.lower
        let yFactor = (height - 1) / (yScale.upper - yScale.lower), yLower = yScale.lower
        let top = dotHeight - 1
        let linear = xScale.isLinear && yScale.isLinear
        withRaster { raster in
            xs.withUnsafeBufferPointer { xs in
                ys.withUnsafeBufferPointer { ys in
                    for i in 0..<count {
                        let px: Double, py: Double
                        if linear {
                            px = (xs[i] - xLower) * xFactor
                            py = (ys[i] - yLower) * yFactor
                        } else {
                            px = xScale.fraction(xs[i]) * (width - 1)
                            py = yScale.fraction(ys[i]) * (height - 1)
                        }
                        // Written so that NaN fails the test too. In range p + 0.5 > 0, so truncating it
                        // rounds to nearest, halves up, without the libm call `rounded()` costs here.
                        guard px > -0.5, px < width - 0.5, py > -0.5, py < height - 0.5 else { continue }
                        raster.plot(x: Int(px + 0.5), y: top &- Int(py + 0.5), owner: id, glyph: glyph)
                    }
                }
            }
        }
    }

    /// Segments joining consecutive points, clipped to the viewport; a non-finite point breaks the line.
    public mutating func polyline(xs: [Double], ys: [Double], in viewport: Viewport, ink: Ink) {
        let count = min(xs.count, ys.count)
        guard count > 0 else { return }
        if count == 1 {
            scatter(xs: xs, ys: ys, in: viewport, ink: ink)
            return
        }
        let sx = Double(dotWidth - 1), sy = Double(dotHeight - 1)
        var previous = (viewport.x.fraction(xs[0]) * sx, viewport.y.fraction(ys[0]) * sy)
        for i in 1..<count {
            let next = (viewport.x.fraction(xs[i]) * sx, viewport.y.fraction(ys[i]) * sy)
            line(previous.0, previous.1, next.0, next.1, ink: ink, yUp: true)
            previous = next
        }
    }

    /// The segment from `start` to `end`, clipped to the viewport.
    public mutating func line(from start: DataPoint, to end: DataPoint, in viewport: Viewport, ink: Ink) {
        let sx = Double(dotWidth - 1), sy = Double(dotHeight - 1)
        line(viewport.x.fraction(start.x) * sx, viewport.y.fraction(start.y) * sy,
             viewport.x.fraction(end.x) * sx, viewport.y.fraction(end.y) * sy, ink: ink, yUp: true)
    }

    /// The dot column of `x` (unclipped, may lie outside the canvas).
    public func dotColumn(_ x: Double, in viewport: Viewport) -> Int? {
        let p = (viewport.x.fraction(x) * Double(dotWidth - 1)).rounded()
        return p.isFinite && abs(p) < 1e9 ? Int(p) : nil
    }

    /// The dot row of `y`, counted from the top (unclipped, may lie outside the canvas).
    public func dotRow(_ y: Double, in viewport: Viewport) -> Int? {
        let p = (viewport.y.fraction(y) * Double(dotHeight - 1)).rounded()
        return p.isFinite && abs(p) < 1e9 ? dotHeight - 1 - Int(p) : nil
    }
}
