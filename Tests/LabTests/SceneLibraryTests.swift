import LabFixtures
import Foundation
import Testing
@testable import Lab

/// How `tinylab scene ARG` tells a file from a built-in name, and the built-in library.
@Suite struct SceneLibraryTests {
    @Test(arguments: [
        ("parabola", false),
        ("sin-cubic", false),
        ("two-layer-net", false),
        ("my-scene.toml", true),
        ("./parabola", true),
        ("scenes/parabola", true),
        ("/tmp/x", true),
        ("../a.toml", true),
        ("~/x.toml", true),
    ])
    func namesAndPaths(_ argument: String, _ isPath: Bool) {
        #expect(SceneLibrary.isPath(argument) == isPath)
    }

    @Test func anExistingFileInTheWorkingFolderIsAPathEvenWithoutSlashOrSuffix() throws {
        let fileManager = FileManager.default
        let entries = (try? fileManager.contentsOfDirectory(atPath: fileManager.currentDirectoryPath)) ?? []
        let candidate = entries.first { !$0.hasSuffix(".toml") && !$0.contains("/") }
        try #require(candidate != nil, "the working folder has some file")
        #expect(SceneLibrary.isPath(candidate!))
    }

    /// The scenes are compiled into the binary (the EmbedScenes plugin): every file of the source
    /// folder, byte for byte, and nothing else.
    @Test func theBinaryCarriesEveryShippedSceneFileByteForByte() throws {
        let folder = Fixtures.scenesFolder
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }
        #expect(SceneLibrary.builtInNames == files.map { String($0.dropLast(5)) }.sorted())
        for file in files {
            let source = try Data(contentsOf: folder.appendingPathComponent(file))
            let embedded = try #require(SceneLibrary.builtInText(named: String(file.dropLast(5))))
            #expect(Data(embedded.utf8) == source, "\(file)")
        }
    }

    @Test func theBuiltInLibraryListsAndLoadsTheShippedScenes() throws {
        let names = SceneLibrary.names
        #expect(names == names.sorted())
        for name in Fixtures.designScenes {
            #expect(names.contains(name))
        }
        let builtIn = try SceneLibrary.scene(named: "parabola")
        let fromSource = try Fixtures.scene("parabola")
        #expect(builtIn.name == "parabola")
        #expect(builtIn.title == fromSource.title)
        #expect(builtIn.model == fromSource.model)
    }

    @Test func anUnknownBuiltInNameIsAnErrorNamingIt() throws {
        #expect(throws: SceneError(file: "no-such-scene.toml", message: "no such file; `tinylab list` shows the built-in scenes")) {
            _ = try SceneLibrary.scene(named: "no-such-scene")
        }
    }

    /// DESIGN.md §4's teaching order, which the menu and `tinylab list` follow.
    static let teachingOrder = ["parabola", "linear", "noisy-quadratic", "sin-cubic", "legendre", "dynamic-net", "two-layer-net", "valley", "overfit", "minibatch", "xor", "moons", "spiral", "circle", "circle-features"]

    @Test func entriesComeInTeachingOrderWithTitlesAndOneSentenceSummaries() throws {
        let entries = SceneLibrary.entries()
        #expect(entries.map(\.name) == Self.teachingOrder)
        #expect(entries.map(\.order) == Array(1...Self.teachingOrder.count))
        for entry in entries {
            let scene = try Fixtures.scene(entry.name)
            #expect(entry.problem == nil)
            #expect(entry.title == scene.title)
            #expect(!entry.summary.contains("\n") && entry.summary.hasSuffix("."), "\(entry.name): \(entry.summary)")
            #expect(entry.summary.count >= 30 && entry.summary.count < scene.description.count - 40, "\(entry.name): \(entry.summary)")
            #expect(scene.description.replacingOccurrences(of: "\n", with: " ").hasPrefix(entry.summary))
        }
        #expect(entries[2].summary == "Two hundred points were made from y = −0.55x² + 1.2x − 0.81 and then shaken with random noise of size 2.")
    }

    @Test(arguments: [
        ("One line. Two.", "One line."),
        ("Wrapped\nover lines, e.g. this one. Next", "Wrapped over lines, e.g. this one."),
        ("Numbers 0.81 and 2. Then", "Numbers 0.81 and 2."),
        ("No full stop", "No full stop"),
        ("Ends here!\n", "Ends here!"),
    ])
    func summaryIsTheFirstSentenceOnOneLine(_ description: String, _ summary: String) {
        #expect(SceneLibrary.summary(of: description) == summary)
    }

    @Test func scenesThatSayTheirPlaceComeFirstThenTheOthersByName() {
        let entries = [
            SceneEntry(name: "zeta", title: "", summary: "", order: nil),
            SceneEntry(name: "beta", title: "", summary: "", order: 2),
            SceneEntry(name: "alpha", title: "", summary: "", order: nil),
            SceneEntry(name: "gamma", title: "", summary: "", order: 0),
            SceneEntry(name: "delta", title: "", summary: "", order: 2),
        ]
        #expect(entries.sorted(by: SceneLibrary.precedes).map(\.name) == ["gamma", "beta", "delta", "alpha", "zeta"])
    }

    @Test func theOrderKeyIsAWholeNumberOfAtLeastZero() throws {
        let valid = try Fixtures.text("linear")
        #expect(try Fixtures.parse(valid.replacingOccurrences(of: "order = 2", with: "order = 0")).order == 0)
        #expect(try Fixtures.parse(valid.replacingOccurrences(of: "order = 2\n", with: "")).order == nil)
        let negative = valid.replacingOccurrences(of: "order = 2", with: "order = -1")
        #expect(throws: SceneError.self) { _ = try Fixtures.parse(negative) }
        do {
            _ = try Fixtures.parse(valid.replacingOccurrences(of: "order = 2", with: "order = \"first\""))
            Issue.record("order = \"first\" was accepted")
        } catch {
            #expect(error.description.contains("order") && error.description.contains("whole number"), "\(error)")
        }
    }

    @Test(arguments: [
        ("parabolla", "parabola"),
        ("Parabola", "parabola"),
        ("PARABOLA", "parabola"),
        ("sin_cubic", "sin-cubic"),
        ("sincubic", "sin-cubic"),
        ("two_layer_net", "two-layer-net"),
        ("legendr", "legendre"),
        ("dynamic", "dynamic-net"),
        ("liner", "linear"),
        ("noisy-quadratik", "noisy-quadratic"),
    ])
    func aNearMissSuggestsTheNearestName(_ typed: String, _ meant: String) {
        #expect(SceneLibrary.suggestion(for: typed, among: Self.teachingOrder) == meant)
    }

    @Test(arguments: ["nosuch", "qwk", "overfitting", "quadratic-noise"])
    func aNameNearNothingSuggestsNothing(_ typed: String) {
        #expect(SceneLibrary.suggestion(for: typed, among: Self.teachingOrder) == nil)
    }

    @Test func editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        func distance(_ a: String, _ b: String) -> Int { SceneLibrary.editDistance(Array(a), Array(b)) }
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("", "abc") == 3)
        #expect(distance("abc", "abc") == 0)
        #expect(distance("parabolla", "parabola") == 1)
        #expect(distance("flaw", "lawn") == 2)
    }
}
