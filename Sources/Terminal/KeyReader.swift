import Glibc

/// Reads keys from the terminal's file descriptor itself (ncurses only draws): `poll` waits with a
/// deadline, `read` takes what arrived, `KeyDecoder` makes keys of it.
///
/// Owning the reads is what lets the lab notice a terminal that went away — end of file, EIO,
/// POLLHUP or POLLERR all become `.hangup` at once, where a read loop that only saw "no key" would
/// spin forever — and wait for the rest of an escape sequence for as long as a slow link needs.
struct KeyReader {
    /// What one wait ended with.
    enum Outcome: Equatable {
        case key(Key)
        /// The deadline passed without a key.
        case timedOut
        /// A signal interrupted the wait (a quit signal or a resize): look at the signal flags.
        case interrupted
    }

    private let descriptor: Int32
    private var decoder = KeyDecoder()
    private var ready: [Key] = []
    /// When the unfinished sequence in `decoder` stops waiting for its next byte.
    private var sequenceDeadline: ContinuousClock.Instant?
    private var hungUp = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next key, waiting until `deadline` at most.
    mutating func next(until deadline: ContinuousClock.Instant) -> Outcome {
        while true {
            if !ready.isEmpty { return .key(ready.removeFirst()) }
            if hungUp { return .key(.hangup) }
            let now = ContinuousClock.now
            if let sequenceDeadline, now >= sequenceDeadline {
                self.sequenceDeadline = nil
                if let key = decoder.timeout() { return .key(key) }
                continue
            }
            var until = deadline
            if let sequenceDeadline { until = min(until, sequenceDeadline) }
            let wait = Int32(clamping: now.duration(to: until).millisecondsRoundedUp)
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let count = poll(&request, 1, wait)
            if count < 0 {
                if errno == EINTR { return .interrupted }
                hungUp = true
                continue
            }
            if count == 0 {
                if ContinuousClock.now >= deadline { return .timedOut }
                continue
            }
            if request.revents & Int16(POLLIN) != 0 {
                readAvailable()
            } else if request.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                hungUp = true
            }
        }
    }

    private mutating func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count == 0 {
            hungUp = true
            return
        }
        if count < 0 {
            if errno != EINTR && errno != EAGAIN { hungUp = true }
            return
        }
        for byte in buffer[0..<count] { ready += decoder.feed(byte) }
        sequenceDeadline = decoder.isWaiting ? ContinuousClock.now.advanced(by: KeyDecoder.sequenceWait) : nil
    }
}
