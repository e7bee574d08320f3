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

    var description: String {
        "exit status \(status)\(timedOut ? " (killed after the time limit)" : "")\n"
            + "--- stdout (\(stdoutData.count) bytes):\n\(stdout.prefix(3000))\n--- stderr:\n\(stderr.prefix(3000))"
    }
}

/// Runs child processes with a time limit: a process that runs too long is killed and the test
/// fails, rather than the test run hanging.
enum ProcessRunner {
    static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String],
        currentDirectory: URL? = nil,
        timeout: Duration,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            Issue.record("cannot start \(executable.path): \(error)", sourceLocation: sourceLocation)
            return ProcessResult(status: -1, stdoutData: Data(), stderrData: Data(), timedOut: false)
        }
        let stdout = PipeReader(output.fileHandleForReading)
        let stderr = PipeReader(errors.fileHandleForReading)

        var timedOut = false
        if finished.wait(timeout: .now() + timeout.timeInterval) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        let result = ProcessResult(status: process.terminationStatus, stdoutData: stdout.data(),
                                   stderrData: stderr.data(), timedOut: timedOut)
        if timedOut {
            let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
            Issue.record("`\(command)` did not finish within \(timeout); killed it.\n\(result)", sourceLocation: sourceLocation)
        }
        return result
    }
}

/// Drains a pipe on a background thread so a chatty child never blocks on a full pipe.
private final class PipeReader: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let data = handle.readDataToEndOfFile()
            lock.withLock { collected = data }
            done.signal()
        }
    }

    /// Everything the child wrote, once the pipe is closed (at most a few seconds after it exited).
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

    /// The built `tinylab`: `TINYLAB_BINARY` if set, else next to the test runner
    /// (`.build/<config>/`), else `.build/debug/tinylab` under the package root.
    static let binary: URL = {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let custom = ProcessInfo.processInfo.environment["TINYLAB_BINARY"], !custom.isEmpty {
            candidates.append(URL(fileURLWithPath: custom))
        }
        if let runner = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var folder = URL(fileURLWithPath: runner).deletingLastPathComponent()
            // On macOS the runner sits inside X.xctest/Contents/MacOS; walk up to the build folder.
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("tinylab"))
                folder.deleteLastPathComponent()
            }
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tinylab"))
        candidates.append(packageRoot.appendingPathComponent(".build/debug/tinylab"))
        return candidates.first { fileManager.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

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
            Issue.record("the tinylab binary was not found (looked next to the test runner and at \(binary.path)); build it with `swift build`",
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
    static let names = ["dynamic-net", "legendre", "linear", "noisy-quadratic", "parabola", "sin-cubic", "two-layer-net"]

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
