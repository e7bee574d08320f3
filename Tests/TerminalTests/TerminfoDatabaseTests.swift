import Foundation
import Testing
@testable import Terminal

/// Why a terminal cannot be driven: the folders ncurses searches, in its order, and the message
/// for a machine without a terminfo database or without an entry for `TERM`.
@Suite struct TerminfoDatabaseTests {
    /// A folder holding `entries` (terminal type names) in letter folders, as terminfo lays them out.
    static func database(_ entries: [String], hexLetters: Bool = false) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("terminfo-\(UUID().uuidString)").path
        for name in entries {
            let first = name.unicodeScalars.first!
            let letter = hexLetters ? String(first.value, radix: 16) : String(first)
            try FileManager.default.createDirectory(atPath: "\(folder)/\(letter)", withIntermediateDirectories: true)
            try Data([0x1A, 0x01]).write(to: URL(fileURLWithPath: "\(folder)/\(letter)/\(name)"))
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func foldersAreSearchedInNcursesOrderWithEmptyTerminfoDirsElementsStandingForTheBuiltIns() {
        let environment = ["TERMINFO": "/t", "HOME": "/home/k", "TERMINFO_DIRS": "/a::/b"]
        let database = TerminfoDatabase(environment: { environment[$0] }, builtInFolders: ["/x", "/y"])
        #expect(database.folders == ["/t", "/home/k/.terminfo", "/a", "/x", "/y", "/b"])
        #expect(TerminfoDatabase(environment: { _ in nil }, builtInFolders: ["/x"]).folders == ["/x"])
    }

    @Test func noFolderAtAllIsAMachineWithoutATerminfoDatabase() {
        let missing = ["/nonexistent/terminfo-a", "/nonexistent/terminfo-b"]
        let database = TerminfoDatabase(environment: { _ in nil }, builtInFolders: missing)
        let diagnosis = database.diagnosis(for: "xterm-256color")
        #expect(diagnosis == .noTerminfoDatabase(searched: missing))
        #expect(diagnosis.description.hasPrefix("this machine has no terminfo database (looked in /nonexistent/terminfo-a, /nonexistent/terminfo-b)"))
        #expect(diagnosis.description.contains("apt install ncurses-base"))
    }

    @Test func aTypeWithoutAnEntryIsNamedWithTheFoldersThatWereSearched() throws {
        let folder = try Self.database(["xterm", "vt100"])
        let database = TerminfoDatabase(environment: { _ in nil }, builtInFolders: [folder, "/nonexistent/terminfo"])
        let diagnosis = database.diagnosis(for: "no-such-terminal")
        #expect(diagnosis == .unknownTerminalType(name: "no-such-terminal", searched: [folder]))
        #expect(diagnosis.description.hasPrefix("no terminfo entry for terminal type 'no-such-terminal' (looked in \(folder));"))
        #expect(database.diagnosis(for: "xterm") == .unsupportedTerminal(name: "xterm"))
        #expect(database.diagnosis(for: "") == .unsupportedTerminal(name: ""))
    }

    @Test func hexLetterFoldersAndTerminfoAddedByTheEnvironmentAreFound() throws {
        let hex = try Self.database(["xterm-kitty"], hexLetters: true)
        let custom = try Self.database(["my-term"])
        let database = TerminfoDatabase(environment: { $0 == "TERMINFO" ? custom : nil }, builtInFolders: [hex])
        #expect(database.hasEntry(for: "xterm-kitty"))
        #expect(database.hasEntry(for: "my-term"))
        #expect(!database.hasEntry(for: "../x/xterm-kitty"))
    }
}
