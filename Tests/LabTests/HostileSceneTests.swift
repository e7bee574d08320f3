import LabFixtures
import Foundation
import Grad
import TestSupport
import Testing
@testable import Lab

/// The hostile inputs of the fuzzing pass: each is a located error (or a run that works), never a
/// crash, a hang or gigabytes.
@Suite struct HostileSceneTests {
    /// A formula scene with data, `x` on line 5 and `y` on line 6, the model formula on line 9.
    static func scene(x: String = "{ linspace = [-1, 1, 5] }", y: String = "\"2*x\"", formula: String = "a + b*x",
                      terms: String = "", training: String = "") -> String {
        """
        title = "t"
        description = "d"

        [data]
        x = \(x)
        y = \(y)

        [model]
        formula = "\(formula)"
        \(terms)

        [parameters]
        a = 0.0
        b = 1.0

        [training]
        loss = "mean_squares"
        optimizer = "sgd"
        max_steps = 10
        \(training)

        [training.learning_rate]
        sgd = 0.01
        """
    }

    static func layered(rows: Int, layers: [Int]) -> String {
        """
        title = "n"
        description = "d"
        [data]
        x = { normal = [\(rows), \(layers[0])] }
        y = { normal = [\(rows), \(layers.last!)] }
        [model]
        layers = \(layers)
        [training]
        loss = "sum_squares"
        optimizer = "adam"
        max_steps = 10
        [training.learning_rate]
        adam = 0.001
        """
    }

    static func error(_ text: String) -> String {
        do {
            _ = try Fixtures.parse(text)
            return "(loaded)"
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        ("a=[}", "bad.toml:1:4: not valid TOML: expected a value or ']' in the array, found '}'"),
        ("a=[1,2,}", "bad.toml:1:8: not valid TOML: expected a value or ']' in the array, found '}'"),
        ("a={b=[}}", "bad.toml:1:7: not valid TOML: expected a value or ']' in the array, found '}'"),
        ("a=1979-05-27T:", "bad.toml:1:3: not valid TOML: scene files have no dates or times; write a number, or text in \"quotes\""),
    ])
    func valuesThatAbortedTOMLPlusPlus(_ text: String, _ message: String) {
        #expect(Self.error(text) == message)
    }

