/// Why a screen could not be opened, and how to fix the terminal. The caller says how to train
/// without one (a headless run).
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Standard input or standard output is not a terminal (a pipe, a file, a CI job).
    case notATerminal
    /// ncurses could not set up the terminal named by `TERM` (unset, unknown, or too limited).
    case unsupportedTerminal(name: String)
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
        case .alreadyOpen:
            "the terminal screen is already open"
        }
    }
}
