import Foundation

/// Where ncurses looks for a terminal's description, so that a terminal it cannot set up gets a
/// message that says why: no terminfo database on the machine at all, or none for this `TERM`.
///
/// The order is ncurses' own: `TERMINFO`, `~/.terminfo`, each folder of `TERMINFO_DIRS` (an empty
/// element stands for the built-in folders), then the built-in folders of Debian's ncurses, which
/// the classroom binary links statically.
public struct TerminfoDatabase: Equatable, Sendable {
    public static let builtInFolders = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"]

    /// The folders searched, in order, whether or not they exist.
    public var folders: [String]

    public init(environment: (String) -> String?, builtInFolders: [String] = TerminfoDatabase.builtInFolders) {
        var folders: [String] = []
        if let custom = environment("TERMINFO"), !custom.isEmpty { folders.append(custom) }
        if let home = environment("HOME"), !home.isEmpty { folders.append(home + "/.terminfo") }
        if let list = environment("TERMINFO_DIRS"), !list.isEmpty {
            for folder in list.split(separator: ":", omittingEmptySubsequences: false) {
                folders += folder.isEmpty ? builtInFolders : [String(folder)]
            }
        }
        folders += builtInFolders
        var seen = Set<String>()
        self.folders = folders.filter { seen.insert($0).inserted }
    }

    /// The folders that exist.
    public var existingFolders: [String] {
        folders.filter { folder in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// Whether some folder holds an entry for terminal type `name` (as `x/xterm` or, on systems
    /// that name the letter folders in hex, `78/xterm`).
    public func hasEntry(for name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !name.contains("/") else { return false }
        let letters = [String(first), String(first.value, radix: 16)]
        return existingFolders.contains { folder in
            letters.contains { FileManager.default.fileExists(atPath: "\(folder)/\($0)/\(name)") }
        }
    }

    /// Why ncurses could not set up terminal type `name`.
    public func diagnosis(for name: String) -> TerminalError {
        if name.isEmpty { return .unsupportedTerminal(name: "") }
        if existingFolders.isEmpty { return .noTerminfoDatabase(searched: folders) }
        if !hasEntry(for: name) { return .unknownTerminalType(name: name, searched: existingFolders) }
        return .unsupportedTerminal(name: name)
    }
}
