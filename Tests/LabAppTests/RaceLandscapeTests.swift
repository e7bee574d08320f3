import FrameTesting
import Foundation
import Grad
import Lab
@testable import LabApp
import LabFixtures
@testable import Plot
import Testing

/// A race in the landscape view: one slice, every runner's path on it in its own letter.
struct RaceLandscapeTests {
    @Test("every runner's path and point sit in the slice's coordinates (its own a and b), drawn in its letter")
    func everyRunnersPath() throws {
        let race = try LabRaces.race("sin-cubic", options: RunOptions(initialValues: ["a": 0.5, "b": -0.3, "c": 0.2, "d": 0.1]))
        var raceLab = LabModel(race: race, view: .landscape)
        let picture = LabRaces.picture(&raceLab, rounds: 30)
        guard case .landscape(let landscape) = picture.main else {
            Issue.record("not the landscape: \(picture.main)")
            return
        }
        #expect(landscape.xName == "a" && landscape.yName == "b")
        #expect(landscape.runners.count == 3)
        for (runner, drawn) in zip(race.runners, landscape.runners) {
            let values = runner.flatParameterValues
            #expect(drawn.point == DataPoint(x: values[0], y: values[1]))
            #expect(drawn.path.xs == runner.trail.elements.map { $0[0] })
            #expect(drawn.ink == LabPictures.ink(runner.optimizerKind))
        }
        #expect(picture.title.contains("every runner's path"), "\(picture.title)")
        let frame = render(picture, width: 100, height: 30, options: .ascii)
        let plot = frame.lines[1..<22].joined()
        // SGD and Momentum start slowly and may share a cell (the later runner's letter wins there).
        #expect(plot.contains("A") && (plot.contains("S") || plot.contains("M")), "runners' points missing:\n\(frame.text)")
    }

    @Test("a net's slice along random directions is the selected runner's alone, and the title says so")
    func netsShowTheSelectedRunner() throws {
        let race = try LabRaces.race("two-layer-net", [.sgd, .adam])
        var raceLab = LabModel(race: race, view: .landscape)
        race.trainRound()
        let picture = raceLab.picture(unicode: true)
        guard case .landscape(let landscape) = picture.main else { return }
        #expect(landscape.runners.isEmpty)
        #expect(picture.title.contains("the selected runner (tab selects)"), "\(picture.title)")
    }
}
