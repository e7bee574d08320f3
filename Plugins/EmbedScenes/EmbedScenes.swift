import Foundation
import PackagePlugin

/// Compiles the TOML files of a target's `Scenes` and `Lessons` folders into the target as Swift source
/// (`EmbeddedScenes.swift`, written by the `embed-scenes` tool), so the binary carries its
/// built-in scenes and works alone from any folder.
@main
struct EmbedScenes: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let files = target.sourceFiles(withSuffix: ".toml").map(\.url)
            .filter { ["Scenes", "Lessons"].contains($0.deletingLastPathComponent().lastPathComponent) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedScenes.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) scenes and lessons into \(target.name)",
                executable: try context.tool(named: "embed-scenes").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            ),
        ]
    }
}
