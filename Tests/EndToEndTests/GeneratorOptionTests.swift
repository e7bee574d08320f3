import Foundation
import ReferenceMath
import Testing

/// `--generator torch|tinylab` on the release binary, and `generator = "…"` in scene files through
/// `scene`, `race` and `check`. References: the notebooks' data made by real PyTorch
/// (Tests/ReferenceMath/TorchRandom).
@Suite("--generator")
struct GeneratorOptionTests {
    private typealias F = TorchRandomFixtures

    static func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// The scalar parameters of a JSONL line, read with `Double(String)` from the text as printed:
    /// Foundation's JSONSerialization on Linux can round a shortest-form number to a neighbouring
    /// double (it read -0.712882281649309 one unit in the last place off), and these tests compare bits.
    static func parameters(_ line: String) -> [String: Double] {
        guard let start = line.range(of: "\"params\":{"), let end = line[start.upperBound...].firstIndex(of: "}") else { return [:] }
        var values: [String: Double] = [:]
        for pair in line[start.upperBound..<end].split(separator: ",") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let value = Double(String(parts[1])) else { continue }
            values[String(parts[0]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))] = value
        }
        return values
    }

    /// a, b, c as `torch.manual_seed(0)` gives the noisy-quadratic notebook after its data.
    static var notebookParameters: [String: Double] {
        let params = (F.root["noisy_quadratic"] as? [String: Any])?["params"] as? [String: String] ?? [:]
        return params.mapValues { F.parseHexFloat($0) }
    }

    @Test("scene noisy-quadratic --generator torch starts from the notebook's a, b, c (torch.manual_seed(0)), bit for bit")
    func sceneStartsFromTheNotebooksParameters() throws {
        let result = Tinylab.succeed(["scene", "noisy-quadratic", "--generator", "torch", "--seed", "0", "--steps", "3",
                                      "--format", "jsonl", "--headless"])
        let values = Self.parameters(try #require(result.stdoutLines.first))
        #expect(!Self.notebookParameters.isEmpty)
        for (name, expected) in Self.notebookParameters {
            #expect(values[name]?.bitPattern == expected.bitPattern, "\(name) = \(values[name] ?? .nan), notebook \(expected)")
        }
    }

    @Test("the loss at step 0 under --generator torch is the notebook's mean squared error over its own noisy data")
    func stepZeroLoss() throws {
        let reference = try #require(F.root["noisy_quadratic"] as? [String: Any])
        let x = F.doubles(reference["x"]), y = F.doubles(reference["y"])
        let p = Self.notebookParameters
        let (a, b, c) = (try #require(p["a"]), try #require(p["b"]), try #require(p["c"]))
        let expected = zip(x, y).reduce(0) { sum, point in
            let error = a * point.0 * point.0 + b * point.0 + c - point.1
            return sum + error * error
        } / Double(x.count)
        let result = Tinylab.succeed(["scene", "noisy-quadratic", "--generator", "torch", "--steps", "1", "--format", "jsonl", "--headless"])
        let line = try Self.json(try #require(result.stdoutLines.first))
        let loss = try #require(line["loss"] as? Double)
        #expect(abs(loss - expected) <= 1e-12 * expected, "loss \(loss), reference \(expected)")
    }

    @Test("--generator tinylab is the default run, line for line")
    func tinylabIsTheDefault() {
        let plain = Tinylab.succeed(["scene", "noisy-quadratic", "--steps", "50", "--every", "10", "--format", "jsonl", "--headless"])
        let named = Tinylab.succeed(["scene", "noisy-quadratic", "--generator", "tinylab", "--steps", "50", "--every", "10",
                                     "--format", "jsonl", "--headless"])
        #expect(plain.stdout == named.stdout)
        let torch = Tinylab.succeed(["scene", "noisy-quadratic", "--generator", "torch", "--steps", "50", "--every", "10",
                                     "--format", "jsonl", "--headless"])
        #expect(torch.stdout != plain.stdout)
    }

    @Test("race --generator torch: every runner starts from the notebook's parameters")
    func race() throws {
        let result = Tinylab.succeed(["race", "noisy-quadratic", "--optimizers", "sgd,adam", "--generator", "torch", "--steps", "2",
                                      "--format", "jsonl", "--headless"])
        let firsts = result.stdoutLines.filter { $0.hasPrefix("{\"step\":0,") }
        #expect(firsts.count == 2)
        for line in firsts {
            for (name, expected) in Self.notebookParameters {
                #expect(Self.parameters(line)[name]?.bitPattern == expected.bitPattern, "\(line): \(name)")
            }
        }
    }

    @Test("an unknown --generator is a command-line error (exit 64) that names the valid generators")
    func unknownFlagValue() {
        let result = Tinylab.run(["scene", "noisy-quadratic", "--generator", "numpy", "--headless", "--steps", "1"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("numpy") && result.stderr.contains("tinylab") && result.stderr.contains("torch"), "\(result.stderr)")
    }

    @Test("generator = \"nope\" in a scene file: tinylab check and tinylab scene give the located error (exit 65)")
    func unknownSceneKeyValue() throws {
        let text = try String(contentsOf: SceneFiles.folder.appendingPathComponent("linear.toml"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let seedLine = try #require(lines.firstIndex { $0.hasPrefix("seed") })
        var edited = lines
        edited.insert("generator = \"nope\"", at: seedLine + 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-generator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(edited.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("mine.toml"))
        let expected = "mine.toml:\(seedLine + 2): generator: unknown generator 'nope'; expected one of: tinylab, torch"
        for arguments in [["check", "mine.toml"], ["scene", "mine.toml", "--headless", "--steps", "1"]] {
            let result = Tinylab.run(arguments, in: folder)
            #expect(result.status == 65, "\(arguments): \(result)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
    }
}
