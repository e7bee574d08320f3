/// Why a screen could not be opened, and how to fix the terminal. The caller says how to train
/// without one (a headless run), and escapes control characters (a hostile `TERM`) when it prints
/// the message.
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Standard input or standard output is not a terminal (a pipe, a file, a CI job).
    case notATerminal
    /// ncurses could not set up the terminal named by `TERM` (unset, unknown, or too limited).
    case unsupportedTerminal(name: String)
    /// No terminfo folder exists: the machine lacks the database that describes terminals.
    case noTerminfoDatabase(searched: [String])
    /// The terminfo database has no entry for the terminal type `TERM` names.
    case unknownTerminalType(name: String, searched: [String])
    /// A screen is already open in this process.
    case alreadyOpen

    public var description: String {
        switch self {
        case .notATerminal:
            "the interactive lab needs a terminal on standard input and output"
        case .unsupportedTerminal(let name):
            name.isEmpty
                ? "TERM is not set, so the terminal cannot be driven; set TERM (e.g. xterm-256color)"
                : "cannot drive terminal type '\(name)'; set TERM to a known type (e.g. xterm-256color)"
        case .noTerminfoDatabase(let searched):
            "this machine has no terminfo database (looked in \(searched.joined(separator: ", "))), so no terminal "
                + "can be driven; install it (Debian, Ubuntu: apt install ncurses-base; Fedora: ncurses-base; "
                + "Alpine: ncurses-terminfo-base) or set TERMINFO to a folder of terminfo entries"
        case .unknownTerminalType(let name, let searched):
            "no terminfo entry for terminal type '\(name)' (looked in \(searched.joined(separator: ", "))); "
                + "set TERM to a known type (e.g. xterm-256color), or install more types (Debian, Ubuntu: apt install ncurses-term)"
        case .alreadyOpen:
            "the terminal screen is already open"
        }
    }
}
