import Foundation
import Testing

/// The release binary carries its scenes: copied alone into an empty folder and run from another
/// with an empty environment it lists, checks and draws them; scene folders beside it or in
/// `TINYLAB_SCENES` add scenes (and replace a built-in of the same name); the shells' completion of
/// a scene argument offers the scene names and `.toml` files.
@Suite("self-contained binary")
struct SelfContainedBinaryTests {
    /// A fresh folder with `bin/tinylab` (a copy of the binary under test) and an empty `elsewhere/`.
    static func install() throws -> (root: URL, binary: URL, elsewhere: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-alone-\(UUID().uuidString)")
        let bin = root.appendingPathComponent("bin"), elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let binary = bin.appendingPathComponent("tinylab")
        try FileManager.default.copyItem(at: Tinylab.binary, to: binary)
        return (root, binary, elsewhere)
    }

    static func run(_ binary: URL, _ arguments: [String], in folder: URL, environment: [String: String] = [:]) -> ProcessResult {
        ProcessRunner.run(binary, arguments, environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 },
                          currentDirectory: folder, timeout: .seconds(60))
    }

    static func sceneFile(title: String) throws -> String {
        let parabola = try String(contentsOf: SceneFiles.folder.appendingPathComponent("parabola.toml"), encoding: .utf8)
        return parabola.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("title") ? "title = \"\(title)\"" : String($0) }.joined(separator: "\n")
    }

    @Test("the binary alone, from another folder, with an empty environment: list, check, a snapshot")
    func aloneInAnEmptyFolder() throws {
        let (root, binary, elsewhere) = try Self.install()
        defer { try? FileManager.default.removeItem(at: root) }
        let list = Self.run(binary, ["list"], in: elsewhere)
        #expect(list.status == 0 && list.stdoutLines.count == SceneFiles.names.count, "\(list)")
        let check = Self.run(binary, ["check"], in: elsewhere)
        #expect(check.status == 0 && check.stdoutLines.allSatisfy { $0.contains(": ok (") }, "\(check)")
        let snapshot = Self.run(binary, ["scene", "sin-cubic", "--snapshot", "100x30"], in: elsewhere)
        #expect(snapshot.status == 0 && snapshot.stdoutLines.count == 30, "\(snapshot)")
        #expect(snapshot.stdout.contains("sin-cubic"), "\(snapshot)")
    }

    @Test("scene files in ../share/tinylab/Scenes and TINYLAB_SCENES add scenes; the first folder's file replaces a built-in")
    func foldersAddAndReplaceScenes() throws {
        let (root, binary, elsewhere) = try Self.install()
        defer { try? FileManager.default.removeItem(at: root) }
        let share = root.appendingPathComponent("share/tinylab/Scenes")
        let custom = root.appendingPathComponent("custom")
        for folder in [share, custom] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try Self.sceneFile(title: "beside the binary").write(to: share.appendingPathComponent("beside.toml"), atomically: true, encoding: .utf8)
        try Self.sceneFile(title: "shared parabola").write(to: share.appendingPathComponent("parabola.toml"), atomically: true, encoding: .utf8)
        try Self.sceneFile(title: "my parabola").write(to: custom.appendingPathComponent("parabola.toml"), atomically: true, encoding: .utf8)

        let shared = Self.run(binary, ["list"], in: elsewhere).stdout
        #expect(shared.contains("beside the binary"), "\(shared)")
        #expect(shared.contains("shared parabola") && !shared.contains("descend f(x)"), "\(shared)")
        let withCustom = Self.run(binary, ["list"], in: elsewhere, environment: ["TINYLAB_SCENES": custom.path])
        #expect(withCustom.stdout.contains("my parabola") && !withCustom.stdout.contains("shared parabola"), "\(withCustom)")
        #expect(withCustom.stdoutLines.count == SceneFiles.names.count + 1, "\(withCustom)")
        let opened = Self.run(binary, ["scene", "beside", "--snapshot", "100x30"], in: elsewhere)
        #expect(opened.status == 0 && opened.stdout.contains("beside the binary"), "\(opened)")
    }

    @Test("bash completes a scene argument to the scene names and to .toml files and folders")
    func bashCompletesSceneNames() throws {
        let (root, binary, elsewhere) = try Self.install()
        defer { try? FileManager.default.removeItem(at: root) }
        try "x".write(to: elsewhere.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)
        try "x".write(to: elsewhere.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        let script = Self.run(binary, ["--generate-completion-script", "bash"], in: elsewhere)
        let scriptFile = root.appendingPathComponent("tinylab.bash")
        try script.stdout.write(to: scriptFile, atomically: true, encoding: .utf8)
        let complete = #"""
        source "$1"
        for line in "tinylab scene " "tinylab scene p" "tinylab race two" "tinylab check m" "tinylab scene ./"; do
          COMP_LINE="$line"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"
          [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
          COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
          _tinylab tinylab "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
          echo "$line|${COMPREPLY[*]}"
        done
        """#
        let result = ProcessRunner.run(URL(fileURLWithPath: "/bin/bash"), ["-c", complete, "bash", scriptFile.path],
                                       environment: ["PATH": binary.deletingLastPathComponent().path + ":/usr/bin:/bin"],
                                       currentDirectory: elsewhere, timeout: .seconds(60))
        let replies = Dictionary(uniqueKeysWithValues: result.stdoutLines.map { line in
            let parts = line.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        })
        #expect(replies["tinylab scene "] == (SceneFiles.names + ["lessons/", "mine.toml"]).joined(separator: " "), "\(result)")
        #expect(replies["tinylab scene p"] == "parabola", "\(result)")
        #expect(replies["tinylab race two"] == "two-layer-net", "\(result)")
        #expect(replies["tinylab check m"] == "minibatch moons mine.toml", "\(result)")
        #expect(replies["tinylab scene ./"] == "./lessons/ ./mine.toml", "\(result)")
    }
}
