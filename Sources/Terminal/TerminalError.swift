/// Why a screen could not be opened. The caller should fall back to a headless run.
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
            "standard input and output must be a terminal for the interactive lab; use --headless"
        case .unsupportedTerminal(let name):
            name.isEmpty
                ? "TERM is not set, so the terminal cannot be driven; set TERM (e.g. xterm-256color) or use --headless"
                : "cannot drive terminal type '\(name)'; set TERM to a known type (e.g. xterm-256color) or use --headless"
        case .alreadyOpen:
            "the terminal screen is already open"
        }
    }
}
