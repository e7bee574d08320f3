import ArgumentParser
import CAllocator
import Foundation
import Lab
import LabApp

/// The `tinylab` command: a terminal learning lab where gradient descent trains small models live.
@main
struct Tinylab: ParsableCommand {
    /// A first argument that is no command, no option and no scene-looking path, said with the
    /// command it most likely meant (`secne` → `scene`) or, for a scene name, the command that
    /// opens it; nil when the arguments go to the parser as they are.
    static func unknownCommandMessage(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help" else { return nil }
        let commands = configuration.subcommands.map { $0.configuration.commandName ?? "" }
        guard !commands.contains(first) else { return nil }
        let list = "commands: \(commands.joined(separator: ", ")) (tinylab --help says more)"
        if SceneLibrary.names.contains(first) || SceneLibrary.isPath(first) {
            return "tinylab: '\(first.escapingControlCharacters())' is a scene, not a command; did you mean "
                + "`tinylab scene \(([first] + arguments.dropFirst()).joined(separator: " ").escapingControlCharacters())`?"
        }
        let shown = first.escapingControlCharacters()
        if let command = SceneLibrary.suggestion(for: first, among: commands) {
            return "tinylab: unknown command '\(shown)'; did you mean '\(command)'? The \(list)"
        }
        return "tinylab: unknown command '\(shown)'; the \(list)"
    }

    /// What `tinylab --version` prints.
    static let version = "0.3.0"

    static let configuration = CommandConfiguration(
        commandName: "tinylab",
        abstract: "A terminal learning lab: watch gradient descent train small models, and steer it.",
        discussion: """
        Start with `tinylab scene parabola`; in a terminal, `tinylab` alone opens the scene menu. \
        `tinylab list` shows every scene; copy a scene file \
        from Scenes/ to make your own and load it with `tinylab scene path/to/file.toml`. \
        `tinylab lesson` lists the scripted lessons (`tinylab lesson learning-rate` opens one).
        """,
        version: version,
        subcommands: [ListCommand.self, SceneCommand.self, RaceCommand.self, LessonCommand.self, CheckCommand.self]
    )

    /// Without a subcommand: the scene menu in a terminal (over the first scene, paused), the help
    /// elsewhere.
    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw CleanExit.helpRequest(self) }
        guard let first = SceneLibrary.entries().first(where: { $0.problem == nil })?.name else {
            printError("tinylab: the built-in scenes were not found next to the binary; set TINYLAB_SCENES to a folder of scene files")
            throw ExitCode.failure
        }
        let session: Session
        do {
            session = try Session(scene: SceneLibrary.scene(named: first), options: RunOptions(startsPaused: true))
        } catch {
            printError("tinylab: \(error)")
            throw ExitCode(65)
        }
        try LabFrontEnd(glyphs: .automatic).run(LabModel(solo: session, menuOptions: RunOptions(), menuOpen: true))
    }

    static func main() {
        tinylab_tune_allocator()
        if let message = unknownCommandMessage(Array(CommandLine.arguments.dropFirst())) {
            printError(message)
            Foundation.exit(64)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
