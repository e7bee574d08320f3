import ArgumentParser
import Foundation
import Lab

/// `tinylab check`: validates scene files without running them.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate scene files; print each problem and exit non-zero if any file is invalid.",
        discussion: "Exit status: 0 when every file is valid, 65 when any is not, 64 when a file cannot be found."
    )

    @Argument(help: ArgumentHelp("Scene files to check.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one scene file to check, e.g. tinylab check Scenes/*.toml") }
    }

    func run() throws {
        var invalid = 0
        var missing = 0
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else {
                printError("\(path): no such file")
                missing += 1
                continue
            }
            do {
                let scene = try SceneLoader.load(contentsOf: URL(fileURLWithPath: path), displayName: path)
                _ = try Session(scene: scene)
                print("\(path): ok (\(scene.title.escapingControlCharacters()))")
            } catch let error as SceneError {
                printError(error.description)
                invalid += 1
            } catch {
                printError("\(path): \(error)")
                invalid += 1
            }
        }
        if invalid > 0 { throw ExitCode(65) }
        if missing > 0 { throw ExitCode(64) }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
