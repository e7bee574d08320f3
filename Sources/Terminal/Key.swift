/// One key press (or terminal event) read from the keyboard.
public enum Key: Equatable, Sendable {
    /// A printable character, or a control character without a case of its own (Tab is `"\t"`).
    case character(Character)
    case left, right, up, down
    case home, end, pageUp, pageDown
    /// Esc pressed on its own (not the start of an arrow key's sequence, not Alt held with a key).
    case escape
    case enter, backspace
    /// The terminal changed size; the next `Screen.size` is already the new one.
    case resize
    /// Ctrl-C arriving as a byte (when the tty does not turn it into SIGINT).
    case interrupt
    /// The terminal went away (the connection dropped, the window closed): reads give end of file
    /// or an error, or the line hung up.
    case hangup
}
