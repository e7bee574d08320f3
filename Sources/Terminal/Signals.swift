import CTerminalSignals

/// The process-wide signal handling that brackets an open screen; the state lives in the
/// CTerminalSignals C target (one translation unit, so every caller sees the same flags).
enum Signals {
    /// Installs the SIGINT/SIGTERM/SIGHUP flag handlers and the crash handlers that restore the
    /// tty. Call before `newterm`.
    static func install() { tl_signals_install() }

    /// Records `restore` (what gives the terminal back without ncurses) for the crash handler,
    /// keeps ncurses' suspend handler and takes over resize notices. Call after `newterm` succeeded.
    static func screenOpened(restore: [UInt8]) {
        restore.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { tl_signals_screen_opened($0.baseAddress, $0.count) }
        }
    }

    /// Puts back the handlers found by `install()`. Call after `endwin`.
    static func uninstall() { tl_signals_uninstall() }

    /// The first quit signal caught since `install()`, if any (a hang-up the key reader noticed
    /// counts as SIGHUP).
    static var caught: Int32? {
        let number = tl_signals_caught()
        return number == 0 ? nil : number
    }

    static func noteHangup() { tl_signals_note_hangup() }

    /// Whether the terminal was resized since the last call.
    static func takeResize() -> Bool { tl_signals_take_resize() != 0 }

    /// The size of the terminal on `descriptor`, if the system knows it.
    static func terminalSize(_ descriptor: Int32) -> (rows: Int32, columns: Int32)? {
        var rows: Int32 = 0, columns: Int32 = 0
        return tl_terminal_size(descriptor, &rows, &columns) != 0 ? (rows, columns) : nil
    }
}
