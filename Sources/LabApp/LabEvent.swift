/// What reaches the lab: a key, the clock, or a new terminal size. Ticks are events like keys, so
/// a test can script a lab session without a terminal.
public enum LabEvent {
    case key(KeyPress)
    /// `elapsed` seconds have passed; train what is due while `hasTime()` says the frame's time
    /// is not up.
    case tick(elapsed: Double, hasTime: () -> Bool)
    /// The terminal's size in cells (the lab pauses while it is too small to show it).
    case resize(width: Int, height: Int)
}

/// What the lab asks of the program around it after an event.
public enum LabEffect: Equatable, Sendable {
    /// End the lab (q).
    case quit
}
