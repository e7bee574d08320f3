import CNcurses

/// Sets up the process locale so ncurses can read and write UTF-8.
enum TerminalLocale {
    /// Adopts the user's character encoding (`LC_CTYPE` only: numbers must print the same in
    /// every locale), falls back to `C.UTF-8` when that encoding is not UTF-8, and returns
    /// whether UTF-8 output is possible. Must run before the screen is created.
    static func prepare() -> Bool {
        setlocale(LC_CTYPE, "")
        if codesetIsUTF8() { return true }
        guard setlocale(LC_CTYPE, "C.UTF-8") != nil else { return false }
        return codesetIsUTF8()
    }

    private static func codesetIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased().filter { $0 != "-" && $0 != "_" }
        return name == "utf8"
    }
}
