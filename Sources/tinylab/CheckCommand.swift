import ArgumentParser
import Foundation
import Lab
import LabApp

/// `tinylab check`: validates scene files without running them.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate scenes and lessons (files or built-in names; none: every built-in scene and lesson); print every independent problem of each file (up to 20, in source order) and exit non-zero if any is invalid.",
        discussion: "Exit status: 0 when every scene is valid, 65 when any is not, 64 when a file or name cannot be found."
    )

    @Argument(help: ArgumentHelp("Scene or lesson files (a file with [[cue]] tables is a lesson) or built-in names to check (default: every built-in scene and lesson).", valueName: "scene"),
              completion: SceneCompletion.kind)
    var scenes: [String] = []

    /// At most this many problems are printed per file, then "and N more".
    static let problemLimit = 20

    /// Prints a file's problems, at most `problemLimit` of them and then how many more there are.
    static func printProblems(_ error: SceneError) {
        for problem in error.all.prefix(problemLimit) { printError(problem.description) }
        if error.all.count > problemLimit {
            printError("\(error.file.escapingControlCharacters()): and \(error.all.count - problemLimit) more")
        }
    }

    func run() throws {
        let arguments = scenes.isEmpty ? SceneLibrary.entries().map(\.name) : scenes
        var invalid = 0
        var missing = 0
        let lessons = scenes.isEmpty ? LessonLibrary.entries().map(\.name) : scenes.filter(Self.isLesson)
        for argument in arguments where !lessons.contains(argument) {
            let reference = SceneArgument(argument)
            switch reference {
            case .missingFile(let path):
                printError("\(path.escapingControlCharacters()): no such file")
                missing += 1
                continue
            case .unknownName(let name):
                printError(SceneArgument.unknownSceneMessage(name))
                missing += 1
                continue
            case .file, .builtIn:
                break
            }
            do {
                guard let scene = try reference.load() else { continue }
                _ = try Session(scene: scene)
                print("\(argument.escapingControlCharacters()): ok (\(scene.title.escapingControlCharacters()))")
            } catch let error as SceneError {
                Self.printProblems(error)
                invalid += 1
            } catch {
                printError("\(argument.escapingControlCharacters()): \(error)")
                invalid += 1
            }
        }
        for argument in lessons {
            do {
                let lesson = try LessonLibrary.load(argument)
                _ = try LessonModel(lesson: lesson)
                print("\(argument.escapingControlCharacters()): ok (lesson: \(lesson.title.escapingControlCharacters()), \(lesson.cues.count) cues)")
            } catch let error as SceneError {
                Self.printProblems(error)
                invalid += 1
            } catch {
                printError("\(argument.escapingControlCharacters()): \(error)")
                invalid += 1
            }
        }
        if invalid > 0 { throw ExitCode(65) }
        if missing > 0 { throw ExitCode(64) }
    }

    /// Whether an argument names a lesson: a built-in lesson that is no scene, or a file with
    /// `[[cue]]` tables.
    static func isLesson(_ argument: String) -> Bool {
        if !SceneLibrary.isPath(argument) { return LessonLibrary.names.contains(argument) && !SceneLibrary.names.contains(argument) }
        guard let data = FileManager.default.contents(atPath: argument), data.count <= SceneLoader.maximumFileSize,
              let text = String(data: data, encoding: .utf8) else { return false }
        return text.split(whereSeparator: \.isNewline).contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[[cue") }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
