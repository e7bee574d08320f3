import Foundation
import Grad
import Lab
import LabFixtures
import ReferenceMath
import Testing

/// Scenes under `generator = "torch"` (or `--generator torch`) against the notebooks' own data,
/// made by real PyTorch with `torch.manual_seed(0)` in float64 (Tests/ReferenceMath/TorchRandom).
@Suite("Torch generator scenes")
struct TorchGeneratorSceneTests {
    private typealias F = TorchRandomFixtures

    private static var noisyQuadratic: [String: Any] { F.root["noisy_quadratic"] as? [String: Any] ?? [:] }
    private static var twoLayerNet: [String: Any] { F.root["two_layer_net"] as? [String: Any] ?? [:] }

    @Test("noisy-quadratic with --generator torch: the notebook's x, its fx2(x) + 2·randn_like(x), and a, b, c = randn(1) ×3")
    func noisyQuadratic() throws {
        let session = try Fixtures.session("noisy-quadratic", RunOptions(seed: 0, generator: .torch))
        #expect(session.generator == .torch)
        let reference = Self.noisyQuadratic
        #expect(F.matches(session.inputs!.data, reference["x"]))
        #expect(F.matches(session.targets!.data, reference["y"]), "targets differ from the notebook's random_data")
        let params = reference["params"] as! [String: String]
        let values = Fixtures.values(session)
        for name in ["a", "b", "c"] {
            #expect(values[name]?.bitPattern == F.parseHexFloat(params[name]!).bitPattern, "parameter \(name)")
        }
    }

    @Test("two-layer-net with --generator torch: x, y = randn(64, 1000), randn(64, 10), then nn.Linear(1000, 100) and nn.Linear(100, 10)")
    func twoLayerNet() throws {
        let session = try Fixtures.session("two-layer-net", RunOptions(generator: .torch))
        let reference = Self.twoLayerNet
        #expect(F.matches(session.inputs!.data, reference["x"]))
        #expect(F.matches(session.targets!.data, reference["y"]))
        #expect(session.parameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        for parameter in session.parameters {
            #expect(F.matches(parameter.tensor.data, reference[parameter.name]), "\(parameter.name)")
        }
    }

    @Test("generator = \"torch\" in the scene file, beside seed, does what --generator torch does; the flag overrides the file")
    func sceneKey() throws {
        var text = try Fixtures.text("noisy-quadratic")
        text = text.replacingOccurrences(of: "seed = 0\n", with: "seed = 0\ngenerator = \"torch\"\n")
        let scene = try Fixtures.parse(text, file: "noisy-quadratic.toml")
        #expect(scene.generator == .torch)
        let fromFile = try Session(scene: scene)
        let fromFlag = try Fixtures.session("noisy-quadratic", RunOptions(generator: .torch))
        #expect(Fixtures.flatParameters(fromFile).map(\.bitPattern) == Fixtures.flatParameters(fromFlag).map(\.bitPattern))
        #expect(fromFile.targets!.data.map(\.bitPattern) == fromFlag.targets!.data.map(\.bitPattern))
        let overridden = try Session(scene: scene, options: RunOptions(generator: .tinylab))
        let plain = try Fixtures.session("noisy-quadratic")
        #expect(Fixtures.flatParameters(overridden) == Fixtures.flatParameters(plain))
    }

    @Test("the shipped scenes keep tinylab's generator, so their default runs (and goldens) are unchanged")
    func shippedScenesKeepTinylab() throws {
        for name in Fixtures.shippedNames {
            #expect(try Fixtures.scene(name).generator == .tinylab, "\(name)")
            #expect(try Fixtures.session(name).generator == .tinylab)
        }
    }

    @Test("a torch run is reproducible, resets to the same start, and differs from the tinylab run")
    func resetAndDifference() throws {
        let session = try Fixtures.session("noisy-quadratic", RunOptions(generator: .torch))
        let start = Fixtures.flatParameters(session)
        for _ in 0..<5 { _ = session.trainStep() }
        session.reset(running: false)
        #expect(Fixtures.flatParameters(session) == start)
        let tinylab = try Fixtures.session("noisy-quadratic")
        #expect(Fixtures.flatParameters(tinylab) != start)
    }

    @Test("uniform data draws torch's uniform_ under the torch generator")
    func uniformData() throws {
        let text = """
            title = "u"
            description = "d"
            seed = 42
            generator = "torch"

            [data]
            x = { uniform = [50], low = -0.25, high = 3.5 }
            y = "2*x"

            [model]
            formula = "a*x"

            [parameters]
            a = 0.0

            [training]
            loss = "mean_squares"
            optimizer = "sgd"
            max_steps = 10

            [training.learning_rate]
            sgd = 0.01
            """
        let session = try Session(scene: try Fixtures.parse(text))
        let reference = F.cases("uniform").first { ($0["seed"] as? Int) == 42 && F.parseHexFloat($0["high"] as? String ?? "") == 3.5 }
        #expect(reference != nil)
        #expect(F.matches(session.inputs!.data, reference?["values"]))
    }
}
