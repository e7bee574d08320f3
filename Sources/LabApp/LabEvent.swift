/// What reaches the lab: a key, the clock, or a new terminal size. Ticks are events like keys, so
/// a test can script a lab session without a terminal.
public enum LabEvent {
    case key(KeyPress)
    /// `elapsed` seconds have passed; train what is due while `hasTime()` says the frame's time
    /// is not up.
    case tick(elapsed: Double, hasTime: () -> Bool)
    /// The terminal's size in cells (the lab pauses while it is too small to show it).
    case resize(width: Int, height: Int)
    /// What became of the files an `.export` effect asked for.
    case exported(ExportOutcome)
    /// The recording (`--record`) stopped early, and why.
    case recordingStopped(String)
}

/// The end of an export: the files written (names as the notice shows them), or why nothing was.
public enum ExportOutcome: Equatable, Sendable {
    case wrote([String])
    /// `file` could not be written, for `reason` (`Permission denied`); no file was left behind.
    case failed(file: String, reason: String)
}

/// What the lab asks of the program around it after an event.
public enum LabEffect: Equatable, Sendable {
    /// End the lab (q).
    case quit
    /// Write files into the current directory (w, W) and report with `LabEvent.exported`: the
    /// frame on screen as `baseName.svg` and `baseName.txt`, or the selected run's state file
    /// `baseName.toml`; a name taken already gets `-2`, `-3`, … before its extension. The lab stays pure:
    /// the program around it, which owns the terminal and the disk, does the writing.
    case export(ExportKind, baseName: String)
}
