/// Turns the bytes a terminal sends into `Key`s.
///
/// Escape sequences are parsed whole (CSI `ESC [ params final` and SS3 `ESC O final`), so an arrow
/// key whose bytes arrive apart (a slow SSH link) is still one arrow key, and a sequence the lab
/// has no use for (F-keys, modified arrows, Alt held with a key, focus events) is dropped whole
/// instead of leaking its bytes as keys. Esc on its own is only known once nothing follows it for
/// a while: the reader calls `timeout()` when `sequenceWait` passes with `isWaiting` true.
/// UTF-8 characters are assembled from their bytes.
struct KeyDecoder {
    /// How long the reader waits for the next byte of an unfinished sequence before giving up on it
    /// (and taking a lone ESC as the Esc key).
    static let sequenceWait = Duration.milliseconds(300)
    /// Longest CSI sequence kept; longer ones are junk and dropped.
    private static let longestSequence = 32

    private enum State: Equatable {
        case ground
        case escape
        case controlSequence([UInt8])
        /// A control sequence too long to be a key: its bytes are dropped up to its final byte.
        case discarding
        case singleShift
        /// A multi-byte UTF-8 character: the bytes so far, how many it has in all, and whether it
        /// becomes a key (not when Alt was held with it).
        case utf8([UInt8], length: Int, emits: Bool)
    }

    private var state = State.ground

    /// Whether the bytes of an unfinished key are waiting for the rest.
    var isWaiting: Bool { state != .ground }

    /// Takes one byte; returns the keys it completes (none while a sequence is unfinished).
    mutating func feed(_ byte: UInt8) -> [Key] {
        switch state {
        case .ground:
            return start(byte)
        case .escape:
            switch byte {
            case UInt8(ascii: "["):
                state = .controlSequence([])
                return []
            case UInt8(ascii: "O"):
                state = .singleShift
                return []
            case 0x1B:
                state = .escape
                return [.escape]
            default:
                // Alt held with a key: ignored, including the rest of a multi-byte character.
                state = .ground
                if let length = Self.utf8Length(lead: byte), length > 1 {
                    state = .utf8([byte], length: length, emits: false)
                }
                return []
            }
        case .controlSequence(var body):
            switch byte {
            case 0x20...0x3F:
                body.append(byte)
                state = body.count > Self.longestSequence ? .discarding : .controlSequence(body)
                return []
            case 0x40...0x7E:
                state = .ground
                return Self.controlSequenceKey(parameters: body, final: byte).map { [$0] } ?? []
            default:
                state = .ground
                return start(byte)
            }
        case .discarding:
            switch byte {
            case 0x20...0x3F: return []
            case 0x40...0x7E:
                state = .ground
                return []
            default:
                state = .ground
                return start(byte)
            }
        case .singleShift:
            state = .ground
            return Self.cursorKey(byte).map { [$0] } ?? []
        case .utf8(var bytes, let length, let emits):
            guard (0x80...0xBF).contains(byte) else {
                state = .ground
                return start(byte)
            }
            bytes.append(byte)
            guard bytes.count == length else {
                state = .utf8(bytes, length: length, emits: emits)
                return []
            }
            state = .ground
            guard emits, let text = String(validating: bytes, as: UTF8.self), let character = text.first else { return [] }
            return [.character(character)]
        }
    }

    /// The wait for the rest of a sequence is over: a lone ESC is the Esc key; anything else
    /// unfinished is dropped.
    mutating func timeout() -> Key? {
        defer { state = .ground }
        return state == .escape ? .escape : nil
    }

    private mutating func start(_ byte: UInt8) -> [Key] {
        switch byte {
        case 0x1B:
            state = .escape
            return []
        case 3: return [.interrupt]
        case 8, 0x7F: return [.backspace]
        case 10, 13: return [.enter]
        case 0..<0x80: return [.character(Character(Unicode.Scalar(byte)))]
        default:
            guard let length = Self.utf8Length(lead: byte), length > 1 else { return [] }
            state = .utf8([byte], length: length, emits: true)
            return []
        }
    }

    /// The byte count of a UTF-8 character starting with `lead`; nil for a byte that cannot start one.
    private static func utf8Length(lead: UInt8) -> Int? {
        switch lead {
        case 0x00...0x7F: 1
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: nil
        }
    }

    private static func cursorKey(_ final: UInt8) -> Key? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        default: nil
        }
    }

    /// The key of `ESC [ parameters final`; modified keys (Shift, Alt, Ctrl: `ESC [ 1 ; 3 C`) and
    /// everything unknown give nil.
    private static func controlSequenceKey(parameters: [UInt8], final: UInt8) -> Key? {
        let text = String(decoding: parameters, as: UTF8.self)
        if final == UInt8(ascii: "~") {
            switch text {
            case "1", "7": return .home
            case "4", "8": return .end
            case "5": return .pageUp
            case "6": return .pageDown
            default: return nil
            }
        }
        guard text.isEmpty || text == "1" else { return nil }
        return cursorKey(final)
    }
}
