import Foundation
import TestSupport
import Testing

/// `--record FILE.cast` with the release binary in tmux: the asciicast v2 format, a replay that ends
/// on the lab's last frame, paths that cannot be written, and a recording that runs out of room.
@Suite("recordings", .serialized)
struct RecordingTests {
    typealias Lab = InteractiveLabTests

    /// The header and events of a cast file, checked as asciicast v2 on the way.
    static func events(_ file: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> (header: [String: Any], events: [[Any]]) {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any], sourceLocation: sourceLocation)
        var events: [[Any]] = []
        var last = 0.0
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], "\(line)", sourceLocation: sourceLocation)
            let time = try #require(event.first as? Double, sourceLocation: sourceLocation)
            #expect(event.count == 3 && time >= last && ["o", "r"].contains(event[1] as? String) && event[2] is String, "\(line)",
                    sourceLocation: sourceLocation)
            last = time
            events.append(event)
        }
        return (header, events)
    }

    @Test("a recorded session is asciicast v2 (header, timed events), and cat-ing its output in a terminal ends on the lab's last frame")
    func formatAndReplay() throws {
        try Lab.ensureBinary()
        let folder = try TemporaryFolder()
        let cast = folder.url.appendingPathComponent("lab.cast")
        let terminal = try TmuxTerminal(width: 80, height: 24)
        defer { terminal.close() }
        terminal.type(Lab.command("scene parabola --paused --record '\(cast.path)'"))
        try #require(terminal.waitForStatus("paused at step 0") { $0.step == 0 } != nil)
        terminal.send("s", "s", "s", "+")
        let last = try #require(terminal.waitForScreen("step 3 and the new rate", settled: true) { screen in
            LabStatus(screen: screen)?.step == 3 && screen.contains("lr 0.02")
        })
        Thread.sleep(forTimeInterval: 0.3)
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        let (header, events) = try Self.events(cast)
        #expect(header["version"] as? Int == 2 && header["width"] as? Int == 80 && header["height"] as? Int == 24, "\(header)")
        #expect(header["title"] as? String == "tinylab scene parabola")
        #expect(events.count >= 4, "a first screen and one event a change: \(events.count)")
        let output = events.filter { $0[1] as? String == "o" }.map { $0[2] as! String }.joined()
        let replay = folder.url.appendingPathComponent("replay.txt")
        try output.write(to: replay, atomically: true, encoding: .utf8)
        terminal.type("clear; cat '\(replay.path)'; sleep 30")
        let replayed = try #require(terminal.waitForScreen("the replay") { $0.contains("lr 0.02") && LabStatus(screen: $0)?.step == 3 })
        #expect(replayed == last, "replayed:\n\(replayed)\nlast frame:\n\(last)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted() == ["lab.cast", "replay.txt"], "no temporary file left")
    }

    @Test("a recording path that cannot be written is an error before the lab opens, and leaves no file")
    func unwritable() throws {
        let missing = Tinylab.run(["scene", "parabola", "--record", "/nonexistent-\(UUID().uuidString)/lab.cast"])
        #expect(missing.status == 1 && missing.stderr.contains("cannot write there (No such file or directory)"), "\(missing)")
        let folder = try TemporaryFolder()
        let directory = Tinylab.run(["scene", "parabola", "--record", folder.url.path])
        #expect(directory.status == 64 && directory.stderr.contains("is a directory; give a file name such as"), "\(directory)")
        let headless = Tinylab.run(["scene", "parabola", "--headless", "--record", folder.url.appendingPathComponent("x.cast").path])
        #expect(headless.status == 64 && headless.stderr.contains("--record records the lab in a terminal"), "\(headless)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test("a recording that runs out of room (a file size limit, as a full disk) stops with a notice, keeps whole events, and the lab goes on")
    func outOfRoom() throws {
        try Lab.ensureBinary()
        let folder = try TemporaryFolder()
        let cast = folder.url.appendingPathComponent("full.cast")
        let terminal = try TmuxTerminal(width: 80, height: 24)
        defer { terminal.close() }
        terminal.type("ulimit -f 24; " + Lab.command("scene sin-cubic --paused --record '\(cast.path)'"))
        try #require(terminal.waitForStatus("paused at step 0") { $0.step == 0 } != nil)
        var stopped: String?
        for _ in 0..<40 where stopped == nil {
            terminal.send("s")
            Thread.sleep(forTimeInterval: 0.1)
            let screen = terminal.screen()
            if screen.contains("the recording stopped") { stopped = screen }
        }
        let screen = try #require(stopped, "the notice never came")
        #expect(screen.contains("File too large") || screen.contains("No space left"), "\(screen)")
        let before = LabStatus(screen: screen)?.step ?? 0
        terminal.send("s", "s")
        try #require(terminal.waitForStatus("two steps more") { $0.step == before + 2 } != nil)
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        let (header, events) = try Self.events(cast)
        #expect(header["version"] as? Int == 2 && !events.isEmpty)
        let size = try FileManager.default.attributesOfItem(atPath: cast.path)[.size] as? Int ?? 0
        #expect(size <= 24 * 1024, "\(size) bytes")
    }
}
