import LabFixtures
import Foundation
import Grad
@testable import Lab
import ReferenceMath
import Testing

/// Scenes whose data comes from CSV files (`x = { csv = "points.csv", column = "x" }`) and
/// `Scene.withData` (`--data`): what they read, what they refuse, and that they fit.
@Suite struct CSVSceneTests {
    /// A scene file `lesson.toml` beside `files` (name → text) in a fresh folder; returns the scene's URL.
    static func lesson(_ data: String, model: String = "formula = \"a + b*x + c*x^2\"",
                       parameters: String = "a = 0\nb = 0\nc = 0", files: [String: String]) throws -> URL {
        let folder = try CSVReaderTests.folder()
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let text = """
            title = "a fit to my points"
            description = "Fits a parabola to points from a CSV file."
            [data]
            \(data)
            [model]
            \(model)
            [parameters]
            \(parameters)
            [training]
            loss = "mean_squares"
            optimizer = "momentum"
            max_steps = 4000
            [training.learning_rate]
            momentum = 0.05

            """
        let url = folder.appendingPathComponent("lesson.toml")
        try Data(text.utf8).write(to: url)
        return url
    }

    static func problem(_ url: URL) -> String {
        do { _ = try SceneLoader.load(contentsOf: url, displayName: "lesson/lesson.toml"); return "no error" } catch { return error.description }
    }

    /// 21 points of a noisy parabola, the noise written out so that the least-squares fit is known.
    static let points: (x: [Double], y: [Double]) = {
        let x = (0...20).map { -1 + Double($0) / 10 }
        let wiggle = [0.03, -0.05, 0.02, 0.04, -0.01, -0.06, 0.05, 0.0, -0.02, 0.03, -0.04, 0.01, 0.06, -0.03, 0.02, -0.05, 0.04, 0.0, -0.01, 0.03, -0.02]
        return (x, zip(x, wiggle).map { 0.5 - 1.2 * $0 + 2 * $0 * $0 + $1 })
    }()

    static var pointsCSV: String {
        "x,y,note\n" + zip(points.x, points.y).map { "\($0),\($1),\"a, b\"" }.joined(separator: "\r\n") + "\r\n"
    }

    /// The least-squares a, b, c of y ≈ a + b x + c x², from the normal equations (ΦᵀΦ) θ = Φᵀy.
    static func normalEquations(_ x: [Double], _ y: [Double]) -> [Double] {
        let features = x.map { [1, $0, $0 * $0] }
        let gram = (0..<3).map { i in (0..<3).map { j in features.reduce(0) { $0 + $1[i] * $1[j] } } }
        let moments = (0..<3).map { i in zip(features, y).reduce(0) { $0 + $1.0[i] * $1.1 } }
        return solveLinearSystem(gram, moments)
    }

    @Test("x and y from a CSV file beside the scene: the fit lands on the normal equations' least-squares parabola")
    func fitMatchesLeastSquares() throws {
        let url = try Self.lesson("x = { csv = \"points.csv\", column = \"x\" }\ny = { csv = \"points.csv\", column = \"y\" }",
                                  files: ["points.csv": Self.pointsCSV])
        let scene = try SceneLoader.load(contentsOf: url, displayName: "lesson/lesson.toml")
        guard case .csv(let inputs)? = scene.data?.inputs, case .source(.csv(let targets))? = scene.data?.target else {
            Issue.record("the data is not from the CSV file: \(String(describing: scene.data))")
            return
        }
        #expect(inputs.values == Self.points.x && targets.values == Self.points.y)
        #expect(inputs.file == "lesson/points.csv" && inputs.shape == [21])
        let session = try Session(scene: scene, options: RunOptions())
        session.runToEnd()
        let expected = Self.normalEquations(Self.points.x, Self.points.y)
        let fitted = ["a", "b", "c"].map { Fixtures.values(session)[$0]! }
        for (value, best) in zip(fitted, expected) {
            #expect(abs(value - best) < 1e-9, "fitted \(fitted), least squares \(expected)")
        }
    }

    @Test("withData (--data): noisy-quadratic's model fitted to a two-column file by header names, without the scene's noise")
    func withDataReplacesTheData() throws {
        let path = try CSVReaderTests.file(Array(("height,weight\n" + zip(Self.points.x, Self.points.y).map { "\($0),\($1)" }
            .joined(separator: "\n")).utf8), name: "my.csv")
        let scene = try Fixtures.scene("noisy-quadratic").withData(csv: path, x: "height", y: "weight")
        #expect(scene.data?.noise == 0)
        #expect(scene.data?.inputs.shape == [21])
        #expect(scene.title == "weight from height in my.csv, 21 rows")
        #expect(scene.description.hasPrefix("noisy-quadratic's model and training, fitted to the columns height (input) and weight (target) of "))
        let session = try Session(scene: scene, options: RunOptions(optimizer: .momentum, learningRate: 0.05, steps: 4000))
        session.runToEnd()
        let expected = Self.normalEquations(Self.points.x, Self.points.y)
        let values = Fixtures.values(session)
        // noisy-quadratic's model is a x² + b x + c.
        let fitted = [values["c"]!, values["b"]!, values["a"]!]
        for (value, best) in zip(fitted, expected) {
            #expect(abs(value - best) < 1e-9, "fitted \(fitted), least squares \(expected)")
        }
    }

