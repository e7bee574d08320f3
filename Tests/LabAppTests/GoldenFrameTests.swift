import Foundation
import FrameTesting
import Lab
@testable import LabApp
import LabFixtures
import Plot
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
            case "present": RenderOptions(unicode: true, color: true, present: true)
            default: .standard
            }
        }

        /// The frame the lab draws of a real session (or race), as a snapshot would.
        var frame: Frame {
            get throws {
                if scene.hasPrefix("lesson-") {
                    var lesson = try Self.lesson(String(scene.dropFirst("lesson-".count)))
                    return lesson.frame(width: width, height: height, options: options)
                }
                var lab = try lab
                return lab.frame(width: width, height: height, options: options)
            }
        }

        var lab: LabModel {
            get throws {
                switch scene {
                case "parabola-run": try Self.run("parabola", steps: 9)
                case "linear-run": try Self.run("linear", steps: 3)
                case "noisy-quadratic-run": try Self.run("noisy-quadratic", steps: 200)
                case "graph-sin-cubic": try Self.run("sin-cubic", steps: 1, view: .graph)
                case "graph-two-layer-net": try Self.run("two-layer-net", steps: 1, view: .graph)
                case "optimizer-adam": try Self.run("sin-cubic", steps: 4, RunOptions(optimizer: .adam), view: .optimizer)
                case "optimizer-net": try Self.run("two-layer-net", steps: 2, view: .optimizer)
                case "landscape-sin-cubic": try Self.run("sin-cubic", steps: 40, RunOptions(initialValues: ["a": 0.5, "b": -0.3, "c": 0.2, "d": 0.1]), view: .landscape)
                case "landscape-parabola": try Self.run("parabola", steps: 9, view: .landscape)
                case "overfit-run": try Self.trained("overfit", steps: 3000)
                case "minibatch-run": try Self.trained("minibatch", steps: 600)
                case "csv-run": try Self.csvRun()
                case "moons-run": try Self.trained("moons", steps: 150)
                case "neurons-xor": try Self.neurons("xor", steps: 150, choose: 2)
                case "neurons-moons": try Self.neurons("moons", steps: 150, choose: 0)
                case "race-parabola": try Self.race("parabola", rounds: 30, selectNext: 0)
                case "race-landscape-sin-cubic": try Self.race("sin-cubic", view: .landscape)
                default: try Self.race("sin-cubic")
                }
            }
        }

        /// The lab of a real session after `steps` steps, drawn after each step.
        static func run(_ scene: String, steps: Int, _ options: RunOptions = RunOptions(), view: LabView = .fit) throws -> LabModel {
            var lab = LabModel(solo: try Fixtures.session(scene, options), view: view)
            for _ in 0..<steps {
                lab.selectedRunner.trainStep()
                _ = lab.picture(unicode: true)
            }
            return lab
        }

        /// The lab of a session trained `steps` steps before its first frame.
        static func trained(_ scene: String, steps: Int) throws -> LabModel {
            let session = try Fixtures.session(scene)
            for _ in 0..<steps { session.trainStep() }
            return LabModel(solo: session)
        }

        /// A shipped lesson run to its second cue (space, then top speed until it fires).
        static func lesson(_ name: String) throws -> LessonModel {
            var model = try LessonModel(lesson: try LessonLibrary.lesson(named: name))
            model.update(.key(.character(" ")))
            model.lab.speedIndex = LabModel.speeds.count - 1
            while model.cueIndex < 1, model.lab.race.isRunning { model.update(.tick(elapsed: 0.03, hasTime: { true })) }
            return model
        }

        /// The neurons view of a session trained `steps` steps, the neuron `choose` places on from
        /// the first chosen (j).
        static func neurons(_ scene: String, steps: Int, choose: Int) throws -> LabModel {
            let session = try Fixtures.session(scene)
            for _ in 0..<steps { session.trainStep() }
            var lab = LabModel(solo: session, view: .neurons)
            for _ in 0..<choose { lab.apply(.scroll(1)) }
            return lab
        }

        /// noisy-quadratic fitted to a teacher's CSV file (`--data`), 30 rows written here, after 300 steps.
        static func csvRun() throws -> LabModel {
            let rows = (0..<30).map { i -> String in
                let x = -3 + Double(i) * 0.2
                return "\(x),\(0.8 * x * x - 1.5 * x + 2 + 0.6 * sin(Double(i) * 2.3))"
            }
            // A folder of its own, so that the file's name (in the title) is the same on every run.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-golden-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = folder.appendingPathComponent("points.csv")
            try Data((["x,y"] + rows).joined(separator: "\n").utf8).write(to: url)
            let scene = try Fixtures.scene("noisy-quadratic").withData(csv: url.path)
            let session = try Session(scene: scene, options: RunOptions(learningRate: 0.01))
            for _ in 0..<300 { session.trainStep() }
            return LabModel(solo: session)
        }

        /// Three runners (SGD, momentum, Adam) after `rounds` lockstep rounds, Momentum selected
        /// unless told otherwise (as `tinylab race` draws it).
        static func race(_ scene: String, rounds: Int = 60, selectNext: Int = 1, view: LabView = .fit) throws -> LabModel {
            var lab = LabModel(race: try LabRaces.race(scene), view: view)
            for _ in 0..<selectNext { lab.apply(.selectNextRunner) }
            _ = LabRaces.picture(&lab, rounds: rounds)
            return lab
        }

        var name: String { "\(scene)-\(width)x\(height)-\(variant)" }
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        for variant in ["color", "mono", "ascii"] {
            for size in [(80, 24), (160, 48)] {
                for scene in ["parabola-run", "linear-run", "noisy-quadratic-run", "landscape-sin-cubic", "landscape-parabola", "graph-sin-cubic",
                              "graph-two-layer-net", "optimizer-adam", "overfit-run", "minibatch-run", "csv-run", "moons-run", "neurons-xor", "neurons-moons"] {
                    cases.append(Case(scene: scene, width: size.0, height: size.1, variant: variant))
                }
            }
            cases.append(Case(scene: "optimizer-net", width: 160, height: 48, variant: variant))
            for size in [(80, 24), (160, 48)] {
                cases.append(Case(scene: "lesson-learning-rate", width: size.0, height: size.1, variant: variant))
            }
            for size in [(100, 30), (160, 48)] {
                for scene in ["race-sin-cubic", "race-parabola", "race-landscape-sin-cubic"] {
                    cases.append(Case(scene: scene, width: size.0, height: size.1, variant: variant))
                }
            }
        }
        for size in [(80, 24), (160, 48)] {
            for scene in ["parabola-run", "noisy-quadratic-run", "landscape-sin-cubic", "moons-run", "lesson-learning-rate", "lesson-momentum"] {
                cases.append(Case(scene: scene, width: size.0, height: size.1, variant: "present"))
            }
            cases.append(Case(scene: "race-sin-cubic", width: size.0, height: size.1, variant: "present"))
        }
        return cases
    }()

    @Test(arguments: cases)
    func labFrame(_ golden: Case) throws {
        GoldenFrame.check(try golden.frame, named: "lab-" + golden.name)
    }
}
