import CNcurses

/// Which glyphs the lab draws: braille and box lines, or ASCII only.
public enum GlyphChoice: String, Sendable, CaseIterable {
    /// Follow the locale and `TERM` (see `TerminalLocale.prepare`).
    case automatic
    case ascii
    case unicode
}

/// Sets up the process locale so ncurses can read and write UTF-8, and decides the glyph set.
enum TerminalLocale {
    /// Terminal types whose fonts have no braille or box lines (the Linux console, DEC VTs).
    static func lacksUnicodeGlyphs(term: String) -> Bool {
        term == "linux" || term.hasPrefix("linux-") || term.hasPrefix("vt") || term == "ansi" || term == "dumb"
    }

    /// Whether a person chose a locale: `LC_ALL`, `LC_CTYPE` or `LANG` is set and not empty.
    static func localeIsSet(_ environment: (String) -> String?) -> Bool {
        ["LC_ALL", "LC_CTYPE", "LANG"].contains { !(environment($0) ?? "").isEmpty }
    }

    /// Adopts the user's character encoding (`LC_CTYPE` only: numbers must print the same in every
    /// locale) and returns whether to draw Unicode glyphs:
    /// - `--ascii` / `--unicode` decide (for `--unicode` under a non-UTF-8 locale, ncurses writes
    ///   UTF-8 through `C.UTF-8`);
    /// - otherwise `TERM=linux`, `vt100` and the like get ASCII, a UTF-8 locale gets Unicode, a
    ///   locale someone set to something else (`C`, `POSIX`, Latin-1) gets ASCII, and no locale at
    ///   all (minimal containers) tries `C.UTF-8`.
    /// Must run before the screen is created.
    static func prepare(_ choice: GlyphChoice, environment: (String) -> String?) -> Bool {
        setlocale(LC_CTYPE, "")
        let userUTF8 = codesetIsUTF8()
        switch choice {
        case .ascii:
            return false
        case .unicode:
            return userUTF8 || fallBackToUTF8()
        case .automatic:
            if lacksUnicodeGlyphs(term: environment("TERM") ?? "") { return false }
            if userUTF8 { return true }
            return localeIsSet(environment) ? false : fallBackToUTF8()
        }
    }

    private static func fallBackToUTF8() -> Bool {
        guard setlocale(LC_CTYPE, "C.UTF-8") != nil else { return false }
        return codesetIsUTF8()
    }

    private static func codesetIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased().filter { $0 != "-" && $0 != "_" }
        return name == "utf8"
    }
}
