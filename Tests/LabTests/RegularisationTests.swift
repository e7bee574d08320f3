import Foundation
import Grad
@testable import Lab
import LabFixtures
import ReferenceMath
import Testing

/// The L1 term (`[training] l1`) and logistic regression written as a formula of x1 and x2, run from
/// scene files against PyTorch's runs of the same nets, data and starting values
/// (`TorchRegularised/make_torch_regularised.py`): every step's loss and the final values to 1e-12.
@Suite struct RegularisationTests {
    static var root: [String: Any] { AbsTestsFixture.root }

    /// A folder with the fixture's points as `points.csv` (x1, x2, label) and the scene `body`.
    static func session(_ body: String) throws -> Session {
        let x = TorchRandomFixtures.doubles(root["x"]), y = TorchRandomFixtures.doubles(root["y"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("l1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = y.indices.map { "\(x[2 * $0]),\(x[2 * $0 + 1]),\(Int(y[$0]))" }
        try (["x1,x2,label"] + rows).joined(separator: "\n").write(to: folder.appendingPathComponent("points.csv"), atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("scene.toml")
        try ("title = \"t\"\ndescription = \"d\"\n[data]\nx = { csv = \"points.csv\", columns = [\"x1\", \"x2\"] }\n" + body)
            .write(to: file, atomically: true, encoding: .utf8)
        return try Session(scene: try SceneLoader.load(contentsOf: file, displayName: "scene.toml"), options: RunOptions())
    }

    static func expectClose(_ actual: [Double], _ expected: [Double], _ what: String) {
        #expect(actual.count == expected.count, "\(what): \(actual.count) values")
        #expect(zip(actual, expected).allSatisfy { abs($0 - $1) <= 1e-12 * max(abs($1), 1e-300) },
                "\(what): \(zip(actual, expected).map { $0 / $1 - 1 })")
    }

    @Test("a 2-6-1 tanh net with bce_with_logits and l1 (SGD λ = 0.01, Adam λ = 0.003) trains as PyTorch's 30 steps to 1e-12",
          arguments: ["l1_sgd", "l1_adam"])
    func netWithL1(kind: String) throws {
        let runs = Self.root["runs"] as? [[String: Any]] ?? []
        let run = try #require(runs.first { $0["kind"] as? String == kind })
        let start = run["start"] as! [[String: Any]]
        var parameters = ""
        for (index, layer) in start.enumerated() {
            let shape = layer["weight_shape"] as! [Int]
            parameters += "\"\(2 * index).weight\" = \(GivenWeightsTests.toml(TorchRandomFixtures.doubles(layer["weight"]), shape: shape))\n"
            parameters += "\"\(2 * index).bias\" = \(GivenWeightsTests.toml(TorchRandomFixtures.doubles(layer["bias"]), shape: [shape[0]]))\n"
        }
        let optimizer = run["optimizer"] as! String
        let session = try Self.session("""
            y = { csv = "points.csv", columns = ["label"] }
            [model]
            layers = [2, 6, 1]
            activation = "tanh"
            [parameters]
            \(parameters)
            [training]
            loss = "bce_with_logits"
            optimizer = "\(optimizer)"
            max_steps = 30
            l1 = \(run["l1"] as! Double)
            [training.learning_rate]
            \(optimizer) = \(run["lr"] as! Double)
            """)
        Self.expectClose(Fixtures.losses(session), (run["losses"] as! [String]).map(TorchRandomFixtures.parseHexFloat), "losses")
        let final = (run["final"] as! [[String: Any]]).flatMap { TorchRandomFixtures.doubles($0["weight"]) + TorchRandomFixtures.doubles($0["bias"]) }
        Self.expectClose(session.parameters.flatMap(\.tensor.data), final, "final weights")
    }

    @Test("logistic regression as the formula w1*x1 + w2*x2 + b on CSV columns, with l1 = 0.02: PyTorch's 30 SGD steps to 1e-12")
    func logisticFormula() throws {
        let runs = Self.root["runs"] as? [[String: Any]] ?? []
        let run = try #require(runs.first { $0["kind"] as? String == "logistic" })
        let start = (run["start"] as! [String]).map(TorchRandomFixtures.parseHexFloat)
        let session = try Self.session("""
            y = { csv = "points.csv", columns = ["label"] }
            [model]
            formula = "w1*x1 + w2*x2 + b"
            [parameters]
            w1 = \(start[0])
            w2 = \(start[1])
            b = \(start[2])
            [training]
            loss = "bce_with_logits"
            optimizer = "sgd"
            max_steps = 30
            l1 = 0.02
            [training.learning_rate]
            sgd = 0.5
            """)
        #expect(session.parameters.map(\.name) == ["w1", "w2", "b"])
        Self.expectClose(Fixtures.losses(session), (run["losses"] as! [String]).map(TorchRandomFixtures.parseHexFloat), "losses")
        Self.expectClose(session.parameters.map(\.tensor.item), (run["final"] as! [String]).map(TorchRandomFixtures.parseHexFloat), "final values")
    }

    @Test("a formula of x1, x2 draws a decision map: class 1's probability is σ(w1·x1 + w2·x2 + b), worked out by hand")
    func formulaDecisionMap() throws {
        let session = try Self.session("""
            y = { csv = "points.csv", column = "label" }
            [model]
            formula = "w1*x1 + w2*x2 + b"
            [parameters]
            w1 = 1.5
            w2 = -0.5
            b = 0.25
            [training]
            loss = "bce_with_logits"
            optimizer = "sgd"
            max_steps = 30
            [training.learning_rate]
            sgd = 0.5
            """)
        #expect(session.classifiesPlane)
        let points = [0.0, 0, 1, 2, -2, 0.5]
        let (classes, probabilities) = try #require(session.classProbabilities(at: points))
        #expect(classes == 2)
        for k in 0..<3 {
            let z = 1.5 * points[2 * k] - 0.5 * points[2 * k + 1] + 0.25
            #expect(abs(probabilities[2 * k + 1] - 1 / (1 + exp(-z))) < 1e-15)
        }
        #expect(session.accuracy() != nil)
    }

    @Test("bad l1 values and a formula of x on data of two columns are located errors", arguments: [
        ("l1 = -0.1", "loss = \"bce_with_logits\"", "w1*x1 + w2*x2 + b",
         "[training] l1: expected the strength of the L1 term λ·Σ|w|, from 0 to 1 (e.g. 1e-3), found -0.1"),
        ("l1 = 2.0", "loss = \"bce_with_logits\"", "w1*x1 + w2*x2 + b",
         "[training] l1: expected the strength of the L1 term λ·Σ|w|, from 0 to 1 (e.g. 1e-3), found 2.0"),
        ("", "loss = \"bce_with_logits\"", "w1*x + b",
         "[model] formula: this data gives each point 2 inputs, x1 and x2; write the formula with them (e.g. w1*x1 + w2*x2 + b for logistic regression)"),
        ("", "loss = \"cross_entropy\"", "w1*x1 + w2*x2 + b",
         "[training] loss: cross_entropy scores every class, so it needs a layered model with one output a class; a formula gives one number (use bce_with_logits for two classes)"),
    ])
    func badInput(l1: String, loss: String, formula: String, message: String) {
        let text = """
            title = "t"
            description = "d"
            [data]
            dataset = "xor"
            points = 40
            [model]
            formula = "\(formula)"
            [parameters]
            w1 = 0.0
            w2 = 0.0
            b = 0.0
            [training]
            \(loss)
            optimizer = "sgd"
            max_steps = 30
            \(l1)
            [training.learning_rate]
            sgd = 0.5
            """
        let problem = ClassDatasetTests.problem(text)
        #expect(problem.contains(message), "\(problem)")
    }
}

/// The regularisation fixture, read once (never written after).
enum AbsTestsFixture {
    nonisolated(unsafe) static let root: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ReferenceMath/TorchRegularised/torch_regularised.json")
        guard let data = try? Data(contentsOf: url), let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return root
    }()
}
