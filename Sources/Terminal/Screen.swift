@preconcurrency import CNcurses
import Glibc
import Plot

/// What the terminal can show; the renderer picks glyphs and styles by it.
public struct TerminalCapabilities: Equatable, Sendable {
    /// UTF-8 output works, so braille and box drawing can be used; otherwise draw ASCII only.
    public var unicode: Bool
    /// Colors may be used: the terminal has them and `NO_COLOR` is not set.
    public var color: Bool

    public init(unicode: Bool, color: Bool) {
        self.unicode = unicode
        self.color = color
    }
}

/// The full-screen terminal: blits frames, reads keys, and gives the terminal back as it found it.
///
/// At most one screen is open at a time. While it is open, SIGINT, SIGTERM and SIGHUP only set a
/// flag (which `runInteractive` checks), and a crash restores the tty before the crash report is
/// printed. `close()` (also run by `deinit` and at process exit) puts everything back.
public final class Screen {
    private var terminal: OpaquePointer?
    private let colorPairs: ColorPairs
    /// The size of the last `draw`; a new size makes the next draw repaint from scratch.
    private var drawnSize = (width: -1, height: -1)
    private var keys = KeyReader(descriptor: STDIN_FILENO)
    /// Scratch for one cell's wide-character string: a spacing character, combining marks, NUL.
    private var glyph = [wchar_t](repeating: 0, count: Int(CCHARW_MAX) + 1)

    /// What this terminal can show, fixed when the screen opened.
    public let capabilities: TerminalCapabilities

    private init(terminal: OpaquePointer, unicode: Bool, colorPairs: ColorPairs) {
        self.terminal = terminal
        self.colorPairs = colorPairs
        capabilities = TerminalCapabilities(unicode: unicode, color: colorPairs.colorEnabled)
    }

    /// Takes over the terminal: UTF-8 locale if possible, no echo, unbuffered keys, hidden cursor,
    /// colors unless `NO_COLOR` is set; `glyphs` picks braille and box lines or ASCII.
    ///
    /// Throws instead of exiting (as `initscr` would) when standard input or output is not a
    /// terminal or `TERM` names a terminal ncurses cannot drive.
    public static func open(glyphs: GlyphChoice = .automatic) throws(TerminalError) -> Screen {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        guard activeTerminal == nil else { throw .alreadyOpen }
        let unicode = TerminalLocale.prepare(glyphs, environment: environment)
        Signals.install()
        guard let terminal = newterm(nil, tl_stdout(), tl_stdin()) else {
            Signals.uninstall()
            throw TerminfoDatabase(environment: environment).diagnosis(for: environment("TERM") ?? "")
        }
        guard terminfoString("cup") != nil else {
            restore(terminal)
            delscreen(terminal)
            throw .unsupportedTerminal(name: environment("TERM") ?? "")
        }
        Signals.screenOpened(restore: crashRestoreSequence())
        activeTerminal = terminal
        registerExitRestore()

        let window = tl_stdscr()
        cbreak()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        // Keys are read by `KeyReader`, not ncurses: ncurses must not read input during refresh.
        typeahead(-1)
        curs_set(0)
        let noColor = !(environment("NO_COLOR") ?? "").isEmpty
        return Screen(terminal: terminal, unicode: unicode, colorPairs: .start(noColorRequested: noColor))
    }

    /// The terminal's current size in cells; `(0, 0)` once closed.
    public var size: (width: Int, height: Int) {
        guard terminal != nil, let window = tl_stdscr() else { return (0, 0) }
        return (Int(tl_getmaxx(window)), Int(tl_getmaxy(window)))
    }

