import Foundation
import Plot
import Testing

/// Golden-file comparison of whole frames: the text of the frame followed by a map of its styles,
/// one letter per cell. On a mismatch the test fails with a line diff. Run the tests with
/// `TINYLAB_UPDATE_GOLDENS=1` to write the current frames into the test target's Frames folder
/// instead, then look at every changed file before keeping it. Each test target that has golden
/// frames makes one of these for its own Frames resource.
public struct GoldenFrames: Sendable {
    /// The Frames folder as the test bundle holds it (nil when the bundle has none).
    let bundled: URL?
    /// The Frames folder in the source tree, where updates are written.
    let sourceDirectory: URL

    public init(bundled: URL?, sourceDirectory: URL) {
        self.bundled = bundled
        self.sourceDirectory = sourceDirectory
    }

    static let legend = "styles: ' ' blank, '.' plain, k gray, r red, g green, y yellow, b blue, m magenta, c cyan, w white; capitals bold ('#' plain bold); '~' dim or reverse"

    static var updating: Bool { ProcessInfo.processInfo.environment["TINYLAB_UPDATE_GOLDENS"] == "1" }

    /// A color's letter in the maps (`legend`); '.' for the terminal's own.
    static func letter(of color: Color) -> Character {
        switch color {
        case .default: "."
        case .gray: "k"
        case .red: "r"
        case .green: "g"
        case .yellow: "y"
        case .blue: "b"
        case .magenta: "m"
        case .cyan: "c"
        case .white: "w"
        }
    }

    /// The style of every cell as one character, rows joined by newlines.
    public static func styleMap(_ frame: Frame) -> String {
        (0..<frame.height).map { y in
            String((0..<frame.width).map { x -> Character in
                let cell = frame[x, y]
                let style = cell.style
                if style.dim || style.reverse { return "~" }
                if style == .plain && cell.character == " " { return " " }
                let letter = style.color == .default && style.bold ? "#" : letter(of: style.color)
                return style.bold && letter.isLetter ? Character(letter.uppercased()) : letter
            })
        }.joined(separator: "\n")
    }

    /// The background of every cell as one letter (as in `legend`; '.' the terminal's own), or nil
    /// when no cell has a background color.
    public static func backgroundMap(_ frame: Frame) -> String? {
        guard frame.cells.contains(where: { $0.style.background != .default }) else { return nil }
        return (0..<frame.height).map { y in
            String((0..<frame.width).map { x in letter(of: frame[x, y].style.background) })
        }.joined(separator: "\n")
    }

    public static func document(_ frame: Frame) -> String {
        let backgrounds = backgroundMap(frame).map { "-- backgrounds, by the same letters:\n" + $0 + "\n" } ?? ""
        return frame.text + "\n-- " + legend + "\n" + styleMap(frame) + "\n" + backgrounds
    }

    public func compare(_ frame: Frame, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        compare(text: Self.document(frame), file: name + ".txt", sourceLocation: sourceLocation)
    }

    /// Compares any text drawn of a frame (an SVG picture, say) with the golden file `file`.
    public func compare(text actual: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if Self.updating {
            do {
                try actual.write(to: sourceDirectory.appendingPathComponent(file), atomically: true, encoding: .utf8)
                print("wrote golden frame \(file): check it by eye before committing")
            } catch {
                Issue.record("cannot write golden frame \(file): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let directory = bundled,
              let expected = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else {
            Issue.record("missing golden frame Frames/\(file); run the tests with TINYLAB_UPDATE_GOLDENS=1 to create it, then check it by eye", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record(Comment(rawValue: Self.diff(expected: expected, actual: actual, name: file)), sourceLocation: sourceLocation)
        }
    }

    /// The differing lines, numbered, expected above actual.
    public static func diff(expected: String, actual: String, name: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines = ["frame differs from golden \(name) (TINYLAB_UPDATE_GOLDENS=1 rewrites it):"]
        var shown = 0
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? String(old[index]) : "<no line>"
            let b = index < new.count ? String(new[index]) : "<no line>"
            guard a != b else { continue }
            shown += 1
            if shown > 30 {
                lines.append("… more differences")
                break
            }
            lines.append("line \(index + 1):")
            lines.append("  - \(a)")
            lines.append("  + \(b)")
        }
        return lines.joined(separator: "\n")
    }
}
