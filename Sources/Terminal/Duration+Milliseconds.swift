extension Duration {
    /// The duration in whole milliseconds, rounded up so a wait never ends early; 0 if not positive.
    var millisecondsRoundedUp: Int64 {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let (whole, rest) = attoseconds.quotientAndRemainder(dividingBy: attosecondsPerMillisecond)
        return seconds * 1000 + whole + (rest > 0 ? 1 : 0)
    }
}