    @Test("withData refuses scenes without data and nets of other widths, naming the file and --data")
    func withDataRefusals() throws {
        let path = try CSVReaderTests.file(Array("x,y\n1,2\n".utf8), name: "my.csv")
        func problem(_ name: String, _ x: String = "x", _ y: String = "y") -> String {
            do { _ = try Fixtures.scene(name).withData(csv: path, x: x, y: y); return "no error" } catch { return "\(error)" }
        }
        #expect(problem("parabola") == "\(path): --data: scene 'parabola' descends its formula and fits no data; give --data to a scene that fits points, such as sin-cubic or linear")
        #expect(problem("two-layer-net").hasPrefix("\(path): --data: scene 'two-layer-net' is a net from 1000 inputs to 10 outputs"))
        #expect(problem("sin-cubic", "x", "x") == "\(path): --data: --columns names 'x' twice; give the input column, then the target column")
        #expect(problem("sin-cubic", "h", "w") == "\(path):1: --data: no column 'h'; the columns are: 'x', 'y'")
    }

    @Test("several input columns: rows of a matrix for a net; a formula model reads them as x1, x2 and says so when it uses x")
    func severalColumns() throws {
        let csv = "x1,x2,y\n1,2,3\n4,5,6\n7,8,9\n"
        let net = try Self.lesson("x = { csv = \"f.csv\", columns = [\"x1\", \"x2\"] }\ny = { csv = \"f.csv\", columns = [\"y\"] }",
                                  model: "layers = [2, 4, 1]", parameters: "", files: ["f.csv": csv])
        let scene = try SceneLoader.load(contentsOf: net, displayName: "lesson/lesson.toml")
        guard case .csv(let inputs)? = scene.data?.inputs else { Issue.record("not CSV inputs"); return }
        #expect(inputs.shape == [3, 2] && inputs.values == [1, 2, 4, 5, 7, 8])
        _ = try Session(scene: scene, options: RunOptions())

        let formula = try Self.lesson("x = { csv = \"f.csv\", columns = [\"x1\", \"x2\"] }\ny = { csv = \"f.csv\", column = \"y\" }",
                                      files: ["f.csv": csv])
        #expect(Self.problem(formula) == "lesson/lesson.toml:7:18: [model] formula: this data gives each point 2 inputs, x1 and x2; "
                + "write the formula with them (e.g. w1*x1 + w2*x2 + b for logistic regression)")
        let columns = try Self.lesson("x = { csv = \"f.csv\", columns = [\"x1\", \"x2\"] }\ny = { csv = \"f.csv\", column = \"y\" }",
                                      model: "formula = \"a*x1 + b*x2\"", parameters: "a = 1.0\nb = 0.5", files: ["f.csv": csv])
        let fitted = try Session(scene: try SceneLoader.load(contentsOf: columns, displayName: "lesson/lesson.toml"), options: RunOptions())
        let residuals: [Double] = [3 - 2, 6 - 6.5, 9 - 11]
        let squares = residuals.map { $0 * $0 }.reduce(0, +)
        #expect(fitted.currentLoss() == squares / 3, "the mean of the squared residuals")
        let column = try Self.lesson("x = { csv = \"f.csv\", columns = [\"x1\", \"x2\"] }\ny = { csv = \"f.csv\", column = \"y\" }",
                                     model: "layers = [2, 4, 1]", parameters: "", files: ["f.csv": csv])
        #expect(Self.problem(column) == "lesson/lesson.toml:5: [data] y: y must have shape [3, 1] to match x and the last layer; found [3]; "
                + "a layered model takes y as columns = [\"y\"]")
    }

    @Test("bad CSV keys and files are located errors: in the scene file for the key, in the CSV file for its cells", arguments: [
        ("x = { csv = \"nope.csv\", column = \"x\" }\ny = \"x\"", [:],
         "lesson/lesson.toml:4: [data] x: csv = \"nope.csv\": no such file (looked for FOLDER/nope.csv)"),
        ("x = { csv = \"sub\", column = \"x\" }\ny = \"x\"", ["sub/.keep": ""],
         "lesson/lesson.toml:4: [data] x: csv = \"sub\": is a directory; give a CSV file"),
        ("x = { csv = \"p.csv\", column = \"x\", columns = [\"x\"] }\ny = \"x\"", ["p.csv": "x\n1\n"],
         "lesson/lesson.toml:4: [data.x] columns: unknown key; expected one of: csv, column"),
        ("x = { csv = \"p.csv\" }\ny = \"x\"", ["p.csv": "x\n1\n"],
         "lesson/lesson.toml:4: [data] x: name the column to read; e.g. { csv = \"points.csv\", column = \"x\" } or { csv = \"f.csv\", columns = [\"x1\", \"x2\"] }"),
        ("x = { csv = 3, column = \"x\" }\ny = \"x\"", [:],
         "lesson/lesson.toml:4: [data] x: csv takes the path of a CSV file in quotes, relative to the scene file; e.g. { csv = \"points.csv\", column = \"x\" } or { csv = \"f.csv\", columns = [\"x1\", \"x2\"] }"),
        ("x = { csv = \"p.csv\", column = 1 }\ny = \"x\"", ["p.csv": "x\n1\n"],
         "lesson/lesson.toml:4: [data] x: column takes a column name in quotes; e.g. { csv = \"points.csv\", column = \"x\" } or { csv = \"f.csv\", columns = [\"x1\", \"x2\"] }"),
        ("x = { csv = \"p.csv\", columns = [] }\ny = \"x\"", ["p.csv": "x\n1\n"],
         "lesson/lesson.toml:4: [data] x: columns takes a non-empty list of column names; e.g. { csv = \"points.csv\", column = \"x\" } or { csv = \"f.csv\", columns = [\"x1\", \"x2\"] }"),
        ("x = { csv = \"p.csv\", columns = [\"x\", \"x\"] }\ny = \"x\"", ["p.csv": "x\n1\n"],
         "lesson/lesson.toml:4: [data] x: columns names 'x' twice"),
        ("x = { csv = \"p.csv\", column = \"z\" }\ny = \"x\"", ["p.csv": "x,y\n1,2\n"],
         "lesson/p.csv:1: [data] x: no column 'z'; the columns are: 'x', 'y'"),
        ("x = { csv = \"p.csv\", column = \"x\" }\ny = { csv = \"p.csv\", column = \"y\" }", ["p.csv": "x,y\n1,2\n3,?\n"],
         "lesson/p.csv:3:3: [data] x, y: '?' in column 'y' is not a number"),
        ("x = { csv = \"p.csv\", column = \"x\" }\ny = { csv = \"q.csv\", column = \"y\" }", ["p.csv": "x\n1\n2\n", "q.csv": "y\n1\n"],
         "lesson/lesson.toml:5: [data] y: y has shape [1] but x has shape [2]"),
    ])
    func keyErrors(_ data: String, _ files: [String: String], _ expected: String) throws {
        var made = files
        var folders: [String] = []
        for name in files.keys where name.hasSuffix("/.keep") {
            made[name] = nil
            folders.append(String(name.dropLast(6)))
        }
        let url = try Self.lesson(data, files: made)
        for folder in folders {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent().appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let folder = url.deletingLastPathComponent().standardizedFileURL.path
        #expect(Self.problem(url) == expected.replacingOccurrences(of: "FOLDER", with: folder))
    }

    /// Single-byte edits of a scene that reads a CSV file beside it, as SceneFuzzTests does to the
    /// shipped scenes: each edit loads (and trains) or fails with a located message, in the scene
    /// file or in the CSV file.
    @Test("edited CSV scenes load or fail with a location, never a crash")
    func mutatedCSVScenesFailCleanly() throws {
        let url = try Self.lesson("x = { csv = \"points.csv\", column = \"x\" }\ny = { csv = \"points.csv\", column = \"y\" }",
                                  files: ["points.csv": Self.pointsCSV, "x.csv": "x\n1\n", "y.csv": "y\n"])
        let original = Array(try String(contentsOf: url, encoding: .utf8).utf8)
        let replacements = Array("[]{}=\",.#0123456789-xyc \n".utf8)
        var rng = RandomSource(seed: 19)
        var loaded = 0
        for _ in 0..<300 {
            var bytes = original
            let position = rng.integer(in: 0...(bytes.count - 1))
            switch rng.integer(in: 0...2) {
            case 0: bytes[position] = replacements[rng.integer(in: 0...(replacements.count - 1))]
            case 1: bytes.remove(at: position)
            default: bytes.insert(replacements[rng.integer(in: 0...(replacements.count - 1))], at: position)
            }
            guard let text = String(bytes: bytes, encoding: .utf8) else { continue }
            do {
                let scene = try SceneLoader.parse(text, name: "lesson", file: "lesson/lesson.toml", directory: url.deletingLastPathComponent())
                loaded += 1
                SceneFuzzTests.exercise(scene)
            } catch {
                #expect(error.file.hasPrefix("lesson/"), "\(error)")
                #expect(error.line != nil, "every error names a line: \(error)")
            }
        }
        #expect(loaded > 0, "edits inside the description keep the file valid")
    }

    @Test("a scene parsed from text reads its CSV files from the current directory, and budgets them like other data")
    func parsedTextAndBudget() throws {
        let path = try CSVReaderTests.file(Array(("x,y\n" + (0..<2000).map { "\($0),\($0 * 2)" }.joined(separator: "\n")).utf8))
        let text = try String(contentsOf: Self.lesson("x = { csv = \"\(path)\", column = \"x\" }\ny = { csv = \"\(path)\", column = \"y\" }",
                                                      files: [:]), encoding: .utf8)
        let scene = try Fixtures.parse(text)
        #expect(scene.data?.inputs.shape == [2000])
        #expect(throws: SceneError.self) { try SceneLoader.parse(text, name: "bad", file: "bad.toml", memoryBudget: 10_000) }
    }
}
