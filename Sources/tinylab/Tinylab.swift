import ArgumentParser
import CAllocator

/// The `tinylab` command: a terminal learning lab where gradient descent trains small models live.
@main
struct Tinylab: ParsableCommand {
    /// What `tinylab --version` prints.
    static let version = "0.3.0"

    static let configuration = CommandConfiguration(
        commandName: "tinylab",
        abstract: "A terminal learning lab: watch gradient descent train small models, and steer it.",
        discussion: """
        Start with `tinylab scene parabola`. `tinylab list` shows every scene; copy a scene file \
        from Scenes/ to make your own and load it with `tinylab scene path/to/file.toml`.
        """,
        version: version,
        subcommands: [ListCommand.self, SceneCommand.self, CheckCommand.self]
    )

    static func main() {
        tinylab_tune_allocator()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
