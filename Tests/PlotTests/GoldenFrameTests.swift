import FrameTesting
import Plot
import TestSupport
import Testing

/// Whole lab frames against the golden files in Frames/.
struct GoldenFrameTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let scene: String
        let width: Int
        let height: Int
        let variant: String

        var options: RenderOptions {
            switch variant {
            case "mono": .mono
            case "ascii": .ascii
            default: .standard
            }
        }

        var picture: LabPicture {
            switch scene {
            case "parabola": Fixtures.parabola()
            case "parity": Fixtures.parity()
            case "diverged": Fixtures.diverged()
            case "help": Fixtures.sinCubic(state: .paused, showHelp: true)
            case "menu": Fixtures.withMenu(Fixtures.sinCubic(state: .paused))
            default: Fixtures.sinCubic()
            }
        }

        var name: String { "\(scene)-\(width)x\(height)-\(variant)" }
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        for size in [(80, 24), (160, 48)] {
            for variant in ["color", "mono", "ascii"] {
                cases.append(Case(scene: "sin-cubic", width: size.0, height: size.1, variant: variant))
                cases.append(Case(scene: "menu", width: size.0, height: size.1, variant: variant))
            }
        }
        for variant in ["color", "mono", "ascii"] {
            cases.append(Case(scene: "parabola", width: 80, height: 24, variant: variant))
        }
        cases += [
            Case(scene: "help", width: 160, height: 48, variant: "mono"),
            Case(scene: "parity", width: 80, height: 24, variant: "color"),
            Case(scene: "diverged", width: 80, height: 24, variant: "color"),
            Case(scene: "diverged", width: 80, height: 24, variant: "ascii"),
            Case(scene: "help", width: 80, height: 24, variant: "color"),
            Case(scene: "help", width: 80, height: 24, variant: "ascii"),
            Case(scene: "sin-cubic", width: 60, height: 16, variant: "color"),
            Case(scene: "sin-cubic", width: 59, height: 16, variant: "color"),
            Case(scene: "sin-cubic", width: 30, height: 8, variant: "ascii"),
        ]
        return cases
    }()

    @Test(.tags(.long), .skippedWhenQuick, arguments: cases)
    func labFrame(_ golden: Case) throws {
        let picture = Fixtures.keyed(golden.picture, unicode: golden.options.unicode)
        let frame = render(picture, width: golden.width, height: golden.height, options: golden.options)
        GoldenFrame.check(frame, named: "lab-" + golden.name)
    }
}
