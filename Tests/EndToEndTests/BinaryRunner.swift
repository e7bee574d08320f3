import Foundation
import Testing

/// What a finished child process left behind.
struct ProcessResult: Sendable, CustomStringConvertible {
    var status: Int32
    var stdoutData: Data
    var stderrData: Data
    /// The process ran past its time limit and was killed (the test has already been failed).
    var timedOut: Bool

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// stdout split into lines, without the empty string after the final newline.
    var stdoutLines: [String] {
        var lines = stdout.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
    /// stderr split into lines, without the empty string after the final newline.
    var stderrLines: [String] {
        var lines = stderr.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    var description: String {
        "exit status \(status)\(timedOut ? " (killed after the time limit)" : "")\n"
            + "--- stdout (\(stdoutData.count) bytes):\n\(stdout.prefix(3000))\n--- stderr:\n\(stderr.prefix(3000))"
    }
}

/// Runs child processes with a time limit: a process that runs too long is killed and the test
/// fails, rather than the test run hanging.
///
/// Spawns with `posix_spawn` rather than Foundation's `Process`: the child gets a clean signal mask
/// and default signal handlers (test threads block most signals, and a tmux server that inherits a
/// blocked SIGCHLD never notices its panes exit), and no file descriptor but stdin, stdout and
/// stderr (a daemon such as the tmux server would otherwise keep the test's pipes and sockets open,
/// and `Process` would wait for it forever).
enum ProcessRunner {
    static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String],
        currentDirectory: URL? = nil,
        timeout: Duration,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ProcessResult {
        let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        func failure(_ message: String) -> ProcessResult {
            Issue.record("cannot run `\(command)`: \(message)", sourceLocation: sourceLocation)
            return ProcessResult(status: -1, stdoutData: Data(), stderrData: Data(), timedOut: false)
        }
        var output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard SpawnExtensions.makePipe(&output) else { return failure("pipe: errno \(errno)") }
        guard SpawnExtensions.makePipe(&errors) else {
            close(output[0]); close(output[1])
            return failure("pipe: errno \(errno)")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        SpawnExtensions.closeDescriptors(from: 3, in: &actions)
        if let currentDirectory {
            guard SpawnExtensions.changeDirectory(to: currentDirectory.path, in: &actions) else {
                return failure("posix_spawn_file_actions_addchdir_np is not available")
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        // Its own process group, so a timeout can kill everything it started.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        close(output[1])
        close(errors[1])
        guard spawned == 0 else {
            close(output[0]); close(errors[0])
            return failure("posix_spawn: \(String(cString: strerror(spawned)))")
        }
        let stdout = DescriptorReader(output[0])
        let stderr = DescriptorReader(errors[0])
        let exit = ExitWaiter(pid)

        var timedOut = false
        if !exit.wait(timeout: timeout.timeInterval) {
            timedOut = true
            kill(-pid, SIGTERM)
            kill(pid, SIGTERM)
            if !exit.wait(timeout: 2) {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                _ = exit.wait(timeout: 10)
            }
        }
        let result = ProcessResult(status: exit.status, stdoutData: stdout.data(), stderrData: stderr.data(), timedOut: timedOut)
        if timedOut {
            Issue.record("`\(command)` did not finish within \(timeout); killed it.\n\(result)", sourceLocation: sourceLocation)
        }
        return result
    }
}

/// glibc's GNU extensions (`pipe2`, the `_np` spawn file actions), which Swift's Glibc module
/// does not import.
private enum SpawnExtensions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

    /// A pipe whose ends are closed on exec, so that no other child inherits them.
    static func makePipe(_ descriptors: inout [Int32]) -> Bool {
        if let symbol = dlsym(nil, "pipe2") {
            return unsafeBitCast(symbol, to: Pipe2.self)(&descriptors, O_CLOEXEC) == 0
        }
        guard pipe(&descriptors) == 0 else { return false }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return true
    }

    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    static func closeDescriptors(from lowest: Int32, in actions: inout posix_spawn_file_actions_t) {
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, lowest)
            return
        }
        // Older glibc: close what is open now.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap({ Int32($0) }) where descriptor >= lowest {
            if fcntl(descriptor, F_GETFD) != -1 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        }
    }

    static func changeDirectory(to path: String, in actions: inout posix_spawn_file_actions_t) -> Bool {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return false }
        return unsafeBitCast(symbol, to: ChangeDirectory.self)(&actions, path) == 0
    }
}

/// Reaps a child on a background thread; `status` is its exit status, or 128 + the signal that
/// killed it.
private final class ExitWaiter: @unchecked Sendable {
    private let lock = NSLock()
    private var exitStatus: Int32 = -1
    private let done = DispatchSemaphore(value: 0)

