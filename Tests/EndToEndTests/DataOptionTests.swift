import Foundation
import ReferenceMath
import Testing

/// `--data FILE.csv` and `--columns X,Y` on the release binary, headless, and scene files whose
/// [data] reads CSV files, through `scene`, `race` and `check`.
@Suite("--data and CSV scenes")
struct DataOptionTests {
    /// A fresh folder holding `files` (name → text).
    static func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    static func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    static func parameters(_ object: [String: Any], _ key: String = "params") -> [String: Double] {
        (object[key] as? [String: Any])?.compactMapValues { $0 as? Double } ?? [:]
    }

    /// Points near y = 2.5x, off the line by a wiggle, so the least-squares slope is not a round number.
    static let line: (x: [Double], y: [Double]) = {
        let x = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]
        let wiggle = [0.1, -0.2, 0.05, 0.15, -0.1, 0.2, -0.05, -0.1]
        return (x, zip(x, wiggle).map { 2.5 * $0 + $1 })
    }()

    @Test("scene linear --data: w·x fitted to a CSV file ends on the least-squares slope Σxy/Σx², which the final line also gives as the optimum")
    func linearFit() throws {
        let csv = "x,y\r\n" + zip(Self.line.x, Self.line.y).map { "\($0),\($1)" }.joined(separator: "\r\n") + "\r\n"
        let folder = try Self.folder(["points.csv": csv])
        let result = Tinylab.run(["scene", "linear", "--data", "points.csv", "--steps", "500", "--format", "jsonl", "--headless"], in: folder)
        #expect(result.status == 0, "\(result)")
        let final = try Self.json(try #require(result.stdoutLines.last))
        let slope = zip(Self.line.x, Self.line.y).reduce(0) { $0 + $1.0 * $1.1 } / Self.line.x.reduce(0) { $0 + $1 * $1 }
        let w = try #require(Self.parameters(final)["w"])
        #expect(abs(w - slope) < 1e-12 * slope, "w = \(w), least squares \(slope)")
        let optimum = try #require(final["optimum"] as? [String: Any])
        let best = try #require(Self.parameters(optimum)["w"])
        #expect(abs(best - slope) < 1e-9 * slope, "optimum w = \(best), least squares \(slope)")
    }

    @Test("--columns picks the input and target columns by header name; the quadratic fit matches the normal equations")
    func columnsByName() throws {
        let x = (0...20).map { -1 + Double($0) / 10 }
        let y = x.enumerated().map { 0.3 + 0.8 * $1 - 1.5 * $1 * $1 + ($0 % 3 == 0 ? 0.04 : -0.02) }
        let csv = "\u{FEFF}name,weight,height\n" + zip(x, y).enumerated().map { "\"p \($0)\",\($1.1),\($1.0)" }.joined(separator: "\n")
        let folder = try Self.folder(["people.csv": csv])
        let result = Tinylab.run(["scene", "noisy-quadratic", "--data", "people.csv", "--columns", "height,weight",
                                  "--optimizer", "momentum", "--lr", "0.05", "--steps", "4000", "--format", "jsonl", "--headless"], in: folder)
        #expect(result.status == 0, "\(result)")
        let values = Self.parameters(try Self.json(try #require(result.stdoutLines.last)))
        let features = x.map { [1, $0, $0 * $0] }
        let gram = (0..<3).map { i in (0..<3).map { j in features.reduce(0) { $0 + $1[i] * $1[j] } } }
        let moments = (0..<3).map { i in zip(features, y).reduce(0) { $0 + $1.0[i] * $1.1 } }
        let expected = solveLinearSystem(gram, moments)
        // noisy-quadratic's model is a x² + b x + c.
        let fitted = [values["c"] ?? .nan, values["b"] ?? .nan, values["a"] ?? .nan]
        for (value, best) in zip(fitted, expected) {
            #expect(abs(value - best) < 1e-9, "fitted \(fitted), least squares \(expected)")
        }
    }

    @Test("race --data: each runner's lines are those of its solo scene --data run")
    func raceUsesTheData() throws {
        let csv = "x,y\n" + zip(Self.line.x, Self.line.y).map { "\($0),\($1)" }.joined(separator: "\n") + "\n"
        let folder = try Self.folder(["points.csv": csv])
        let race = Tinylab.run(["race", "linear", "--data", "points.csv", "--optimizers", "sgd,adam", "--steps", "30",
                                "--every", "5", "--format", "jsonl", "--headless"], in: folder)
        #expect(race.status == 0, "\(race)")
        let rates = RaceCommandTests.rates(race.stdoutLines)
        for optimizer in ["sgd", "adam"] {
            let rate = try #require(rates[optimizer], "\(race)")
            let solo = Tinylab.run(["scene", "linear", "--data", "points.csv", "--optimizer", optimizer, "--lr", rate, "--steps", "30",
                                    "--every", "5", "--format", "jsonl", "--headless"], in: folder)
            let name = "\"optimizer\":\"\(optimizer)\""
            let lines = race.stdoutLines.filter { $0.contains(name) && !$0.hasPrefix("{\"summary\"") && !$0.hasPrefix("{\"final\"") }
            #expect(!lines.isEmpty && lines == solo.stdoutLines.filter { !$0.hasPrefix("{\"final\"") }, "\(race)\n\(solo)")
        }
    }

    @Test("bad --data files exit 65 with the file, the place in it and what is wrong; bad --columns exit 64", arguments: [
        (["--data", "bad.csv"], Int32(65), "bad.csv:3:3: --data: 'abc' in column 'y' is not a number"),
        (["--data", "ab.csv"], 65, "ab.csv:1: --data: no column 'x'; the columns are: 'a', 'b'"),
        (["--data", "ab.csv", "--columns", "a,c"], 65, "ab.csv:1: --data: no column 'c'; the columns are: 'a', 'b'"),
        (["--data", "ragged.csv"], 65, "ragged.csv:3: --data: this row has 3 cells but the header has 2 (x, y); every row needs one cell per column"),
        (["--data", "empty.csv"], 65, "empty.csv:1: --data: the file is empty; a CSV file needs a header line of column names (e.g. x,y) and rows of numbers"),
        (["--data", "nope.csv"], 65, "nope.csv: --data: no such file (looked for FOLDER/nope.csv)"),
        (["--columns", "a,b"], 64, "--columns names the columns of --data; give the file too"),
        (["--data", "ab.csv", "--columns", "a"], 64, "The value 'a' is invalid for '--columns <x,y>'"),
    ])
    func errors(_ options: [String], _ status: Int32, _ message: String) throws {
        let folder = try Self.folder(["bad.csv": "x,y\n1,2\n3,abc\n", "ab.csv": "a,b\n1,2\n", "ragged.csv": "x,y\n1,2\n3,4,5\n", "empty.csv": ""])
        let result = Tinylab.run(["scene", "sin-cubic", "--headless"] + options, in: folder)
        #expect(result.status == status, "\(result)")
        let expected = message.replacingOccurrences(of: "FOLDER", with: folder.standardizedFileURL.path)
        #expect(result.stderr.contains(expected), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("a scene file with x and y from a CSV beside it: check says ok, scene trains on it, a bad cell is found by check")
    func sceneFileReadsCSV() throws {
        let scene = try String(contentsOf: SceneFiles.folder.appendingPathComponent("linear.toml"), encoding: .utf8)
            .replacingOccurrences(of: "x = { values = [1, 2, 3, 4] }\ny = \"2*x\"",
                                  with: "x = { csv = \"points.csv\", column = \"x\" }\ny = { csv = \"points.csv\", column = \"y\" }")
        #expect(scene.contains("csv = \"points.csv\""))
        let folder = try Self.folder(["lesson.toml": scene, "points.csv": "x,y\n1,2.5\n2,4.5\n"])
        let ok = Tinylab.run(["check", "lesson.toml"], in: folder)
        #expect(ok.status == 0 && ok.stdout.contains("lesson.toml: ok"), "\(ok)")
        let run = Tinylab.run(["scene", "lesson.toml", "--steps", "5", "--headless"], in: folder)
        #expect(run.status == 0 && run.stdoutLines.first == "0 \(((2.5 * 2.5) + (4.5 * 4.5)) / 2)", "\(run)")
        try Data("x,y\n1,2.5\n2,4.5x\n".utf8).write(to: folder.appendingPathComponent("points.csv"))
        let bad = Tinylab.run(["check", "lesson.toml"], in: folder)
        #expect(bad.status == 65, "\(bad)")
        #expect((bad.stdout + bad.stderr).contains("points.csv:3:3: [data] x, y: '4.5x' in column 'y' is not a number"), "\(bad)")
    }
}
