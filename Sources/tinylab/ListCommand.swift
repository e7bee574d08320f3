import ArgumentParser
import Lab

/// `tinylab list`: one line per built-in scene, in teaching order.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the built-in scenes in teaching order: name and title."
    )

    func run() throws {
        Self.print(SceneLibrary.entries())
    }

    /// One line an entry: the names in a column, then the title (or why the file is invalid).
    static func print(_ entries: [SceneEntry]) {
        let width = entries.map(\.name.count).max() ?? 0
        for entry in entries {
            let name = entry.name.padding(toLength: width, withPad: " ", startingAt: 0)
            Swift.print((name + "  " + (entry.problem.map { "(invalid: \($0))" } ?? entry.title)).escapingControlCharacters())
        }
    }
}
