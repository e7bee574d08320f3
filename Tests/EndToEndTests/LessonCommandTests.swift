import Foundation
import TestSupport
import Testing

/// `tinylab lesson` with the release binary: the list, headless rehearsals of every shipped lesson,
/// bad lesson files, `tinylab check` of lessons, and the lesson keys in a real terminal.
@Suite("lessons", .serialized)
struct LessonCommandTests {
    static let lessons = ["learning-rate", "momentum", "adam", "overfitting"]

    @Test("tinylab lesson lists the shipped lessons in order, with titles")
    func list() {
        let result = Tinylab.succeed(["lesson"])
        #expect(result.stdoutLines.map { String($0.prefix(while: { $0 != " " })) } == Self.lessons)
        #expect(result.stdout.contains("The learning rate: too small, right, too large"))
    }

    @Test("tinylab lesson NAME --headless plays the lesson: every cue with its step and loss, every verdict, the score", arguments: lessons)
    func rehearsal(name: String) throws {
        let result = Tinylab.succeed(["lesson", name, "--headless"])
        let lines = result.stdoutLines
        let count = try #require(Int(lines.first?.split(separator: ",").last?.split(separator: " ").first ?? ""), "\(lines)")
        let cues = lines.filter { $0.hasPrefix("cue ") }
        #expect(cues.count == count && cues.enumerated().allSatisfy { $1.hasPrefix("cue \($0 + 1)/\(count) at step ") }, "\(lines)")
        #expect(!result.stdout.contains("not passed"), "\(result.stdout)")
        #expect(lines.last?.hasSuffix("exercises passed") == true || lines.last?.hasSuffix("exercise passed") == true
                || lines.last == "  this lesson poses no exercises", "\(lines)")
    }

    @Test("learning-rate rehearsed: the step trigger at 40, the prediction and the divergence above 3.56e-6, 2 of 2 passed")
    func learningRate() {
        let out = Tinylab.succeed(["lesson", "learning-rate"]).stdout
        #expect(out.contains("cue 2/7 at step 40, loss -1.4550144126645468: Forty steps"))
        #expect(out.contains("  exercise of cue 4: passed: you said no: within 30 steps nothing of the kind happened (lr 0.15)"))
        #expect(out.contains("  exercise of cue 6: passed: diverged at step 76 with SGD at lr 4e-6 (the stable bound for SGD is 3.558e-6)"))
        #expect(out.hasSuffix("  2 of 2 exercises passed\n"))
    }

    @Test("bad lessons: an unknown name (64, with a suggestion), a missing file (64), a located mistake (65, also from check)")
    func badInput() throws {
        let unknown = Tinylab.run(["lesson", "learning-rat"])
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown lesson 'learning-rat'; did you mean 'learning-rate'?"), "\(unknown)")
        let missing = Tinylab.run(["lesson", "/nonexistent/lesson.toml"])
        #expect(missing.status == 64 && missing.stderr.contains("no such lesson file"), "\(missing)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lessons-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mine.toml")
        try "title = \"t\"\ndescription = \"d\"\nscene = \"parabola\"\n[[cue]]\ncaption = \"c\"\nwhen = { step = 2000 }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let bad = Tinylab.run(["lesson", file.path, "--headless"])
        #expect(bad.status == 65 && bad.stderr.contains("mine.toml:6:8: cue 1 when: step 2000 is beyond the scene's max_steps (1000)"), "\(bad)")
        let checked = Tinylab.run(["check", file.path])
        #expect(checked.status == 65 && checked.stderr.contains("mine.toml:6:8: cue 1 when:"), "\(checked)")
        try "title = \"t\"\ndescription = \"d\"\nscene = \"parabola\"\n[[cue]]\ncaption = \"c\"\n".write(to: file, atomically: true, encoding: .utf8)
        let good = Tinylab.run(["check", file.path])
        #expect(good.status == 0 && good.stdout.contains("ok (lesson: t, 1 cues)"), "\(good)")
    }

    @Test("the lesson file the README shows works as it stands: it checks, and its rehearsal passes its exercise")
    func readmeLesson() throws {
        let readme = try String(contentsOf: Tinylab.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```toml\ntitle = \"Too large a step\""))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let text = String(readme[readme.index(start.lowerBound, offsetBy: 8)..<end.lowerBound])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-lesson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("too-large.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(Tinylab.run(["check", file.path]).status == 0)
        let result = Tinylab.succeed(["lesson", file.path, "--headless"])
        #expect(result.stdout.contains("cue 2/4 at step 40,") && result.stdout.hasSuffix("  1 of 1 exercise passed\n"), "\(result)")
    }

    @Test("in tmux: the caption bar, space runs to the step-40 cue, n and p move between cues (p as it stood), l lists them, q restores the terminal")
    func keysInTmux() throws {
        try InteractiveLabTests.ensureBinary()
        let terminal = try TmuxTerminal(width: 100, height: 30)
        defer { terminal.close() }
        terminal.type(InteractiveLabTests.command("lesson learning-rate"))
        try #require(terminal.waitForScreen("cue 1") { $0.contains("cue 1/7 Gradient descent walks downhill") && $0.contains("n next") } != nil)
        terminal.send(" ")
        let second = try #require(terminal.waitForScreen("cue 2 at step 40", timeout: .seconds(20)) { $0.contains("cue 2/7 Forty steps") })
        #expect(LabStatus(screen: second)?.step == 40, "\(second)")
        terminal.send("n")
        try #require(terminal.waitForScreen("cue 3") { $0.contains("cue 3/7 lr = 0.2") } != nil)
        terminal.send("p")
        let back = try #require(terminal.waitForScreen("back at cue 2") { $0.contains("back at cue 2 of 7, step 40") })
        #expect(LabStatus(screen: back)?.step == 40 && back.contains("x=-0.172"), "\(back)")
        terminal.send("l")
        try #require(terminal.waitForScreen("the cue list") { $0.contains("▶ 2. step 40 · Forty steps") } != nil)
        terminal.send("q")
        #expect(InteractiveLabTests.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }
}
