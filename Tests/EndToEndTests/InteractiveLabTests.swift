import Foundation
import TestSupport
import Testing

/// The interactive lab in a real terminal: tmux runs a plain `sh` (bash would repair the tty and
/// hide restore bugs), the test types the command, sends keys and reads the screen.
@Suite("interactive lab in tmux", .serialized)
struct InteractiveLabTests {
    static let parabolaTitle = SceneFiles.title(of: "parabola") ?? "descend f(x)"

    /// The shell command that starts the lab.
    static func command(_ arguments: String, environment: String = "") -> String {
        let binary = "'" + Tinylab.binary.path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return "\(environment)SWIFT_BACKTRACE=interactive=no \(binary) \(arguments)"
    }

    /// Starts the lab in `terminal` and waits until it is drawn: title, status row and plots.
    @discardableResult
    static func startLab(_ terminal: TmuxTerminal, _ arguments: String = "scene parabola", environment: String = "",
                         title: String = parabolaTitle, sourceLocation: SourceLocation = #_sourceLocation) -> LabStatus? {
        terminal.type(command(arguments, environment: environment), sourceLocation: sourceLocation)
        let screen = terminal.waitForScreen("the lab to be drawn", sourceLocation: sourceLocation) { screen in
            screen.contains(title) && LabStatus(screen: screen) != nil && screen.containsBraille
        }
        return screen.flatMap(LabStatus.init(screen:))
    }

    /// Waits until the lab is gone and the shell runs commands again; returns the lab's exit status.
    static func waitForShell(_ terminal: TmuxTerminal, sourceLocation: SourceLocation = #_sourceLocation) -> Int? {
        terminal.waitForScreen("the lab to end", sourceLocation: sourceLocation) { screen in
            LabStatus(screen: screen) == nil && !screen.containsBraille
        }
        return terminal.lastExitStatus(sourceLocation: sourceLocation)
    }

    static func ensureBinary() throws {
        guard FileManager.default.isExecutableFile(atPath: Tinylab.binary.path) else {
            throw TmuxError(description: "the tinylab binary was not found at \(Tinylab.binary.path)")
        }
    }

    @Test("keys: space pauses, s steps once, + doubles lr, o switches optimizer, r resets, q quits and restores the tty", .tags(.long), .skippedWhenQuick)
    func keys() throws {
        try Self.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Self.startLab(terminal) != nil)

        // Let it run a few steps, so that reset has something to undo.
        try #require(terminal.waitForStatus("a few steps") { $0.state == "running" && $0.step >= 3 } != nil)

        terminal.send("Space")
        let paused = try #require(terminal.waitForStatus("paused") { $0.state == "paused" })
        // Paused really means paused: half a second later (five steps at the scene's 10 steps/s)
        // the step is the same.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(LabStatus(screen: terminal.screen())?.step == paused.step, "the lab went on training while paused")

        terminal.send("s")
        let stepped = try #require(terminal.waitForStatus("the step counter moving") { $0.step != paused.step })
        #expect(stepped.step == paused.step + 1, "s moved from step \(paused.step) to \(stepped.step)")
        #expect(stepped.state == "paused")
        #expect(stepped.loss != paused.loss, "one step of SGD changes the loss")

        #expect(stepped.learningRate == "0.01")
        terminal.send("+")
        let doubled = try #require(terminal.waitForStatus("a new learning rate") { $0.learningRate != stepped.learningRate })
        #expect(doubled.learningRate == "0.02")
        #expect(doubled.step == stepped.step, "changing lr must not step")

        #expect(doubled.optimizer == "SGD")
        terminal.send("o")
        let switched = try #require(terminal.waitForStatus("another optimizer") { $0.optimizer != doubled.optimizer })
        #expect(switched.optimizer == "Momentum")

        // The lab is paused: r takes it back to step 0 and keeps it paused there.
        terminal.send("r")
        let reset = try #require(terminal.waitForStatus("step 0") { $0.step == 0 })
        #expect(reset.state == "paused", "r must keep a paused lab paused: \(reset)")
        #expect(reset.optimizer == "Momentum", "reset keeps the chosen optimizer")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(LabStatus(screen: terminal.screen())?.step == 0, "the lab trained after r although it was paused")

