import Foundation
import Lab

extension LabModel {
    /// `sin-cubic-step153`: the scene's name and the selected run's step, what w and W name their
    /// files after. A scene opened from a state file (`parabola-step153.toml`) keeps the first
    /// scene's name: `parabola-step200`, not `parabola-step153-step200`.
    var exportBaseName: String {
        "\(Self.sceneStem(selectedRunner.scene.name))-step\(selectedRunner.step)"
    }

    /// `name` without a state file's `-stepN` or `-stepN-K` ending.
    static func sceneStem(_ name: String) -> String {
        var parts = name.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count > 2, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isNumber), parts[parts.count - 2].hasPrefix("step") {
            parts.removeLast()
        }
        if parts.count > 1, let last = parts.last, last.hasPrefix("step"), last.count > 4, last.dropFirst(4).allSatisfy(\.isNumber) {
            parts.removeLast()
        }
        return parts.joined(separator: "-")
    }

    /// `file` as a shell reads it back: as it is when it holds only safe characters, else in single quotes.
    public static func shellWord(_ file: String) -> String {
        let safe = !file.isEmpty && file.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
            || "-_./+,:@%".unicodeScalars.contains($0)) }
        return safe ? file : "'" + file.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
