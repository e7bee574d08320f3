import Foundation
import Testing

/// Why a tmux-driven test could not run.
struct TmuxError: Error, CustomStringConvertible {
    var description: String

    static let notInstalled = TmuxError(description: """
        tmux is not installed, so the real-terminal tests cannot run. Install it (e.g. `apt-get install tmux`; \
        .ci/run does this) and run the tests again.
        """)
}

/// A private tmux server with one 100×30 (or other size) window running a plain `sh`, in which a
/// test types commands, sends keys and reads the screen as a person would see it.
///
/// Each instance has its own server socket (`tmux -L tinylab-test-…`), so tests never share a
/// server; `close()` kills it.
final class TmuxTerminal {
    let socket: String
    /// The socket file, removed by `close()` (tmux leaves it behind).
    private var socketPath = ""
    private let tmux: URL
    private let environment: [String: String]
    private var markers = 0

    /// Starts the server and a detached session of `width`×`height` cells running `sh`.
    /// Throws `TmuxError.notInstalled` (failing the test) when tmux is missing.
    init(width: Int = 100, height: Int = 30, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let tmux = Self.findTmux() else { throw TmuxError.notInstalled }
        self.tmux = tmux
        socket = "tinylab-test-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        var environment = Tinylab.environment()
        environment["SHELL"] = "/bin/sh"
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = nil
        environment["ENV"] = nil
        environment["PS1"] = "$ "
        self.environment = environment
        let started = run(["new-session", "-d", "-s", "lab", "-x", "\(width)", "-y", "\(height)", "/bin/sh"],
                          sourceLocation: sourceLocation)
        guard started.status == 0 else {
            throw TmuxError(description: "tmux new-session failed: \(started)")
        }
        socketPath = run(["display-message", "-p", "#{socket_path}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func findTmux() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent("tmux")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    @discardableResult
    func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> ProcessResult {
        ProcessRunner.run(tmux, ["-u", "-f", "/dev/null", "-L", socket] + arguments, environment: environment,
                          timeout: .seconds(20), sourceLocation: sourceLocation)
    }

    /// Sends keys by tmux name (`Space`, `C-c`, `Enter`) or as single characters.
    func send(_ keys: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        let result = run(["send-keys", "-t", "lab"] + keys, sourceLocation: sourceLocation)
        #expect(result.status == 0, "tmux send-keys \(keys): \(result)", sourceLocation: sourceLocation)
    }

    /// Types `line` literally into the shell and ends it with a newline (Ctrl-J rather than Enter,
    /// so that the shell still reads the line when a broken terminal no longer maps CR to NL).
    func type(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        run(["send-keys", "-t", "lab", "-l", line], sourceLocation: sourceLocation)
        run(["send-keys", "-t", "lab", "C-j"], sourceLocation: sourceLocation)
    }

    /// The visible screen as text (`capture-pane -p`); with `escapes`, including SGR attributes.
    func screen(escapes: Bool = false) -> String {
        run(["capture-pane", "-p", "-t", "lab"] + (escapes ? ["-e"] : [])).stdout
    }

    func resize(width: Int, height: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = run(["resize-window", "-t", "lab", "-x", "\(width)", "-y", "\(height)"], sourceLocation: sourceLocation)
        #expect(result.status == 0, "tmux resize-window: \(result)", sourceLocation: sourceLocation)
    }

    /// Polls the screen until `condition` holds and returns that screen; after `timeout` fails the
    /// test (showing `what` and the last screen) and returns nil. With `settled`, the screen must
    /// also be the same on two captures in a row: tmux may show a frame half drawn (the heading of
    /// the new frame above the rows of the old), which a still picture never is twice.
    @discardableResult
    func waitForScreen(_ what: String, timeout: Duration = .seconds(10), settled: Bool = false,
                       sourceLocation: SourceLocation = #_sourceLocation,
                       until condition: (String) -> Bool) -> String? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var last = ""
        while true {
            let previous = last
            last = screen()
            if condition(last), !settled || last == previous { return last }
            if clock.now >= deadline { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("waited \(timeout) for \(what); the screen shows:\n\(last)", sourceLocation: sourceLocation)
        return nil
    }

    /// Polls until the status line of the lab satisfies `condition`.
    @discardableResult
    func waitForStatus(_ what: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
                       until condition: (LabStatus) -> Bool) -> LabStatus? {
        let screen = waitForScreen("the status line to show \(what)", timeout: timeout, sourceLocation: sourceLocation) { screen in
            LabStatus(screen: screen).map(condition) ?? false
        }
        return screen.flatMap(LabStatus.init(screen:))
    }

    /// Clears the screen, types a shell command followed by a fresh marker, waits for the marker and
    /// returns the lines the command printed. Fails the test if the shell never runs the command
    /// (e.g. a broken terminal that no longer turns Enter into a newline).
    func shell(_ command: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String]? {
        markers += 1
        // The typed line reads `done-$((n+0))`; only the output reads `done-n`.
        // `$?` of the previous command survives `clear` as `$last_status`.
        type("last_status=$?; clear; \(command); echo \"done-$((\(markers)+0))\"", sourceLocation: sourceLocation)
        let marker = "done-\(markers)"
        func isMarker(_ line: Substring) -> Bool { line.trimmingCharacters(in: .whitespaces) == marker }
        guard let screen = waitForScreen("the shell to run `\(command)`", sourceLocation: sourceLocation, until: { screen in
            screen.split(separator: "\n").contains(where: isMarker)
        }) else { return nil }
        let lines = screen.split(separator: "\n")
        let end = lines.firstIndex(where: isMarker) ?? lines.endIndex
        return lines[..<end].map(String.init)
    }

    /// The exit status of the last command, read with `echo $?` in the shell.
    func lastExitStatus(sourceLocation: SourceLocation = #_sourceLocation) -> Int? {
        guard let lines = shell("echo \"status=$last_status\"", sourceLocation: sourceLocation) else { return nil }
        for line in lines {
            if let match = line.firstMatch(of: #/status=(\d+)/#) { return Int(match.1) }
        }
        Issue.record("no `status=N` line in \(lines)", sourceLocation: sourceLocation)
        return nil
    }

    /// Runs `stty -a` in the pane and checks that the terminal is back in a state a shell user can
    /// work with: echo and canonical line editing on, CR read as NL, NL written as CR NL.
    func expectSaneTerminal(sourceLocation: SourceLocation = #_sourceLocation) {
        guard let lines = shell("stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(echo|icanon|icrnl|onlcr)$' | tr '\\n' ' '; echo",
                                sourceLocation: sourceLocation) else { return }
        let modes = Set(lines.joined(separator: " ").split(separator: " ").map(String.init))
        #expect(modes.contains("echo") && !modes.contains("-echo"), "stty -a after the lab: echo is off (\(modes.sorted()))",
                sourceLocation: sourceLocation)
        #expect(modes.contains("icanon") && !modes.contains("-icanon"), "stty -a after the lab: icanon is off (\(modes.sorted()))",
                sourceLocation: sourceLocation)
        #expect(modes.contains("icrnl"), "stty -a after the lab: icrnl is off (\(modes.sorted()))", sourceLocation: sourceLocation)
        #expect(modes.contains("onlcr") && !modes.contains("-onlcr"), "stty -a after the lab: onlcr is off (\(modes.sorted()))",
                sourceLocation: sourceLocation)
    }

    /// The process id of the program running in the pane: the deepest process below the pane's
    /// shell (which may have started another shell).
    func foregroundProcess(sourceLocation: SourceLocation = #_sourceLocation) -> pid_t? {
        var process = run(["display-message", "-p", "-t", "lab", "#{pane_pid}"], sourceLocation: sourceLocation).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for _ in 0..<4 {
            let children = ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/pgrep"), ["-P", process],
                                             environment: ProcessInfo.processInfo.environment, timeout: .seconds(10),
                                             sourceLocation: sourceLocation)
            guard let child = children.stdout.split(separator: "\n").first else { break }
            process = String(child)
        }
        return pid_t(process)
    }

    /// Kills the server (and with it the shell and anything still running in it).
    func close() {
        run(["kill-server"])
        if socketPath.hasSuffix("/" + socket) { unlink(socketPath) }
    }
}

/// The lab's status row as a person reads it: `‖ paused  step 15  loss 0.4220  lr 2e-2  SGD  x=0.426 …`.
struct LabStatus: Equatable, CustomStringConvertible {
    var state: String
    var step: Int
    var loss: String
    var learningRate: String
    var optimizer: String

    /// The status row found on `screen`, if the lab shows one.
    init?(screen: String) {
        let pattern = #/(running|paused|diverged|done)\s+step (\d+)\s+loss (\S+)(?:\s+test \S+)?(?:\s+acc \S+(?:\s+\/\s+\S+)?)?(?:\s+gap \S+)?\s+lr (\S+)(?:\s+[·-] stable < \S+)?\s+(\S+)/#
        for line in screen.split(separator: "\n") {
            if let match = line.firstMatch(of: pattern), let step = Int(match.2) {
                state = String(match.1)
                self.step = step
                loss = String(match.3)
                learningRate = String(match.4)
                optimizer = String(match.5)
                return
            }
        }
        return nil
    }

    var description: String { "\(state) step \(step) loss \(loss) lr \(learningRate) \(optimizer)" }
}

extension String {
    /// Whether the text holds braille dots (the lab's plots).
    var containsBraille: Bool { contains { $0.isBrailleDots } }
}