        terminal.send("q")
        #expect(Self.waitForShell(terminal) == 0, "q should exit with status 0")
        terminal.expectSaneTerminal()
    }

    @Test("below 60×16 the lab says its size, the size it needs and that q quits, and pauses; growing back resumes it", .tags(.long), .skippedWhenQuick)
    func resize() throws {
        try Self.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Self.startLab(terminal) != nil)
        try #require(terminal.waitForStatus("a few steps") { $0.state == "running" && $0.step >= 2 } != nil)

        let before = try #require(LabStatus(screen: terminal.screen()))
        terminal.resize(width: 59, height: 15)
        let small = terminal.waitForScreen("the enlarge message") { screen in
            screen.split(separator: "\n").count <= 15 && screen.contains("enlarge")
        }
        if let small {
            let words = small.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("59×15") && words.contains("60×16"), "no current and needed size:\n\(small)")
            #expect(words.contains("q to quit") || words.contains("q quits"), "no word on how to quit:\n\(small)")
            #expect(!small.containsBraille && !small.contains("│"), "lab drawing left in a 59×15 pane:\n\(small)")
        }
        // The parabola runs 10 steps/s: two seconds unseen would be 20 steps if it went on training.
        Thread.sleep(forTimeInterval: 2)
        terminal.resize(width: 100, height: 30)
        let big = try #require(terminal.waitForScreen("the lab again at 100×30") { screen in
            screen.contains(Self.parabolaTitle) && LabStatus(screen: screen) != nil && screen.containsBraille
        })
        #expect(!big.contains("enlarge"), "\(big)")
        #expect(big.split(separator: "\n").allSatisfy { $0.count <= 100 })
        let resumed = try #require(LabStatus(screen: big))
        #expect(resumed.state == "running", "the lab should run again once it can be seen: \(resumed)")
        #expect(resumed.step <= before.step + 5, "it trained unseen: step \(before.step) before, \(resumed.step) after 2 s hidden")

        terminal.send("q")
        #expect(Self.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("Ctrl-C ends the lab with status 130 and leaves a sane terminal")
    func controlC() throws {
        try Self.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Self.startLab(terminal) != nil)
        terminal.send("C-c")
        #expect(Self.waitForShell(terminal) == 130)
        terminal.expectSaneTerminal()
    }

    @Test("SIGINT, SIGTERM and SIGHUP end the lab with 130, 143 and 129 and leave a sane terminal", arguments: [("INT", 130), ("TERM", 143), ("HUP", 129)])
    func terminationSignals(_ signal: String, _ status: Int) throws {
        try Self.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Self.startLab(terminal) != nil)
        let lab = try #require(terminal.foregroundProcess())
        let commandLine = (try? String(contentsOfFile: "/proc/\(lab)/cmdline", encoding: .utf8)) ?? ""
        try #require(commandLine.contains("tinylab"), "process \(lab) is not the lab: \(commandLine)")
        let kill = ProcessRunner.run(URL(fileURLWithPath: "/bin/kill"), ["-\(signal)", String(lab)],
                                     environment: ProcessInfo.processInfo.environment, timeout: .seconds(10))
        #expect(kill.status == 0, "kill -\(signal) \(lab): \(kill)")
        #expect(Self.waitForShell(terminal) == status)
        terminal.expectSaneTerminal()
    }

    @Test("NO_COLOR=1: the lab still draws (without colors) and q quits cleanly")
    func noColor() throws {
        try Self.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Self.startLab(terminal, environment: "NO_COLOR=1 ") != nil)
        let styled = terminal.screen(escapes: true)
        #expect(Self.colorParameters(in: styled).isEmpty,
                "NO_COLOR=1 but colors were drawn: SGR \(Self.colorParameters(in: styled).sorted())")
        terminal.send("q")
        #expect(Self.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("without NO_COLOR the lab uses colors (the NO_COLOR test above is not vacuous)")
    func colors() throws {
        try Self.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Self.startLab(terminal) != nil)
        #expect(!Self.colorParameters(in: terminal.screen(escapes: true)).isEmpty, "no colors in a color terminal")
        terminal.send("q")
        #expect(Self.waitForShell(terminal) == 0)
    }

    @Test("a diverging run shows diverged and how to recover; r recovers")
    func divergence() throws {
        try Self.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        try #require(Self.startLab(terminal, "scene parabola --lr 10") != nil)
        let screen = try #require(terminal.waitForScreen("the run to diverge") { LabStatus(screen: $0)?.state == "diverged" })
        let status = try #require(LabStatus(screen: screen))
        #expect(status.learningRate == "10")
        let words = screen.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("learning rate") && (words.contains("lower") || words.contains("smaller")),
                "no advice to lower the learning rate:\n\(screen)")
        #expect(words.contains("at step \(status.step)"), "the message should say where it diverged:\n\(screen)")
        #expect(screen.contains("press r") && screen.contains("r/R reset"), "\(screen)")

        terminal.send("r")
        let recovered = try #require(terminal.waitForStatus("running or paused after r") { ["running", "paused"].contains($0.state) })
        #expect(recovered.step < status.step, "after r: \(recovered)")
        let after = terminal.screen()
        #expect(!after.contains("diverged"), "the diverged message stays after r:\n\(after)")

        terminal.send("q")
        #expect(Self.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("in a terminal with stdout piped (`| cat`) the scene runs headless")
    func pipedInTerminal() throws {
        try Self.ensureBinary()
        let terminal = try TmuxTerminal()
        defer { terminal.close() }
        let lines = try #require(terminal.shell(Self.command("scene linear") + " | cat"))
        #expect(lines.contains("0 30.0"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Result after 20 steps") }, "\(lines)")
        terminal.expectSaneTerminal()
    }

    /// SGR parameters that select a color (30–38, 40–48, 90–97, 100–107) in `capture-pane -e` output.
    static func colorParameters(in text: String) -> Set<Int> {
        var colors: Set<Int> = []
        for match in text.matches(of: #/\x1B\[([0-9;]*)m/#) {
            for parameter in match.1.split(separator: ";").compactMap({ Int($0) }) {
                if (30...38).contains(parameter) || (40...48).contains(parameter)
                    || (90...97).contains(parameter) || (100...107).contains(parameter) {
                    colors.insert(parameter)
                }
            }
        }
        return colors
    }
}
