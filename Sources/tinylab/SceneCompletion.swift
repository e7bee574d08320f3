import ArgumentParser
import Foundation
import Lab

/// Shell completion of a scene argument: the scene names `tinylab list` knows (built in, and any
/// that `TINYLAB_SCENES` adds), then the `.toml` files and folders the typed prefix leads to.
enum SceneCompletion {
    static let kind = CompletionKind.custom { _, _, prefix in candidates(for: prefix) }

    static func candidates(for prefix: String, in workingFolder: String = FileManager.default.currentDirectoryPath) -> [String] {
        let names = prefix.contains("/") ? [] : SceneLibrary.names.filter { $0.hasPrefix(prefix) }
        return names + files(for: prefix, in: workingFolder)
    }

    /// `.toml` files and folders whose path starts with `prefix`, spelled as the user began it.
    static func files(for prefix: String, in workingFolder: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let typedFolder = slash.map { String(prefix[...$0]) } ?? ""
        let stem = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let expanded = (typedFolder as NSString).expandingTildeInPath
        let folder = typedFolder.isEmpty ? workingFolder
            : expanded.hasPrefix("/") ? expanded : workingFolder + "/" + expanded
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return entries.filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().compactMap { entry in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + entry, isDirectory: &isDirectory) else { return nil }
            if isDirectory.boolValue { return typedFolder + entry + "/" }
            return entry.hasSuffix(".toml") ? typedFolder + entry : nil
        }
    }
}
