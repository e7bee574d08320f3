import Foundation

/// The scenes shipped with tinylab, and how a command-line argument finds a scene.
///
/// Built-in scenes live in the `Scenes` folder that SwiftPM copies next to the executable
/// (`tinylab_Lab.resources/Scenes`). The folder is also looked for under `../share/tinylab/Scenes`
/// beside an installed binary, and `TINYLAB_SCENES` overrides both.
public enum SceneLibrary {
    /// The folder of built-in scenes, if one can be found.
    public static var folder: URL? {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let custom = ProcessInfo.processInfo.environment["TINYLAB_SCENES"], !custom.isEmpty {
            candidates.append(URL(fileURLWithPath: custom))
        }
        let executable = URL(fileURLWithPath: (try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent("tinylab_Lab.resources/Scenes"))
        candidates.append(executable.appendingPathComponent("../share/tinylab/Scenes").standardized)
        if let bundled = Bundle.main.resourceURL?.appendingPathComponent("tinylab_Lab.resources/Scenes") {
            candidates.append(bundled)
        }
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// Names of the built-in scenes, sorted.
    public static var names: [String] {
        guard let folder, let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads the built-in scene `name`.
    public static func scene(named name: String) throws(SceneError) -> Scene {
        guard let folder else {
            throw SceneError(file: name, message: "the built-in scenes folder was not found next to the tinylab binary; set TINYLAB_SCENES to a folder of scene files")
        }
        return try SceneLoader.load(contentsOf: folder.appendingPathComponent("\(name).toml"), displayName: "\(name).toml")
    }

    /// Whether `argument` names a file rather than a built-in scene.
    public static func isPath(_ argument: String) -> Bool {
        argument.contains("/") || argument.hasSuffix(".toml") || FileManager.default.fileExists(atPath: argument)
    }
}
