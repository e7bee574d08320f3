import Foundation
import Lab
import LabApp
import Plot

/// What `w` and `W` write, written the only way that never leaves a half-written or overwritten
/// file: each file goes to a temporary name in the same directory, is flushed to disk, then linked
/// to its name (which fails rather than replace a file that appeared meanwhile) and the temporary
/// name removed. A base name whose files exist already gets `-2`, `-3`, …; when one file of a pair
/// cannot be written, the other is removed again.
enum ExportFiles {
    /// Writes `contents` (extension → text, in order) as `base.ext` files in `directory`; returns
    /// the names written, or the first file that failed and why.
    static func write(_ contents: [(ext: String, text: String)], baseName: String, directory: String = ".") -> ExportOutcome {
        let manager = FileManager.default
        var base = baseName
        var number = 1
        func path(_ name: String) -> String { directory + "/" + name }
        while contents.contains(where: { manager.fileExists(atPath: path("\(base).\($0.ext)")) }) {
            number += 1
            base = "\(baseName)-\(number)"
        }
        var written: [String] = []
        for (ext, text) in contents {
            let name = "\(base).\(ext)"
            if let reason = writeNew(path(name), Data(text.utf8)) {
                for done in written { unlink(path(done)) }
                return .failed(file: name, reason: reason)
            }
            written.append(name)
        }
        return .wrote(written)
    }

    /// Writes `data` to a new file at `path`; nil on success, else the system's reason.
    private static func writeNew(_ path: String, _ data: Data) -> String? {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { return reason(errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += count
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, link(temporary, path) != 0 { failure = errno }
        unlink(temporary)
        return failure == 0 ? nil : reason(failure)
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "permission denied (this directory is not writable; start tinylab in one that is)"
        case ENOSPC, EDQUOT: "the disk is full"
        case EROFS: "the file system is read-only"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// The files `effect` asks for, from the lab as it is and the frame on screen (`frame`).
    static func perform(_ kind: ExportKind, baseName: String, lab: LabModel, frame: () -> Frame) -> ExportOutcome {
        switch kind {
        case .picture:
            let shown = frame()
            return write([("svg", FrameSVG.document(shown)), ("txt", FrameSVG.plainText(shown))], baseName: baseName)
        case .state:
            var taken = 1
            var name = baseName
            while FileManager.default.fileExists(atPath: "./\(name).toml") {
                taken += 1
                name = "\(baseName)-\(taken)"
            }
            do {
                let text = try lab.selectedRunner.stateFile(command: "tinylab scene \(LabModel.shellWord(name + ".toml"))")
                return write([("toml", text)], baseName: name)
            } catch {
                return .failed(file: name + ".toml", reason: error.message)
            }
        }
    }
}
