import LabFixtures
import Foundation
import Grad
import TestSupport
import Testing
@testable import Lab

/// Whatever bytes a scene file holds, loading gives a scene or a `SceneError`, never a crash; and a
/// scene that loads can start a session and step.
@Suite struct SceneFuzzTests {
    /// Loads `bytes` through the real file path; returns nil when the loader rejected them.
    static func load(_ bytes: [UInt8], in folder: URL, index: Int) throws -> Scene? {
        let url = folder.appendingPathComponent("case-\(index).toml")
        try Data(bytes).write(to: url)
        do {
            return try SceneLoader.load(contentsOf: url, displayName: "case.toml")
        } catch {
            #expect(error.file == "case.toml")
            #expect(!error.message.isEmpty)
            #expect(error.line != nil, "every error in a file names a line: \(error)")
            return nil
        }
    }

    /// A scene that loaded must be usable: a session starts and takes a step (or says why not).
    static func exercise(_ scene: Scene) {
        guard let session = try? Session(scene: scene, options: RunOptions(steps: 2)) else { return }
        session.trainStep()
        _ = session.parameterSummaries()
        _ = session.currentLoss()
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labtests-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: Fixtures.shippedNames)
    func truncatedSceneFilesFailCleanly(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Fixtures.url(name)))
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var rejected = 0
        for (index, cut) in stride(from: 0, to: bytes.count, by: 37).enumerated() {
            if let scene = try Self.load(Array(bytes[..<cut]), in: folder, index: index) {
                Self.exercise(scene)
            } else {
                rejected += 1
            }
        }
        #expect(rejected > 0, "most prefixes of \(name).toml lack [training]")
        #expect(try Self.load(bytes, in: folder, index: -1) != nil, "the whole file loads")
    }

    @Test func randomBytesFailCleanly() throws {
        var rng = RandomSource(seed: 2024)
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for index in 0..<200 {
            let count = rng.integer(in: 0...400)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(try Self.load(bytes, in: folder, index: index) == nil)
        }
    }

    /// Random sequences of TOML tokens and scene words get much further into the loader than
    /// random bytes do.
    @Test func randomTokenSoupFailsCleanly() {
        let tokens = ["[", "]", "[[", "]]", "{", "}", "=", ",", ".", "\"", "'", "\"\"\"", "\n", " ", "#", "-", "+",
                      "1", "0", "-1", "1e308", "nan", "inf", "2.5", "true", "1979-05-27",
                      "title", "description", "seed", "generator", "\"torch\"", "data", "model", "parameters", "training", "x", "y",
                      "noise", "formula", "layers", "activation", "random_terms", "term", "orders", "k",
                      "loss", "optimizer", "learning_rate", "max_steps", "sgd", "adam", "linspace", "values",
                      "normal", "uniform", "low", "high", "\"x^2\"", "\"a*x\"", "\"sin(x)\"", "\"normal\"",
                      "\"minimize\"", "\"sum_squares\"", "\"sgd\"", "[1, 2, 3]", "[3, 4]", "\u{0}", "é", "\u{FEFF}"]
        var rng = RandomSource(seed: 7)
        for _ in 0..<1500 {
            let count = rng.integer(in: 0...60)
            let text = (0..<count).map { _ in tokens[rng.integer(in: 0...(tokens.count - 1))] }.joined()
            do {
                Self.exercise(try Fixtures.parse(text))
            } catch {
                #expect(error.line != nil, "every error in a file names a line: \(error)")
            }
        }
    }

    /// Single-byte edits of the real files: each result loads or fails with a message.
    @Test(.tags(.long), .skippedWhenQuick, arguments: Fixtures.shippedNames)
    func mutatedSceneFilesFailCleanly(_ name: String) throws {
        let original = Array(try Fixtures.text(name).utf8)
        let replacements = Array("[]{}=\",.#0123456789-xkae \n".utf8)
        var rng = RandomSource(seed: UInt64(original.count))
        var loaded = 0
        for _ in 0..<150 {
            var bytes = original
            let position = rng.integer(in: 0...(bytes.count - 1))
            switch rng.integer(in: 0...2) {
            case 0: bytes[position] = replacements[rng.integer(in: 0...(replacements.count - 1))]
            case 1: bytes.remove(at: position)
            default: bytes.insert(replacements[rng.integer(in: 0...(replacements.count - 1))], at: position)
            }
            guard let text = String(bytes: bytes, encoding: .utf8) else { continue }
            do {
                let scene = try SceneLoader.parse(text, name: name, file: "\(name).toml")
                loaded += 1
                if name != "two-layer-net" { Self.exercise(scene) }
            } catch {
                #expect(error.file == "\(name).toml")
                #expect(!error.message.isEmpty)
                #expect(error.line != nil, "every error in a file names a line: \(error)")
            }
        }
        #expect(loaded > 0, "edits inside comments and descriptions keep the file valid")
    }

    // MARK: the TOML parser's assertion

    /// A table header that starts with a stray character makes toml++ (inside TOMLKit) abort on an
    /// assertion; the loader's preflight must turn it into an error with a line. Each case runs in a
    /// child process so that a regression fails this test only.
    @Test(arguments: ["[}", "[é]\nx = 1", "[#x]", "[.", "[\n", "title = \"t\"\n[=training]\n", "[[}]]", "  [ *]"])
    func strayCharactersAfterABracketAreErrorsNotCrashes(_ text: String) async {
        await #expect(processExitsWith: .exitCode(0)) { [text] in
            do {
                _ = try SceneLoader.parse(text, name: "bad", file: "bad.toml")
                exit(2)   // accepted: also wrong, these are not valid TOML
            } catch let error as SceneError {
                exit(error.line == nil ? 3 : 0)
            } catch {
                exit(4)
            }
        }
    }

    // MARK: deep nesting

    @Test func deeplyNestedArraysAreRejected() {
        let depth = 10_000
        let text = "title = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: SceneError.self) { try Fixtures.parse(text) }
    }

    @Test func deeplyNestedInlineTablesAreRejected() {
        let depth = 10_000
        let text = "x = " + String(repeating: "{ a = ", count: depth) + "1" + String(repeating: " }", count: depth)
        #expect(throws: SceneError.self) { try Fixtures.parse(text) }
    }

    @Test func deeplyDottedKeysAreRejected() {
        let depth = 10_000
        let key = Array(repeating: "a", count: depth).joined(separator: ".")
        #expect(throws: SceneError.self) { try Fixtures.parse("\(key) = 1") }
        #expect(throws: SceneError.self) { try Fixtures.parse("[\(key)]\nb = 1") }
    }

    @Test func unclosedNestingIsRejected() {
        #expect(throws: SceneError.self) { try Fixtures.parse("x = " + String(repeating: "[", count: 100_000)) }
        #expect(throws: SceneError.self) { try Fixtures.parse("x = " + String(repeating: "{a=", count: 100_000)) }
    }

    @Test func aVeryLongLineIsHandled() {
        let text = "title = \"" + String(repeating: "ab", count: 400_000) + "\""
        // The first problem; [model] and [training] are missing too, and follow in `others`.
        let error = #expect(throws: SceneError.self) { try Fixtures.parse(text) }
        #expect(error?.description == "bad.toml:1: missing key 'description' (a string)")
        #expect(error?.others.count == 2)
    }
}
