import Foundation
import Testing

/// `tinylab list` and `tinylab check` on the built-in scenes.
@Suite("list and check")
struct ListAndCheckTests {
    @Test("list prints every shipped scene, one line each: name, then its title")
    func listPrintsEveryScene() throws {
        let result = Tinylab.succeed(["list"])
        let lines = result.stdoutLines
        #expect(lines.count == SceneFiles.names.count, "\(result)")
        var listed: [String: String] = [:]
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else {
                Issue.record("`\(line)` is not `name  title`")
                continue
            }
            listed[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        #expect(listed.keys.sorted() == SceneFiles.names)
        for name in SceneFiles.names {
            let title = try #require(SceneFiles.title(of: name), "Scenes/\(name).toml has no title")
            #expect(listed[name] == title, "tinylab list: title of \(name)")
        }
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("list puts the scenes in teaching order")
    func listInTeachingOrder() {
        let names = Tinylab.succeed(["list"]).stdoutLines.compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(names == ["parabola", "linear", "noisy-quadratic", "sin-cubic", "legendre", "dynamic-net", "two-layer-net", "valley", "overfit", "minibatch", "xor", "moons", "spiral", "circle", "circle-features"])
    }

    @Test("the scene menu (`tinylab` alone) follows the same teaching order and shows the first sentence of the description")
    func menuInTeachingOrder() throws {
        try InteractiveLabTests.ensureBinary()
        let terminal = try TmuxTerminal(width: 160, height: 40)
        defer { terminal.close() }
        terminal.type(InteractiveLabTests.command(""))
        let menu = try #require(terminal.waitForScreen("the scene menu") { $0.contains("Enter opens") && $0.contains("two-layer-net") })
        let order = ["parabola", "linear", "noisy-quadratic", "sin-cubic", "legendre", "dynamic-net", "two-layer-net", "valley", "overfit", "minibatch", "xor", "moons", "spiral", "circle", "circle-features"]
        let rows = order.map { name in
            menu.split(separator: "\n").firstIndex { $0.split(separator: " ").contains { $0 == name } } ?? -1
        }
        #expect(rows.allSatisfy { $0 >= 0 } && rows == rows.sorted(), "menu rows \(rows):\n\(menu)")
        #expect(menu.contains("Gradient descent on a function, with no data"), "parabola's first sentence:\n\(menu)")
        terminal.send("q")
        #expect(InteractiveLabTests.waitForShell(terminal) == 0)
    }

    @Test("list and check print control characters in a title escaped, never raw")
    func controlCharactersInTitlesAreEscaped() throws {
        let folder = try TemporaryFolder()
        let text = SceneText.valid.replacingLine(1, with: #"title = "red\u001B[31m bell\u0007""#)
        let path = try folder.write("loud.toml", text)
        for result in [Tinylab.succeed(["list"], environment: ["TINYLAB_SCENES": folder.url.path]), Tinylab.succeed(["check", path])] {
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(result)")
            #expect(result.stdout.contains(#"red\u{1B}[31m bell\u{7}"#), "\(result)")
        }
    }

    @Test("list puts the titles in one column")
    func listAlignsTitles() {
        let lines = Tinylab.succeed(["list"]).stdoutLines
        let columns = Set(lines.compactMap { line -> Int? in
            guard let space = line.firstIndex(of: " ") else { return nil }
            return line[space...].firstIndex { $0 != " " }.map { line.distance(from: line.startIndex, to: $0) }
        })
        #expect(columns.count == 1, "title columns: \(columns.sorted())\n\(lines.joined(separator: "\n"))")
    }

    @Test("check Scenes/*.toml, run from the package root, exits 0 and reports each file ok")
    func checkBuiltInScenes() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: SceneFiles.folder.path)
            .filter { $0.hasSuffix(".toml") }.sorted().map { "Scenes/\($0)" }
        #expect(files.count == SceneFiles.names.count)
        let result = Tinylab.succeed(["check"] + files)
        for file in files {
            #expect(result.stdout.contains("\(file): ok"), "check \(file): \(result)")
        }
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("check with no arguments checks every built-in scene, in teaching order, then every shipped lesson")
    func checkEveryBuiltInScene() {
        let result = Tinylab.succeed(["check"])
        let names = ["parabola", "linear", "noisy-quadratic", "sin-cubic", "legendre", "dynamic-net", "two-layer-net", "valley", "overfit", "minibatch", "xor", "moons", "spiral", "circle", "circle-features"]
        #expect(result.stdoutLines.count == names.count + LessonCommandTests.lessons.count, "\(result)")
        for (line, name) in zip(result.stdoutLines.suffix(LessonCommandTests.lessons.count), LessonCommandTests.lessons) {
            #expect(line.hasPrefix("\(name): ok (lesson: "), "\(result)")
        }
        for (line, name) in zip(result.stdoutLines, names) {
            #expect(line == "\(name): ok (\(SceneFiles.title(of: name) ?? "?"))", "\(result)")
        }
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("check takes built-in names as scene does, alongside paths")
    func checkBuiltInNames() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("line.toml", SceneText.valid)
        let result = Tinylab.succeed(["check", "parabola", path, "sin-cubic"])
        #expect(result.stdoutLines == ["parabola: ok (\(SceneFiles.title(of: "parabola") ?? "?"))", "\(path): ok (test scene)",
                                       "sin-cubic: ok (\(SceneFiles.title(of: "sin-cubic") ?? "?"))"], "\(result)")
        #expect(!result.stdout.contains("no such file") && result.stderr.isEmpty, "\(result)")
    }

