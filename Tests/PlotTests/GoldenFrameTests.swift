import Lab
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
            get throws {
                switch scene {
                case "parabola": Fixtures.parabola()
                case "parabola-run": try Self.run("parabola", steps: 9)
                case "linear-run": try Self.run("linear", steps: 3)
                case "graph-sin-cubic": try Self.run("sin-cubic", steps: 1, RunOptions(view: .graph))
                case "graph-two-layer-net": try Self.run("two-layer-net", steps: 1, RunOptions(view: .graph))
                case "optimizer-adam": try Self.run("sin-cubic", steps: 4, RunOptions(optimizer: .adam, view: .optimizer))
                case "optimizer-net": try Self.run("two-layer-net", steps: 2, RunOptions(view: .optimizer))
                case "landscape-sin-cubic": try Self.run("sin-cubic", steps: 40, RunOptions(initialValues: ["a": 0.5, "b": -0.3, "c": 0.2, "d": 0.1], view: .landscape))
                case "landscape-parabola": try Self.run("parabola", steps: 9, RunOptions(view: .landscape))
                case "race-sin-cubic": try Self.race()
                case "parity": Fixtures.parity()
                case "diverged": Fixtures.diverged()
                case "help": Fixtures.sinCubic(state: .paused, showHelp: true)
                case "menu": Fixtures.withMenu(Fixtures.sinCubic(state: .paused))
                default: Fixtures.sinCubic()
                }
            }
        }

        /// The picture the lab draws of a real session after `steps` steps (as a snapshot would).
        static func run(_ scene: String, steps: Int, _ options: RunOptions = RunOptions()) throws -> LabPicture {
            let session = try LabScenes.session(scene, options)
            var pictures = SessionPicture()
            for _ in 0..<steps {
                session.trainStep()
                _ = pictures.picture(of: session)
            }
            return pictures.picture(of: session)
        }

        /// Three runners on sin-cubic after 60 rounds, Momentum selected (as `tinylab race` draws it).
        static func race() throws -> LabPicture {
            let race = try LabRaces.race("sin-cubic")
            race.apply(.selectNextRunner)
            var pictures = RacePicture()
            return LabRaces.picture(race, rounds: 60, pictures: &pictures)
        }

        var name: String { "\(scene)-\(width)x\(height)-\(variant)" }
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        for size in [(80, 24), (160, 48)] {
            for variant in ["color", "mono", "ascii"] {
                cases.append(Case(scene: "sin-cubic", width: size.0, height: size.1, variant: variant))
            }
        }
        for variant in ["color", "mono", "ascii"] {
            cases.append(Case(scene: "parabola", width: 80, height: 24, variant: variant))
            for size in [(80, 24), (160, 48)] {
                cases.append(Case(scene: "parabola-run", width: size.0, height: size.1, variant: variant))
                cases.append(Case(scene: "linear-run", width: size.0, height: size.1, variant: variant))
            }
        }
        for size in [(80, 24), (160, 48)] {
            for variant in ["color", "mono", "ascii"] {
                cases.append(Case(scene: "landscape-sin-cubic", width: size.0, height: size.1, variant: variant))
                cases.append(Case(scene: "landscape-parabola", width: size.0, height: size.1, variant: variant))
            }
        }
        for size in [(80, 24), (160, 48)] {
            for variant in ["color", "mono", "ascii"] {
                cases.append(Case(scene: "menu", width: size.0, height: size.1, variant: variant))
            }
        }
        for scene in ["graph-sin-cubic", "graph-two-layer-net"] {
            for size in [(80, 24), (160, 48)] {
                for variant in ["color", "mono", "ascii"] {
                    cases.append(Case(scene: scene, width: size.0, height: size.1, variant: variant))
                }
            }
        }
        for variant in ["color", "mono", "ascii"] {
            cases.append(Case(scene: "optimizer-adam", width: 80, height: 24, variant: variant))
            cases.append(Case(scene: "optimizer-adam", width: 160, height: 48, variant: variant))
            cases.append(Case(scene: "optimizer-net", width: 160, height: 48, variant: variant))
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
        for size in [(100, 30), (160, 48)] {
            for variant in ["color", "mono", "ascii"] {
                cases.append(Case(scene: "race-sin-cubic", width: size.0, height: size.1, variant: variant))
            }
        }
        return cases
    }()

    @Test(.tags(.long), .skippedWhenQuick, arguments: cases)
    func labFrame(_ golden: Case) throws {
        let frame = render(try golden.picture, width: golden.width, height: golden.height, options: golden.options)
        GoldenFrame.check(frame, named: "lab-" + golden.name)
    }
}
