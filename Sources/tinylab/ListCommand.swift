import ArgumentParser
import Lab

/// `tinylab list`: one line per built-in scene.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the built-in scenes: name and title."
    )

    func run() throws {
        let names = SceneLibrary.names
        guard !names.isEmpty else {
            printError("tinylab: the built-in scenes folder was not found next to the binary; set TINYLAB_SCENES")
            throw ExitCode.failure
        }
        let width = names.map(\.count).max() ?? 0
        for name in names {
            do {
                let scene = try SceneLibrary.scene(named: name)
                print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + scene.title.escapingControlCharacters())
            } catch {
                print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  (invalid: \(error))")
            }
        }
    }
}
