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

    @Test func theBuiltInLibraryListsAndLoadsTheShippedScenes() throws {
        let folder = try #require(SceneLibrary.folder, "the test runner finds tinylab_Lab.resources/Scenes")
        #expect(FileManager.default.fileExists(atPath: folder.path))
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
        _ = try #require(SceneLibrary.folder)
        #expect(throws: SceneError(file: "no-such-scene.toml", message: "no such file; `tinylab list` shows the built-in scenes")) {
            _ = try SceneLibrary.scene(named: "no-such-scene")
        }
    }
}