    @Test(arguments: ["normal", "uniform"])
    func shapeProductsDoNotOverflow(_ kind: String) {
        #expect(Self.error(Self.scene(x: "{ \(kind) = [4294967296, 4294967296] }", y: "\"x\""))
                == "bad.toml:5: [data] x: \(kind) shape must have 1 or 2 dimensions and at most 50000000 values")
    }

    static let tooDeep = "the formula nests more than 256 levels deep (parentheses, functions, signs and powers, or that many terms in a row); write it shorter"

    @Test(arguments: [
        String(repeating: "(", count: 23_000) + "x" + String(repeating: ")", count: 23_000),
        String(repeating: "sin(", count: 30_000) + "x" + String(repeating: ")", count: 30_000),
        "a*x" + String(repeating: "^1", count: 90_000),
        String(repeating: "-", count: 50_000) + "a*x",
        Array(repeating: "a*x", count: 50_000).joined(separator: "+"),
    ])
    func deepFormulasAreErrors(_ formula: String) {
        let message = Self.error(Self.scene(formula: formula + " + b"))
        #expect(message.hasPrefix("bad.toml:9:"))
        #expect(message.contains("[model] formula: " + Self.tooDeep))
    }

    /// 256 levels of each kind parse, compile, evaluate, differentiate and free (257 do not).
    @Test(arguments: [
        (String(repeating: "(", count: 256) + "a" + String(repeating: ")", count: 256), "(a)"),
        (String(repeating: "sin(", count: 255) + "a" + String(repeating: ")", count: 255), "sin(a)"),
        ("a" + String(repeating: "^1", count: 255), "a^1"),
        (String(repeating: "-", count: 255) + "a", "-a"),
        (Array(repeating: "a", count: 256).joined(separator: "+"), "a+a"),
    ])
    func formulasAtTheDepthLimitWork(_ formula: String, _ oneMore: String) throws {
        let expression = try Expression.parse(formula)
        let a = Tensor(0.5, requiresGrad: true)
        let value = CompiledFormula(expression, inputs: [:], parameters: ["a"]).evaluate([a])
        value.backward()
        #expect(value.item.isFinite && a.grad?.item.isFinite == true)
        let deeper = oneMore.contains("+") ? formula + "+a" : formula.replacingOccurrences(of: "a", with: oneMore)
        #expect(throws: ExpressionError.self) { try Expression.parse(deeper) }
    }

    /// Long graphs (100,000 random terms added in a row, a chain of 200,000 operations) train and
    /// are freed without recursing once per node; a net of 40,000 layers is refused (at most 100),
    /// and an optimizer over 80,000 tensors (what such a net had) steps in linear time.
    @Test(.tags(.long), .skippedWhenQuick) func longGraphsAreFreedIteratively() throws {
        let layers = Array(repeating: 1, count: 40_000)
        #expect(Self.error(Self.layered(rows: 4, layers: layers)) == "bad.toml:7: [model] layers: 39999 layers; the lab trains at most 100 (101 sizes)")
        let tensors = (0..<80_000).map { _ in Tensor(1.0, requiresGrad: true) }
        for tensor in tensors { tensor.grad = Tensor(0.5) }
        var optimizer = Optimizer.adam(learningRate: 0.1)
        let start = ContinuousClock.now
        optimizer.step(tensors)
        optimizer.step(tensors.reversed())
        #expect(ContinuousClock.now - start < .seconds(20), "two steps over 80,000 tensors (the optimizer's state lookup is O(1))")
        let orders = Array(repeating: "2", count: 100_000).joined(separator: ", ")
        let terms = Self.scene(terms: "random_terms = { term = \"b*x^k\", orders = [\(orders)] }")
        let termSession = try Session(scene: try Fixtures.parse(terms), options: RunOptions(steps: 3))
        for _ in 0..<3 { termSession.trainStep() }
        var chain = Tensor(1.0, requiresGrad: true)
        for _ in 0..<200_000 { chain = -chain }
        chain.backward()
    }

    @Test(arguments: [
        (layered(rows: 50_000_000, layers: [1, 100_000, 1]),
         "bad.toml:7: [model] layers: these layers over 50000000 rows would need about 200 TB; scenes may use at most 2.0 GB; use fewer rows or narrower layers"),
        (layered(rows: 100_000, layers: [1, 10_000, 1]),
         "bad.toml:7: [model] layers: these layers over 100000 rows would need about 40.0 GB; scenes may use at most 2.0 GB; use fewer rows or narrower layers"),
        (scene(x: "{ linspace = [-1, 1, 50000000] }", y: "\"sin(x)\""),
         "bad.toml:5: [data] x: 50000000 points with this formula would need about 2.8 GB; scenes may use at most 2.0 GB; use fewer points"),
        (scene(x: "{ linspace = [-1, 1, 50000000] }", formula: "a + b*x + b*x^2 + b*x^3 + b*x^4 + b*x^5 + b*x^6"),
         "bad.toml:5: [data] x: 50000000 points with this formula would need about 6.8 GB; scenes may use at most 2.0 GB; use fewer points"),
        (scene(x: "{ linspace = [-1, 1, 50000000] }", terms: "random_terms = { term = \"b*x^k\", orders = [4, 5, 6, 7] }"),
         "bad.toml:10: [model.random_terms] orders: 4 random-term orders over 50000000 points would need about 7.6 GB; scenes may use at most 2.0 GB; use fewer points or orders"),
    ])
    func sizesAreBudgeted(_ text: String, _ message: String) {
        #expect(Self.error(text) == message)
    }

    @Test(arguments: [
        (scene(x: "{ linspace = [nan, 1, 20] }"), "bad.toml:5: [data] x: expected finite numbers, found nan"),
        (scene(x: "{ linspace = [-inf, inf, 20] }"), "bad.toml:5: [data] x: expected finite numbers, found -inf"),
        (scene(x: "{ linspace = [-1.7e308, 1.7e308, 20] }"),
         "bad.toml:5: [data] x: linspace from -1.7e+308 to 1.7e+308 spans more than the largest number; choose closer ends"),
        (scene(x: "{ values = [1, nan, 3] }"), "bad.toml:5: [data] x: expected finite numbers, found nan"),
        (scene(x: "{ values = [1, 2, 3] }", y: "{ values = [1, inf, 3] }"), "bad.toml:6: [data] y: expected finite numbers, found inf"),
        (scene(y: "\"log(x)\""),
         "bad.toml:6: [data] y: the target is nan at x = -1.0 (point 1 of 5); targets must be finite numbers, so choose x where the formula is defined"),
        (scene(y: "\"1/0\""),
         "bad.toml:6: [data] y: the target is inf at x = -1.0 (every point); targets must be finite numbers, so choose x where the formula is defined"),
        (scene(y: "\"1e999*x\""), "bad.toml:6:6: [data] y: '1e999' is too large for a number at column 1 of the formula"),
        (scene(terms: "random_terms = { term = \"b*x^k\", orders = [nan, inf] }"),
         "bad.toml:10: [model.random_terms] orders: orders must be finite numbers"),
        (scene(x: "{ uniform = [20], low = nan }"), "bad.toml:5: [data.x] low: expected a finite number, found nan"),
        (scene(x: "{ uniform = [20], low = -1.7e308, high = 1.7e308 }"),
         "bad.toml:5: [data] x: uniform from -1.7e+308 to 1.7e+308 spans more than the largest number; choose closer bounds"),
        (scene().replacingOccurrences(of: "sgd = 0.01", with: "sgd = nan"),
         "bad.toml:23: [training.learning_rate] sgd: expected a finite number, found nan"),
        (scene(x: "{ normal = [20] }", y: "\"x\"").replacingOccurrences(of: "[data]", with: "[data]\nnoise = 1e308"),
         "bad.toml:5: [data] noise: noise σ = 1e+308 makes target 10 -inf; use a smaller noise"),
    ])
    func nonFiniteDataIsAFileError(_ text: String, _ message: String) {
        #expect(Self.error(text) == message)
    }

    @Test func wrongPlacesAreRightNow() {
        let base = Self.scene()
        #expect(Self.error(base + "\n[xdata]\nq = 1") == "bad.toml:24: xdata: unknown key; expected one of: title, description, seed, generator, order, view, data, model, parameters, training, resume")
        #expect(Self.error(base + "\n[\"é\"]") == "bad.toml:24: é: unknown key; expected one of: title, description, seed, generator, order, view, data, model, parameters, training, resume")
        #expect(Self.error(Self.scene(training: "max_steps = 9223372036854775807").replacingOccurrences(of: "max_steps = 10\n", with: ""))
                == "bad.toml:19: [training] max_steps: at most 100000000 steps (about a day of training at full speed); found 9223372036854775807")
    }

    @Test func controlCharactersAreEscaped() throws {
        let scene = try Fixtures.parse(Self.scene().replacingOccurrences(of: "title = \"t\"", with: #"title = "\u001b[31mred\u0007""#))
        #expect(scene.title == #"\u{1B}[31mred\u{7}"#)
        let error = SceneError(file: "f", line: 1, key: "k\u{1B}", message: "m\u{9B}")
        #expect(error.description == #"f:1: k\u{1B}: m\u{9B}"#)
    }

    static func load(_ path: String) -> String {
        do {
            _ = try SceneLoader.load(contentsOf: URL(fileURLWithPath: path), displayName: path)
            return "(loaded)"
        } catch {
            return error.description
        }
    }

    @Test func filesThatAreNotSceneFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(Self.load(folder.path) == "\(folder.path): is a directory; give a scene file (.toml) inside it")
        #expect(Self.load("/dev/zero") == "/dev/zero: is a device, not a file; give a scene file (.toml)")
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(Self.load(fifo) == "\(fifo): is a pipe or socket, not a file; save the scene to a .toml file and give its path")
        let huge = folder.appendingPathComponent("nul.toml").path
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, 2_000_000_000) == 0)
        #expect(Self.load(huge) == "\(huge): the file has 2000000000 bytes; scene files are at most 32000000 bytes (32 MB)")
    }
}
