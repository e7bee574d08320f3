import Foundation
import Grad
@testable import Lab
import LabFixtures
import ReferenceMath
import Testing

/// A layered model's starting tensors from the scene file ([parameters] by PyTorch's names): a
/// scene with PyTorch's weights and data trains as PyTorch did.
@Suite struct GivenWeightsTests {
    /// Read once; never written after.
    nonisolated(unsafe) static let fixture: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ReferenceMath/TorchClassifier/torch_classifier.json")
        guard let data = try? Data(contentsOf: url), let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return root
    }()

    static func toml(_ values: [Double], shape: [Int]) -> String {
        guard shape.count == 2 else { return "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        let rows = (0..<shape[0]).map { row in "[" + values[(row * shape[1])..<((row + 1) * shape[1])].map { "\($0)" }.joined(separator: ", ") + "]" }
        return "[" + rows.joined(separator: ", ") + "]"
    }

    @Test("PyTorch's cross-entropy run as a scene file (CSV data, [parameters] from its weights): the 40 losses to 1e-12")
    func torchRunAsScene() throws {
        let runs = Self.fixture["runs"] as? [[String: Any]] ?? []
        let run = try #require(runs.first { $0["kind"] as? String == "cross_entropy" })
        let x = TorchRandomFixtures.doubles(run["x"]), labels = run["labels"] as! [Int]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("given-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = labels.indices.map { "\(x[2 * $0]),\(x[2 * $0 + 1]),\(labels[$0])" }
        try (["x1,x2,label"] + rows).joined(separator: "\n").write(to: folder.appendingPathComponent("points.csv"), atomically: true, encoding: .utf8)
        let start = run["start"] as! [[String: Any]]
        var parameters = ""
        for (index, layer) in start.enumerated() {
            let shape = layer["weight_shape"] as! [Int]
            parameters += "\"\(2 * index).weight\" = \(Self.toml(TorchRandomFixtures.doubles(layer["weight"]), shape: shape))\n"
            parameters += "\"\(2 * index).bias\" = \(Self.toml(TorchRandomFixtures.doubles(layer["bias"]), shape: [shape[0]]))\n"
        }
        let text = """
            title = "torch"
            description = "d"
            [data]
            x = { csv = "points.csv", columns = ["x1", "x2"] }
            y = { csv = "points.csv", columns = ["label"] }
            [model]
            layers = [2, 12, 3]
            activation = "relu"
            [parameters]
            \(parameters)
            [training]
            loss = "cross_entropy"
            optimizer = "sgd"
            max_steps = 40
            [training.learning_rate]
            sgd = 0.5
            """
        let file = folder.appendingPathComponent("torch.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let session = try Session(scene: try SceneLoader.load(contentsOf: file, displayName: "torch.toml"), options: RunOptions())
        let losses = Fixtures.losses(session)
        let expected = (run["losses"] as! [String]).map(TorchRandomFixtures.parseHexFloat)
        #expect(losses.count == 40)
        #expect(zip(losses, expected).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) }, "\(zip(losses, expected).map { $0 / $1 - 1 })")
    }

    @Test("tensor starting values of the wrong shape or name are located errors", arguments: [
        ("\"0.weight\" = [[0.1, -0.2], [0.3, 0.4]]", "expected shape [3, 2] (outputs × inputs, as PyTorch); found 2 where 3 belong at depth 1"),
        ("\"1.weight\" = [[1.0, -1.0, 0.5]]", "no tensor '1.weight' in these layers; they are 0.weight [3, 2], 0.bias [3], 2.weight [1, 3], 2.bias [1]"),
        ("\"0.bias\" = [[0.1], [0.2], [0.3]]", "expected shape [3] as nested lists of numbers, e.g. [0.1, -0.2]"),
        ("\"0.bias\" = 0.5", "expected shape [3] (nested lists); found a number at depth 0"),
    ])
    func wrongShapes(line: String, message: String) {
        let text = ClassDatasetTests.scene("xor", points: 20, layers: "[2, 3, 1]")
            .replacingOccurrences(of: "[training]", with: "[parameters]\n\(line)\n[training]")
        let problem = ClassDatasetTests.problem(text)
        #expect(problem.hasSuffix(message), "\(problem)")
    }
}
