import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Pictures and state for slides, in the release binary: `--snapshot-format svg`, and w and W
/// pressed in the lab running in tmux in a fresh folder.
@Suite("pictures and state files", .serialized)
struct PicturesAndStateTests {
    typealias Lab = InteractiveLabTests

    /// Each `<text>` element's characters, in order (an XML parser's reading of the rows).
    final class Rows: NSObject, XMLParserDelegate {
        var rows: [String] = []
        private var inText = false
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "text" { inText = true; rows.append("") }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { inText = false }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { rows[rows.count - 1] += string }
        }
        static func of(_ data: Data) -> [String]? {
            let rows = Rows()
            let parser = XMLParser(data: data)
            parser.delegate = rows
            return parser.parse() ? rows.rows : nil
        }
    }

    @Test("--snapshot-format svg prints an SVG document whose rows are the text snapshot's, in colour")
    func svgSnapshot() throws {
        let arguments = ["scene", "parabola", "--steps", "20", "--snapshot", "80x24"]
        let text = Tinylab.succeed(arguments).stdout
        let svg = Tinylab.succeed(arguments + ["--snapshot-format", "svg"])
        #expect(svg.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let rows = try #require(Rows.of(svg.stdoutData), "not well-formed XML:\n\(svg.stdout.prefix(2000))")
        // The text snapshot is drawn without colour, the picture in colour (series then differ by
        // colour, not glyph), so the rows that hold no series are the same.
        let lines = text.split(separator: "\n").map(String.init)
        #expect(rows.count == 24 && rows.allSatisfy { $0.count == 80 })
        for index in [0, 20, 21, 22, 23] { #expect(rows[index] == lines[index], "row \(index + 1)") }
        #expect(svg.stdout.contains("fill=\"#c0392b\""), "the current point is drawn red")
        #expect(Tinylab.succeed(arguments + ["--snapshot-format", "text"]).stdout == text)
    }

    @Test("--snapshot-format without --snapshot is a command-line error")
    func formatWithoutSnapshot() {
        let result = Tinylab.run(["scene", "parabola", "--snapshot-format", "svg"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("--snapshot-format says what --snapshot prints; give the size too, e.g. --snapshot 100x30 --snapshot-format svg"),
                "\(result)")
        let bad = Tinylab.run(["scene", "parabola", "--snapshot", "80x24", "--snapshot-format", "png"])
        #expect(bad.status == 64 && bad.stderr.contains("png"), "\(bad)")
    }

    static func freshFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-w-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("w writes the screen as NAME-stepN.svg and .txt, never over an earlier pair; the notice names them")
    func wWritesThePicture() throws {
        try Lab.ensureBinary()
        let folder = try Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        terminal.type("cd '\(folder.path)'")
        try #require(Lab.startLab(terminal, "scene parabola --paused") != nil)
        terminal.send("s", "s", "s")
        try #require(terminal.waitForStatus("three steps") { $0.step == 3 } != nil)
        let before = terminal.screen()
        terminal.send("w")
        let noticed = try #require(terminal.waitForScreen("the notice") { $0.contains("wrote parabola-step3.svg and .txt") })
        let svg = folder.appendingPathComponent("parabola-step3.svg"), txt = folder.appendingPathComponent("parabola-step3.txt")
        let text = try String(contentsOf: txt, encoding: .utf8)
        let screenText = before.split(separator: "\n", omittingEmptySubsequences: false).prefix(30)
            .map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) }
        #expect(text == screenText.joined(separator: "\n") + "\n", "the .txt is the screen:\n\(text)\n---\n\(before)")
        let rows = try #require(Rows.of(try Data(contentsOf: svg)))
        #expect(rows.count == 30 && rows.allSatisfy { $0.count == 100 })
        #expect(rows.map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) } == Array(screenText))
        terminal.send("w")
        try #require(terminal.waitForScreen("the second notice") { $0.contains("wrote parabola-step3-2.svg and .txt") } != nil,
                     "\(noticed)")
        #expect(try String(contentsOf: txt, encoding: .utf8) == text, "the first pair is kept")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["parabola-step3-2.svg", "parabola-step3-2.txt", "parabola-step3.svg", "parabola-step3.txt"])
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
    }

    @Test("W writes a state file whose command reopens the run at its step; a read-only folder says so and leaves nothing")
    func bigWWritesTheState() throws {
        try Lab.ensureBinary()
        let folder = try Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        terminal.type("cd '\(folder.path)'")
        try #require(Lab.startLab(terminal, "scene noisy-quadratic --paused --optimizer adam", title: SceneFiles.title(of: "noisy-quadratic") ?? "noisy") != nil)
        for _ in 0..<5 { terminal.send("s") }
        let status = try #require(terminal.waitForStatus("five steps") { $0.step == 5 })
        terminal.send("W")
        try #require(terminal.waitForScreen("the notice") {
            $0.contains("wrote noisy-quadratic-step5.toml · tinylab scene noisy-quadratic-step5.toml opens it")
        } != nil)
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        let state = folder.appendingPathComponent("noisy-quadratic-step5.toml")
        #expect(Tinylab.run(["check", state.path]).status == 0)
        try #require(Lab.startLab(terminal, "scene noisy-quadratic-step5.toml --paused", title: SceneFiles.title(of: "noisy-quadratic") ?? "noisy") != nil)
        let reopened = try #require(terminal.waitForStatus("the reopened run") { $0.step == 5 })
        #expect(reopened.optimizer == "Adam" && reopened.loss == status.loss, "\(reopened) vs \(status)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)

        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        #expect(chmod(locked.path, 0o555) == 0)
        defer { chmod(locked.path, 0o755) }
        terminal.type("cd '\(locked.path)'")
        try #require(Lab.startLab(terminal, "scene parabola --paused") != nil)
        terminal.send("W")
        // root writes into a read-only folder, so only another user sees the refusals.
        if geteuid() != 0 {
            _ = terminal.waitForScreen("the refusal") { $0.contains("cannot write parabola-step0.toml: permission denied") }
            terminal.send("w")
            _ = terminal.waitForScreen("the second refusal") { $0.contains("cannot write parabola-step0.svg: permission denied") }
        }
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        if geteuid() != 0 { #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path) == []) }

        // A folder removed under the running lab fails for root too.
        let gone = folder.appendingPathComponent("gone")
        try FileManager.default.createDirectory(at: gone, withIntermediateDirectories: true)
        terminal.type("cd '\(gone.path)'")
        try #require(Lab.startLab(terminal, "scene parabola --paused") != nil)
        try FileManager.default.removeItem(at: gone)
        terminal.send("W")
        _ = terminal.waitForScreen("the refusal") { $0.contains("cannot write parabola-step0.toml: no such file or directory") }
        terminal.send("w")
        _ = terminal.waitForScreen("the picture's refusal") { $0.contains("cannot write parabola-step0.svg: no such file or directory") }
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }
}
