import Foundation
import TestSupport
import Testing

/// The release lab where people really run it: keys over slow links, Alt and Esc, terminals that
/// disappear, locales and terminal types without braille, pipes. Every case ends with an `stty`
/// check of the terminal left behind.
@Suite("the lab in real terminals", .serialized)
struct TerminalRobustnessTests {
    typealias Lab = InteractiveLabTests

    /// Starts parabola, pauses it and returns the paused status.
    static func pausedParabola(_ terminal: TmuxTerminal, environment: String = "",
                               sourceLocation: SourceLocation = #_sourceLocation) throws -> LabStatus {
        try #require(Lab.startLab(terminal, environment: environment, sourceLocation: sourceLocation) != nil,
                     sourceLocation: sourceLocation)
        terminal.send("Space", sourceLocation: sourceLocation)
        return try #require(terminal.waitForStatus("paused", sourceLocation: sourceLocation) { $0.state == "paused" },
                            sourceLocation: sourceLocation)
    }

    /// Whether process `pid` has ended (gone, or a zombie waiting for its parent).
    static func hasEnded(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state == "Z" || state == "X"
    }

    @Test("closing the terminal (the tmux server goes away) ends the lab within a second")
    func terminalClosed() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        var closed = false
        defer { if !closed { terminal.close() } }
        try #require(Lab.startLab(terminal, "scene sin-cubic", title: SceneFiles.title(of: "sin-cubic") ?? "sin") != nil)
        let lab = try #require(terminal.foregroundProcess())
        #expect(!Self.hasEnded(lab))
        terminal.close()
        closed = true
        let clock = ContinuousClock()
        let start = clock.now
        while !Self.hasEnded(lab) && clock.now - start < .seconds(3) { Thread.sleep(forTimeInterval: 0.02) }
        let took = clock.now - start
        #expect(Self.hasEnded(lab), "the lab (pid \(lab)) still runs 3 s after its terminal closed")
        #expect(took < .seconds(1), "the lab took \(took) to notice that its terminal closed")
        if !Self.hasEnded(lab) { kill(lab, SIGKILL) }
    }

    @Test("Esc closes the help; Esc on the main view does not quit; q still quits")
    func escape() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        let paused = try Self.pausedParabola(terminal)
        terminal.send("?")
        terminal.waitForScreen("the help") { $0.contains("help on / off") }
        terminal.send("Escape")
        terminal.waitForScreen("the help to close") { !$0.contains("help on / off") && LabStatus(screen: $0) != nil }
        terminal.send("Escape")
        // A lone Esc is known after the decoder's wait (0.3 s); give it time to act if it would.
        Thread.sleep(forTimeInterval: 0.8)
        let after = terminal.screen()
        #expect(LabStatus(screen: after)?.step == paused.step, "Esc on the main view changed the lab:\n\(after)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("an arrow key whose bytes arrive 100 ms apart is one step, and nothing leaks to the shell")
    func splitArrow() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        let paused = try Self.pausedParabola(terminal)
        terminal.run(["send-keys", "-t", "lab", "-H", "1b"])
        Thread.sleep(forTimeInterval: 0.1)
        terminal.run(["send-keys", "-t", "lab", "-l", "[C"])
        let stepped = try #require(terminal.waitForStatus("one step from the split arrow") { $0.step != paused.step })
        #expect(stepped.step == paused.step + 1)
        #expect(stepped.state == "paused")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        let screen = terminal.screen()
        #expect(!screen.contains("[C"), "bytes of the arrow reached the shell:\n\(screen)")
        terminal.expectSaneTerminal()
    }

    @Test("Alt-keys and unknown escape sequences are ignored (TERM=tmux-256color and xterm-256color)", .tags(.long), .skippedWhenQuick,
          arguments: ["tmux-256color", "xterm-256color"])
    func altKeysAndUnknownSequences(_ term: String) throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        let paused = try Self.pausedParabola(terminal, environment: "TERM=\(term) ")
        terminal.send("M-s", "M-x", "M-q", "Home", "End", "F5", "PPage", "NPage", "S-Left", "C-Right")
        Thread.sleep(forTimeInterval: 0.8)
        let after = try #require(LabStatus(screen: terminal.screen()), "the lab ended on Alt or function keys")
        #expect(after.step == paused.step && after.state == "paused", "\(after)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("LANG=C draws ASCII: no braille, no box lines")
    func asciiUnderCLocale() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        terminal.type(Lab.command("scene parabola", environment: "LANG=C LC_ALL= "))
        let screen = try #require(terminal.waitForScreen("the ASCII lab") { LabStatus(screen: $0) != nil })
        #expect(!screen.containsBraille, "braille under LANG=C:\n\(screen)")
        #expect(!screen.contains("│") && !screen.contains("─") && !screen.contains("┌"), "box lines under LANG=C:\n\(screen)")
        #expect(screen.contains("+ parabola"), "\(screen)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("--unicode draws braille under LANG=C; --ascii draws ASCII under UTF-8")
    func glyphFlags() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        terminal.type(Lab.command("scene parabola --ascii"))
        let ascii = try #require(terminal.waitForScreen("the ASCII lab") { LabStatus(screen: $0) != nil })
        #expect(!ascii.containsBraille && !ascii.contains("│"), "\(ascii)")
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.type(Lab.command("scene parabola --unicode", environment: "LANG=C LC_ALL= "))
        let unicode = try #require(terminal.waitForScreen("the Unicode lab") { LabStatus(screen: $0) != nil && $0.containsBraille })
        #expect(unicode.contains("│"))
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("TERM=vt100 and TERM=linux: ASCII, and on q a cleared screen with the prompt at the bottom left",
          arguments: ["vt100", "linux"])
    func terminalWithoutAlternateScreen(_ term: String) throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        terminal.type(Lab.command("scene parabola", environment: "TERM=\(term) ") + "; echo EXITED=$?")
        let screen = try #require(terminal.waitForScreen("the lab on \(term)") { LabStatus(screen: $0) != nil })
        #expect(!screen.containsBraille && !screen.contains("│"), "\(term) has no braille or box lines:\n\(screen)")
        terminal.send("q")
        let after = try #require(terminal.waitForScreen("the prompt after q") { $0.contains("EXITED=0") })
        let lines = after.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let exited = try #require(lines.firstIndex { $0.contains("EXITED=0") })
        #expect(lines[exited] == "EXITED=0", "the exit line shares its row with the last frame: '\(lines[exited])'")
        #expect(exited >= 27, "the prompt is not at the bottom (row \(exited) of 30)")
        #expect(!after.contains("parabola") || !after.contains("+---"), "the last frame stayed on screen:\n\(after)")
        terminal.expectSaneTerminal()
    }

    @Test("headless output through a pipe arrives line by line while the run goes on")
    func headlessLinesArriveAtOnce() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        // two-layer-net logs a line about every half second at --every 1000 (a step takes ~0.5 ms):
        // a pipe buffered in 4 KB blocks would hold back the first ~100 lines, about a minute; and
        // unlike sin-cubic's (2 µs a step) its line 999 is still on screen when it is looked for.
        terminal.type(Lab.command("scene two-layer-net --steps 100000000 --every 1000") + " | cat")
        let screen = terminal.waitForScreen("the first log lines through the pipe", timeout: .seconds(10)) { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("999 ") }
        }
        #expect(screen != nil, "the log reached the pipe in blocks, not per line")
        terminal.send("C-c")
        terminal.expectSaneTerminal()
    }

    @Test("`| head -1` on a long run returns promptly")
    func headOne() {
        let clock = ContinuousClock()
        let start = clock.now
        let binary = "'" + Tinylab.binary.path + "'"
        let result = ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"),
                                       ["-c", "\(binary) scene sin-cubic --steps 100000000 --every 1 | head -1"],
                                       environment: Tinylab.environment(), currentDirectory: Tinylab.packageRoot,
                                       timeout: .seconds(20))
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.count == 1 && result.stdoutLines.first?.hasPrefix("0 ") == true, "\(result)")
        #expect(clock.now - start < .seconds(5), "head -1 took \(clock.now - start)")
    }
}