    init(_ pid: pid_t) {
        Thread.detachNewThread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let signal = status & 0x7F
            let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
            lock.withLock { exitStatus = code }
            done.signal()
        }
    }

    /// Whether the child exited within `seconds`.
    func wait(timeout seconds: TimeInterval) -> Bool {
        done.wait(timeout: .now() + seconds) == .success
    }

    var status: Int32 { lock.withLock { exitStatus } }
}

/// Drains a pipe on a background thread so a chatty child never blocks on a full pipe.
private final class DescriptorReader: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ descriptor: Int32) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    lock.withLock { collected.append(contentsOf: buffer[0..<count]) }
                } else if count == 0 || errno != EINTR {
                    break
                }
            }
            close(descriptor)
            done.signal()
        }
    }

    /// Everything the child wrote, once the pipe is closed (waiting at most a few seconds).
    func data() -> Data {
        _ = done.wait(timeout: .now() + 5)
        return lock.withLock { collected }
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

/// The `tinylab` binary under test and the package it was built from.
enum Tinylab {
    /// The package root (the folder with Package.swift), found from this file's path.
    static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The `tinylab` the README's main command runs: the **release** build
    /// (`swift build -c release --product tinylab`, done once per test run, here, so that the tests
    /// never drive a stale or a debug binary), or `TINYLAB_BINARY` when that is set.
    ///
    /// Release builds differ from debug builds (inlining across files and modules once hid a
    /// signal flag from its reader), so every end-to-end test drives this binary.
    static let binary: URL = {
        if let custom = ProcessInfo.processInfo.environment["TINYLAB_BINARY"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return ReleaseBuild.shared.binary
    }()

    /// Why the release binary could not be built, if it could not.
    static var buildProblem: String? {
        ProcessInfo.processInfo.environment["TINYLAB_BINARY"].map { _ in nil } ?? ReleaseBuild.shared.problem
    }

    /// The environment the binary runs in: this process's, without NO_COLOR or TINYLAB_SCENES,
    /// and with crash reports that never wait for a key.
    static func environment(_ overrides: [String: String?] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["NO_COLOR", "TINYLAB_SCENES", "TMUX", "TMUX_PANE"] { environment[name] = nil }
        environment["SWIFT_BACKTRACE"] = "interactive=no"
        for (name, value) in overrides { environment[name] = value }
        return environment
    }

    /// Runs `tinylab arguments…` (stdin from /dev/null, stdout and stderr to pipes) and returns what
    /// it printed. Fails the test if the binary is missing or runs longer than `timeout`.
    static func run(
        _ arguments: [String],
        environment overrides: [String: String?] = [:],
        in directory: URL? = nil,
        timeout: Duration = .seconds(180),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ProcessResult {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            Issue.record("the release tinylab binary is missing at \(binary.path): \(buildProblem ?? "not built")",
                         sourceLocation: sourceLocation)
            return ProcessResult(status: -1, stdoutData: Data(), stderrData: Data(), timedOut: false)
        }
        return ProcessRunner.run(binary, arguments, environment: environment(overrides),
                                 currentDirectory: directory ?? packageRoot, timeout: timeout,
                                 sourceLocation: sourceLocation)
    }

    /// `run(arguments)`, expecting exit status 0 (the test fails with the output otherwise).
    static func succeed(
        _ arguments: [String],
        environment overrides: [String: String?] = [:],
        timeout: Duration = .seconds(180),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ProcessResult {
        let result = run(arguments, environment: overrides, timeout: timeout, sourceLocation: sourceLocation)
        #expect(result.status == 0, "tinylab \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
        return result
    }
}

/// The built-in scene files, read as text (independent of the Lab module).
enum SceneFiles {
    static let names = ["circle", "circle-features", "dynamic-net", "legendre", "linear", "minibatch", "moons", "noisy-quadratic", "overfit", "parabola", "sin-cubic", "spiral",
                         "two-layer-net", "valley", "xor"]

    static var folder: URL { Tinylab.packageRoot.appendingPathComponent("Scenes") }

    /// The `title = "…"` of a built-in scene file.
    static func title(of name: String) -> String? {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("\(name).toml"), encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("title") {
            let parts = line.split(separator: "\"")
            if parts.count >= 2 { return String(parts[1]) }
        }
        return nil
    }
}

extension Character {
    /// A braille pattern with at least one dot (U+2801–U+28FF).
    var isBrailleDots: Bool {
        guard let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return false }
        return (0x2801...0x28FF).contains(scalar.value)
    }
}