    @Test("check reports every bad file and still reports the good ones; any bad file makes it exit 65")
    func checkMixedFiles() throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("good.toml", SceneText.valid)
        let bad = try folder.write("bad.toml", SceneText.valid.replacingLine(18, with: "optimizer = \"lbfgs\""))
        let missing = folder.url.appendingPathComponent("missing.toml").path
        let result = Tinylab.run(["check", good, bad, missing])
        #expect(result.status == 65, "\(result)")
        #expect(result.stdout.contains("\(good): ok"), "\(result)")
        #expect(result.stderr.contains("\(bad):18"), "\(result)")
        #expect(result.stderr.contains("\(missing): no such file"), "\(result)")
    }

    @Test("check reports two independent mistakes of one file in one run, in source order; scene FILE still names the first")
    func checkReportsTwoMistakes() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write("two.toml", SceneText.valid.replacingLine(19, with: "max_steps = 0").replacingLine(3, with: "sed = 0"))
        let result = Tinylab.run(["check", bad])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderrLines == [
            "\(bad):3: sed: unknown key; expected one of: title, description, seed, generator, order, view, data, model, parameters, training, resume",
            "\(bad):19: [training] max_steps: expected a whole number of at least 1, found 0",
        ], "\(result)")
        let scene = Tinylab.run(["scene", bad, "--headless"])
        #expect(scene.status == 65, "\(scene)")
        #expect(scene.stderr.contains("\(bad):3: sed: unknown key") && !scene.stderr.contains("max_steps"), "\(scene)")
    }

    @Test("check reports three independent mistakes (data, model, training) of one file in one run")
    func checkReportsThreeMistakes() throws {
        let folder = try TemporaryFolder()
        let text = SceneText.valid.replacingLine(7, with: "y = \"2*x + s\"").replacingLine(10, with: "formula = \"a + b*x + c\"")
            .replacingLine(18, with: "optimizer = \"lbfgs\"")
        let bad = try folder.write("three.toml", text)
        let good = try folder.write("good.toml", SceneText.valid)
        let result = Tinylab.run(["check", bad, good])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderrLines == [
            "\(bad):7:12: [data] y: unknown name 's'; the target formula may only use x, numbers and pi",
            "\(bad):10:22: [model] formula: unknown parameter 'c'; declared: a, b",
            "\(bad):18: [training] optimizer: unknown optimizer 'lbfgs'; expected one of: sgd, momentum, nesterov, rmsprop, adam, adamw",
        ], "\(result)")
        #expect(result.stdoutLines == ["\(good): ok (test scene)"], "\(result)")
    }

    @Test("check prints at most 20 problems of a file, then how many more")
    func checkLimitsTheProblems() throws {
        let folder = try TemporaryFolder()
        let extra = (1...25).map { "extra\($0) = 1" }.joined(separator: "\n")
        let bad = try folder.write("many.toml", extra + "\n" + SceneText.valid)
        let result = Tinylab.run(["check", bad])
        #expect(result.status == 65, "\(result)")
        let lines = result.stderrLines
        #expect(lines.count == 21, "\(result)")
        #expect(lines.first?.hasPrefix("\(bad):1: extra1: unknown key") == true, "\(result)")
        #expect(lines.dropLast().last?.hasPrefix("\(bad):20: extra20: unknown key") == true, "\(result)")
        #expect(lines.last == "\(bad): and 5 more", "\(result)")
    }

    @Test("a scene file that passes check also runs headless")
    func checkedFileRuns() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("line.toml", SceneText.valid)
        _ = Tinylab.succeed(["check", path])
        let log = Tinylab.succeed(["scene", path, "--headless", "--format", "jsonl"])
        let run = try JSONLRun(log.stdout)
        #expect(run.final.steps == 50)
        let first = try #require(run.steps.first?.loss)
        #expect(try #require(run.final.loss) < first / 100, "the fit of y = 2x + 1 should get close: \(log.stdout)")
    }
}

/// A folder under the system's temporary directory, removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A small valid scene file, written for these tests so that line numbers are known.
enum SceneText {
    static let valid = """
        title = "test scene"
        description = "a scene for the tests"
        seed = 0

        [data]
        x = { linspace = [-1, 1, 20] }
        y = "2*x + 1"

        [model]
        formula = "a + b*x"

        [parameters]
        a = 0.0
        b = 0.0

        [training]
        loss = "mean_squares"
        optimizer = "sgd"
        max_steps = 50

        [training.learning_rate]
        sgd = 0.1

        """
}

extension String {
    /// The text with its 1-based line `number` replaced.
    func replacingLine(_ number: Int, with line: String) -> String {
        var lines = components(separatedBy: "\n")
        lines[number - 1] = line
        return lines.joined(separator: "\n")
    }
}
