import ArgumentParser
import Foundation
import Lab

/// What a scene argument on the command line (`tinylab scene ARG`, `tinylab check ARG`) names.
enum SceneArgument: Equatable {
    /// A scene file that exists.
    case file(path: String)
    /// A built-in scene, by its exact name.
    case builtIn(name: String)
    /// A path (it has a `/` or ends in `.toml`) to nothing.
    case missingFile(path: String)
    /// A name that is no built-in scene.
    case unknownName(String)

    init(_ argument: String) {
        if SceneLibrary.isPath(argument) {
            self = FileManager.default.fileExists(atPath: argument) ? .file(path: argument) : .missingFile(path: argument)
        } else if SceneLibrary.names.contains(argument) {
            self = .builtIn(name: argument)
        } else {
            self = .unknownName(argument)
        }
    }

    /// Loads the scene a `.file` or `.builtIn` argument names.
    func load() throws(SceneError) -> Lab.Scene? {
        switch self {
        case .file(let path): try SceneLoader.load(contentsOf: URL(fileURLWithPath: path), displayName: path)
        case .builtIn(let name): try SceneLibrary.scene(named: name)
        case .missingFile, .unknownName: nil
        }
    }

    /// "unknown scene 'parabolla'; did you mean 'parabola'? Built-in scenes: …".
    static func unknownSceneMessage(_ name: String) -> String {
        let shown = name.escapingControlCharacters()
        let list = "built-in scenes: \(SceneLibrary.entries().map(\.name).joined(separator: ", ")) (or give a path to a .toml file)"
        if let suggestion = SceneLibrary.suggestion(for: name) {
            return "unknown scene '\(shown)'; did you mean '\(suggestion)'? The \(list)"
        }
        return "unknown scene '\(shown)'; \(list)"
    }
}

extension SceneArgument {
    /// The scene `argument` names (`tinylab scene ARG`, `tinylab race ARG`); otherwise says what
    /// went wrong and exits 64 (unknown name, missing file) or 65 (bad scene file).
    static func load(_ argument: String) throws -> Lab.Scene {
        let named = SceneArgument(argument)
        switch named {
        case .missingFile(let path):
            printError("tinylab: \(path.escapingControlCharacters()): no such scene file; `tinylab list` shows the built-in scenes")
            throw ExitCode(64)
        case .unknownName(let name):
            printError("tinylab: " + unknownSceneMessage(name))
            throw ExitCode(64)
        case .file, .builtIn:
            do {
                if let loaded = try named.load() { return loaded }
            } catch {
                printError(error.description)
                throw ExitCode(65)
            }
            throw ExitCode(64)
        }
    }
}
