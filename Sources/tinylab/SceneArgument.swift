import ArgumentParser
import Foundation
import Lab

/// The `NAME|PATH` argument of `scene` and `race`.
enum SceneArgument {
    /// The built-in scene called `scene`, or the scene file at that path; says what went wrong
    /// and exits 64 (unknown name, missing file) or 65 (bad scene file) otherwise.
    static func load(_ scene: String) throws -> Lab.Scene {
        do {
            if SceneLibrary.isPath(scene) {
                guard FileManager.default.fileExists(atPath: scene) else {
                    printError("tinylab: \(scene): no such scene file; `tinylab list` shows the built-in scenes")
                    throw ExitCode(64)
                }
                return try SceneLoader.load(contentsOf: URL(fileURLWithPath: scene), displayName: scene)
            }
            guard SceneLibrary.folder != nil else {
                printError("tinylab: the built-in scenes were not found next to the binary (tinylab_Lab.resources or "
                           + "../share/tinylab/Scenes); set TINYLAB_SCENES to a folder of scene files, or give a path to a .toml file")
                throw ExitCode.failure
            }
            guard SceneLibrary.names.contains(scene) else {
                let names = SceneLibrary.names
                printError("tinylab: unknown scene '\(scene)'; built-in scenes: \(names.joined(separator: ", "))"
                           + " (or give a path to a .toml file)")
                throw ExitCode(64)
            }
            return try SceneLibrary.scene(named: scene)
        } catch let error as SceneError {
            printError(error.description)
            throw ExitCode(65)
        }
    }
}
