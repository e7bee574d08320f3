import Foundation
import Lab
import LabApp
import LabFixtures
import Plot
import Testing

/// A real lab frame as the SVG picture `w` and `--snapshot-format svg` write, against the golden
/// file in Frames/ (TINYLAB_UPDATE_GOLDENS=1 rewrites it; look at it in a browser before keeping it).
struct GoldenSVGTests {
    @Test func parabolaAfterNineStepsAt60x16InColour() throws {
        var lab = LabModel(solo: try Fixtures.session("parabola", RunOptions(startsPaused: true)))
        for _ in 0..<9 {
            lab.apply(.step)
            _ = lab.frame(width: 60, height: 16, options: .standard)
        }
        let frame = lab.frame(width: 60, height: 16, options: .standard)
        GoldenFrame.frames.compare(text: FrameSVG.document(frame), file: "parabola-run-60x16.svg")
    }
}