    /// Shows `frame`: every cell of the screen is overwritten (cells outside the frame become
    /// blank) and the screen is refreshed once, so ncurses sends only what changed.
    public func draw(_ frame: Frame) {
        guard terminal != nil, let window = tl_stdscr() else { return }
        let (width, height) = size
        if drawnSize != (width, height) {
            clearok(tl_curscr(), true)
            drawnSize = (width, height)
        }
        let blank = Cell()
        var cell = cchar_t()
        for y in 0..<height {
            for x in 0..<width {
                let source = x < frame.width && y < frame.height ? frame[x, y] : blank
                let (attributes, pair) = colorPairs.rendition(of: source.style)
                setGlyph(source.character)
                glyph.withUnsafeBufferPointer { _ = setcchar(&cell, $0.baseAddress, attributes, pair, nil) }
                mvwadd_wch(window, Int32(y), Int32(x), &cell)
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Waits up to `milliseconds` (0 polls) for a key and returns it, or `nil` when the time is up
    /// or a signal interrupted the wait. A resize is applied to the screen before `.resize` is
    /// returned; a terminal that went away gives `.hangup` (and counts as SIGHUP from then on).
    public func nextKey(timeout milliseconds: Int) -> Key? {
        guard terminal != nil else { return nil }
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(max(0, milliseconds)))
        while true {
            if Signals.caught != nil { return nil }
            if Signals.takeResize() {
                applyTerminalSize()
                return .resize
            }
            switch keys.next(until: deadline) {
            case .key(let key):
                if key == .hangup { Signals.noteHangup() }
                return key
            case .timedOut:
                return nil
            case .interrupted:
                continue
            }
        }
    }

    /// Tells ncurses the terminal's new size (read from the tty).
    private func applyTerminalSize() {
        guard let size = Signals.terminalSize(STDOUT_FILENO) ?? Signals.terminalSize(STDIN_FILENO) else { return }
        resizeterm(size.rows, size.columns)
    }

    /// The quit signal (SIGINT, SIGTERM or SIGHUP) caught while the screen was open, if any.
    var caughtSignal: Int32? { Signals.caught }

    /// Gives the terminal back: cursor visible, echo and line editing on, previous signal
    /// handlers restored. Safe to call more than once.
    public func close() {
        guard let terminal else { return }
        self.terminal = nil
        activeTerminal = nil
        restore(terminal)
        delscreen(terminal)
    }

    deinit { close() }
}

/// The open ncurses screen, for the exit-time restore.
nonisolated(unsafe) private var activeTerminal: OpaquePointer?
nonisolated(unsafe) private var exitRestoreRegistered = false

private func restore(_ terminal: OpaquePointer) {
    set_term(terminal)
    if !hasAlternateScreen() {
        // Nothing to switch back to: leave a clean screen, with the prompt at the bottom left
        // (where endwin puts the cursor), rather than the last frame under it.
        werase(tl_stdscr())
        wnoutrefresh(tl_stdscr())
        doupdate()
    }
    curs_set(1)
    endwin()
    Signals.uninstall()
}

/// Whether the terminal has a separate screen for full-screen programs (`smcup`/`rmcup`), which
/// gives back what was there before when the lab ends.
private func hasAlternateScreen() -> Bool {
    terminfoString("rmcup").map { !$0.isEmpty } ?? false
}

/// The terminfo string capability `name`, or nil when the terminal does not have it.
private func terminfoString(_ name: String) -> [UInt8]? {
    guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
    return Array(String(cString: value).utf8)
}

/// The bytes that give the terminal back without ncurses (for a crash): attributes off, cursor
/// visible, keypad mode off, then the shell's screen back, or, without an alternate screen, a
/// cleared screen with the cursor at the bottom left.
private func crashRestoreSequence() -> [UInt8] {
    var bytes: [UInt8] = []
    for name in ["sgr0", "cnorm", "rmkx"] { bytes += terminfoString(name) ?? [] }
    if hasAlternateScreen() {
        bytes += terminfoString("rmcup") ?? []
    } else {
        bytes += terminfoString("clear") ?? []
        if let move = tigetstr("cup"), Int(bitPattern: move) != -1, let bottom = tgoto(move, 0, max(0, LINES - 1) as Int32) {
            bytes += Array(String(cString: bottom).utf8)
        }
    }
    return bytes
}

/// Restores the terminal if the process exits (`exit()`, end of `main`) with a screen still open.
private func registerExitRestore() {
    guard !exitRestoreRegistered else { return }
    exitRestoreRegistered = true
    atexit {
        guard let terminal = activeTerminal else { return }
        activeTerminal = nil
        restore(terminal)
    }
}

private func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

extension Screen {
    /// Fills `glyph` with what ncurses should draw for `character`: control characters become
    /// blanks, and anything the terminal cannot show in one column becomes `?`.
    private func setGlyph(_ character: Character) {
        var count = 0
        for scalar in character.unicodeScalars {
            let code = wchar_t(bitPattern: scalar.value)
            if count == 0 {
                glyph[0] = printable(scalar, code: code)
                count = 1
                if glyph[0] != code { break }
            } else if count < Int(CCHARW_MAX) - 1, tl_wcwidth(code) == 0 {
                glyph[count] = code
                count += 1
            }
        }
        if count == 0 {
            glyph[0] = wchar_t(UInt8(ascii: " "))
            count = 1
        }
        glyph[count] = 0
    }

    private func printable(_ scalar: Unicode.Scalar, code: wchar_t) -> wchar_t {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return wchar_t(UInt8(ascii: " ")) }
        if value < 0x7F { return code }
        if !capabilities.unicode || tl_wcwidth(code) != 1 { return wchar_t(UInt8(ascii: "?")) }
        return code
    }
}
