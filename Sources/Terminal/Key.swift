@preconcurrency import CNcurses

/// One key press (or terminal event) read from the keyboard.
public enum Key: Equatable, Sendable {
    /// A printable character, or a control character without a case of its own (Tab is `"\t"`).
    case character(Character)
    case left, right, up, down
    case escape, enter, backspace
    /// The terminal changed size; the next `Screen.size` is already the new one.
    case resize
    /// Ctrl-C arriving as a byte (when the tty does not turn it into SIGINT).
    case interrupt
}

extension Key {
    /// Decodes what `wget_wch` returned: `status` is `OK`, `KEY_CODE_YES` or `ERR`.
    /// Function keys the lab has no use for decode to `nil`.
    init?(status: Int32, value: UInt32) {
        if status == tl_key_code_yes() {
            switch Int32(bitPattern: value) {
            case tl_key_left(): self = .left
            case tl_key_right(): self = .right
            case tl_key_up(): self = .up
            case tl_key_down(): self = .down
            case tl_key_resize(): self = .resize
            case tl_key_enter(): self = .enter
            case tl_key_backspace(): self = .backspace
            default: return nil
            }
            return
        }
        guard status != tl_err() else { return nil }
        switch value {
        case 3: self = .interrupt
        case 8, 127: self = .backspace
        case 10, 13: self = .enter
        case 27: self = .escape
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            self = .character(Character(scalar))
        }
    }
}
