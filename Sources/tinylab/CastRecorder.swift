import Foundation
import Plot

/// `--record FILE.cast`: an asciicast v2 recording (what `asciinema play` reads) of every frame the
/// lab draws, with real timings: a JSON header line, then `[seconds, "o", text]` events (only the
/// rows that changed) and `[seconds, "r", "WxH"]` for a resize.
///
/// The recording goes to a temporary file beside FILE, opened before the lab, so a path that
/// cannot be written is an error before anything is shown; it becomes FILE when the lab ends. A
/// write that fails while recording (a full disk, a file size limit) ends the recording: the file
/// is cut back to its last whole event and kept, and the lab goes on.
final class CastRecorder {
    let path: String
    private let temporary: String
    private var descriptor: Int32
    private let start = ContinuousClock.now
    private var previous: Frame?
    /// Bytes of whole lines written so far (what a failed write is cut back to).
    private var written: off_t = 0
    /// Why recording stopped early, once it has.
    private(set) var failure: String?

    /// Opens the recording or throws a message saying why it cannot be written.
    init(path: String, title: String) throws(CastError) {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CastError(message: "--record \(path): is a directory; give a file name such as \(path)/lab.cast")
        }
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).recording-\(getpid())").path
        signal(SIGXFSZ, SIG_IGN)
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CastError(message: "--record \(path): cannot write there (\(String(cString: strerror(errno))))")
        }
        let header = "{\"version\":2,\"width\":0,\"height\":0,\"timestamp\":\(Int(Date().timeIntervalSince1970)),"
            + "\"title\":\(HeadlessLog.jsonString(title)),\"env\":{\"TERM\":\(HeadlessLog.jsonString(ProcessInfo.processInfo.environment["TERM"] ?? "xterm"))}}"
        pendingHeader = header
    }

    /// The header waits for the first frame, which gives the size.
    private var pendingHeader: String?

    /// Records `frame` as drawn now.
    func record(_ frame: Frame) {
        guard failure == nil, descriptor >= 0 else { return }
        let seconds = Double((ContinuousClock.now - start).components.attoseconds) * 1e-18 + Double((ContinuousClock.now - start).components.seconds)
        let time = String(format: "%.6f", seconds)
        var lines = ""
        if let header = pendingHeader {
            lines += header.replacingOccurrences(of: "\"width\":0,\"height\":0", with: "\"width\":\(frame.width),\"height\":\(frame.height)") + "\n"
            pendingHeader = nil
            lines += "[\(time),\"o\",\(HeadlessLog.jsonString(FrameANSI.screen(frame)))]\n"
        } else {
            if let previous, previous.width != frame.width || previous.height != frame.height {
                lines += "[\(time),\"r\",\"\(frame.width)x\(frame.height)\"]\n"
            }
            let changed = FrameANSI.rows(frame, changedFrom: previous)
            if !changed.isEmpty { lines += "[\(time),\"o\",\(HeadlessLog.jsonString(changed))]\n" }
        }
        previous = frame
        guard !lines.isEmpty else { return }
        let bytes = Array(lines.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                ftruncate(descriptor, written)
                return
            }
            offset += count
        }
        written += off_t(bytes.count)
    }

    /// Closes the recording and gives it its name; returns a problem to report, if any.
    func finish() -> String? {
        guard descriptor >= 0 else { return nil }
        fsync(descriptor)
        close(descriptor)
        descriptor = -1
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return "tinylab: --record \(path): cannot save the recording (\(reason))"
        }
        return failure.map { "tinylab: --record \(path): the recording stopped early (\($0)); what was recorded until then is kept" }
    }

    /// Closes and removes the recording (the lab did not open).
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporary)
    }
}

struct CastError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
