@preconcurrency import CNcurses

/// The process-wide signal handling that brackets an open screen.
///
/// This is the only file that may call the shim's `tl_signals_*` functions: their state lives in
/// C `static` variables, of which each Swift object file calling them would get its own copy.
enum Signals {
    /// Installs the SIGINT/SIGTERM/SIGHUP flag handlers and the crash handlers that restore the
    /// tty. Call before `newterm`.
    static func install() { tl_signals_install() }

    /// Records the crash-restore sequence and puts ncurses' suspend and resize handlers in place.
    /// Call after `newterm` succeeded.
    static func afterScreenCreated() { tl_signals_after_newterm() }

    /// Puts back the handlers found by `install()`. Call after `endwin`.
    static func uninstall() { tl_signals_uninstall() }

    /// The first quit signal caught since `install()`, if any.
    static var caught: Int32? {
        let number = tl_caught_signal()
        return number == 0 ? nil : number
    }
}
