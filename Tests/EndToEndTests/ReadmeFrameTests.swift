import Foundation
import Testing

/// The frames the README shows are the binary's: each code block after a line
/// `<!-- frame: tinylab ARGS -->` must be what `tinylab ARGS` prints, byte for byte.
/// `TINYLAB_UPDATE_GOLDENS=1` writes the binary's output into the README instead.
@Suite("README frames")
struct ReadmeFrameTests {
    static let readme = Tinylab.packageRoot.appendingPathComponent("README.md")
    static let marker = "<!-- frame: tinylab "

    /// A frame in the README: the command of its marker and the lines of the block below it.
    struct Shown {
        var arguments: [String]
        /// Line indices of the block's fences, opening and closing.
        var fences: (open: Int, close: Int)
    }

    static func frames(in lines: [String]) -> [Shown] {
        var shown: [Shown] = []
        for (index, line) in lines.enumerated() where line.hasPrefix(marker) && line.hasSuffix(" -->") {
            let command = line.dropFirst(marker.count).dropLast(4)
            guard index + 1 < lines.count, lines[index + 1] == "```",
                  let close = lines[(index + 2)...].firstIndex(of: "```") else { continue }
            shown.append(Shown(arguments: command.split(separator: " ").map(String.init), fences: (index + 1, close)))
        }
        return shown
    }

    @Test("every frame the README shows is what the binary prints for the command above it")
    func readmeFramesComeFromTheBinary() throws {
        var lines = try String(contentsOf: Self.readme, encoding: .utf8).components(separatedBy: "\n")
        let shown = Self.frames(in: lines)
        #expect(!shown.isEmpty, "the README marks no frames with \(Self.marker)…")
        let updating = ProcessInfo.processInfo.environment["TINYLAB_UPDATE_GOLDENS"] == "1"
        for frame in shown.reversed() {
            let printed = Tinylab.succeed(frame.arguments, environment: ["NO_COLOR": "1"]).stdoutLines
            let inReadme = Array(lines[(frame.fences.open + 1)..<frame.fences.close])
            if updating {
                lines.replaceSubrange((frame.fences.open + 1)..<frame.fences.close, with: printed)
            } else {
                let first = zip(inReadme, printed).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(inReadme.count, printed.count)
                #expect(inReadme == printed, """
                    README's frame of `tinylab \(frame.arguments.joined(separator: " "))` differs from the binary's \
                    from its line \(first + 1) (TINYLAB_UPDATE_GOLDENS=1 rewrites it):
                    README: \(first < inReadme.count ? inReadme[first] : "(ends)")
                    binary: \(first < printed.count ? printed[first] : "(ends)")
                    """)
            }
        }
        if updating { try lines.joined(separator: "\n").write(to: Self.readme, atomically: true, encoding: .utf8) }
    }
}
