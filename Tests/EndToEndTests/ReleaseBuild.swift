import Foundation
import Testing

/// Builds the release `tinylab` once per test run with the package's own `swift build -c release`,
/// so the end-to-end tests drive what `swift run -c release tinylab` runs: the same sources,
/// toolchain and release settings.
///
/// It builds into its own folder, `.build-e2e`: `swift test` keeps `.build` locked while the tests
/// run, so a build there from inside a test would wait forever.
final class ReleaseBuild: Sendable {
    static let shared = ReleaseBuild()

    let binary: URL
    /// The build's output when it failed; nil when the binary is ready.
    let problem: String?

    private init() {
        let root = Tinylab.packageRoot
        let swift = Self.findSwift()
        let scratch = root.appendingPathComponent(".build-e2e").path
        let arguments = ["build", "-c", "release", "--product", "tinylab", "--package-path", root.path, "--scratch-path", scratch]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "interactive=no"
        let build = ProcessRunner.run(swift, arguments, environment: environment, currentDirectory: root,
                                      timeout: .seconds(1800))
        let binPath = ProcessRunner.run(swift, ["build", "-c", "release", "--package-path", root.path, "--scratch-path", scratch, "--show-bin-path"],
                                        environment: environment, currentDirectory: root, timeout: .seconds(120))
        let folder = binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        binary = URL(fileURLWithPath: folder.isEmpty ? scratch + "/release" : folder)
            .appendingPathComponent("tinylab")
        problem = build.status == 0 ? nil : "`swift \(arguments.joined(separator: " "))` failed:\n\(build)"
    }

    /// The `swift` driver: the one on PATH, else next to the running toolchain's usual places.
    private static func findSwift() -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init) + ["/opt/swift/usr/bin", "/usr/bin"] {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent("swift")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: "/usr/bin/swift")
    }
}
