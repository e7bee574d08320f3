import CNcurses
import Plot

/// Why `runInteractive` returned.
public enum InteractiveEnd: Equatable, Sendable {
    /// `handle` returned false (the user asked to quit).
    case quit
    /// SIGINT (Ctrl-C), SIGTERM or SIGHUP arrived.
    case signal(Int32)

    /// The conventional exit status for the process: 0 after a quit, 128 + the signal number
    /// otherwise (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).
    public var exitStatus: Int32 {
        switch self {
        case .quit: 0
        case .signal(let number): 128 + number
        }
    }
}

/// Runs the interactive lab on `screen` until the user quits or a signal arrives, then closes
/// the screen (the terminal is restored when this returns).
///
/// A frame clock at `framesPerSecond` drives the work: at each frame deadline `tick` runs once
/// (the caller does as many training steps inside as it likes) and a frame is rendered at the
/// current size and drawn. Between deadlines the loop sleeps in the terminal's key wait; each key
/// goes to `handle` at once and, unless `handle` returns false, is followed by an immediate redraw,
/// so a key shows its effect without waiting for the next tick. `.resize` reaches `handle` like any
/// key and the redraw after it uses the new size; `.interrupt` ends the loop as SIGINT would, and
/// `.hangup` (the terminal went away) as SIGHUP would.
/// When `tick` takes longer than a frame, frames follow back to back and keys are still read
/// between them.
public func runInteractive(
    screen: Screen,
    framesPerSecond: Int = 30,
    tick: () -> Void,
    render: (_ width: Int, _ height: Int, _ capabilities: TerminalCapabilities) -> Frame,
    handle: (Key) -> Bool
) -> InteractiveEnd {
    defer { screen.close() }
    let clock = ContinuousClock()
    let period = Duration.seconds(1) / max(1, framesPerSecond)

    func redraw() {
        let (width, height) = screen.size
        screen.draw(render(width, height, screen.capabilities))
    }

    redraw()
    var deadline = clock.now.advanced(by: period)
    while true {
        if let number = screen.caughtSignal { return .signal(number) }
        let now = clock.now
        if now >= deadline {
            tick()
            if let number = screen.caughtSignal { return .signal(number) }
            redraw()
            deadline = max(deadline.advanced(by: period), clock.now)
            continue
        }
        let wait = Int(now.duration(to: deadline).millisecondsRoundedUp)
        guard let key = screen.nextKey(timeout: wait) else { continue }
        if key == .interrupt { return .signal(SIGINT) }
        if key == .hangup { return .signal(SIGHUP) }
        if !handle(key) { return .quit }
        redraw()
    }
}
