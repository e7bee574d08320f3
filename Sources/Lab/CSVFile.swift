import Dispatch
import Foundation

/// Reads numeric columns of a CSV file with yaslab/CSV.swift (RFC 4180: a header line of column
/// names, then a row a line; quoted cells with `""` for a quote and commas and line breaks inside;
/// CRLF, LF or CR line ends), with a UTF-8 byte-order mark and blank lines skipped, and a located
/// error for everything else.
///
/// The library reads about 32 MB of CSV a second on one core of this machine, over a String
/// (`CSVReader(string:)`; over an `InputStream` it is slower still), and the goal is a
/// 1,000,000-row two-column file (38 MB) in under 1 s and at most 3× its doubles in memory. So the
/// file is read in 1 MiB blocks and cut into pieces of whole rows where the library would begin a row
/// (`CSVRowScanner` follows its rules), and the library reads the pieces on all cores at once, each
/// over a String of its own; the numbers are put together in the file's order. `bench/run` prints
/// the time and memory beside numpy's and pandas'. Measured before this design, on the same file:
/// swiftcsv/SwiftCSV 0.10.0 (`EnumeratedCSV`, then `Double(cell)`) 3.5 s and 399 MB of resident
/// memory; CSV.swift over an `InputStream` 2.0 s and 34 MB, over the whole file as one String 1.2 s
/// and 91 MB.
public enum CSVFile {
    /// Files larger than this are refused before they are read.
    public static let maximumFileSize = 1 << 30
    /// At most this many numbers are read (as many as a scene's `linspace` may make).
    public static let maximumValues = 50_000_000

    /// The columns named `wanted` of the CSV file at `path`, one array per name, in the file's row
    /// order. `file` names the file in errors (as the user wrote it, or resolved); `key` is the
    /// scene key or option that asked for it (`[data] x`, `--data`).
    public static func read(path: String, file: String, key: String?, columns wanted: [String]) throws(SceneError) -> [[Double]] {
        let (descriptor, size) = try open(path, file: file, key: key)
        defer { close(descriptor) }
        var load = CSVLoad(file: file, key: key, wanted: wanted, pieceSize: 1 << 20, fileSize: size)
        let blockSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, blockSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw SceneError(file: file, key: key, message: "cannot read the file (\(String(cString: strerror(errno))))")
            }
            if count == 0 { break }
            try load.add(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return try load.finish()
    }

    /// The columns `wanted` of CSV bytes in memory, given `chunkSize` bytes at a time and cut into
    /// pieces of about that size (`read` uses 1 MiB for both): the CSV fuzzer's entry.
    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String, key: String?, columns wanted: [String],
                             chunkSize: Int = 1 << 20) throws(SceneError) -> [[Double]] {
        var load = CSVLoad(file: file, key: key, wanted: wanted, pieceSize: max(1, chunkSize))
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + max(1, chunkSize))
            try load.add(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end
        }
        return try load.finish()
    }

    /// Opens a regular file of at most `maximumFileSize` bytes; directories, devices, pipes and
    /// sockets are refused after a `stat`, before they are opened. Returns the descriptor and the size.
    static func open(_ path: String, file: String, key: String?) throws(SceneError) -> (Int32, Int) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno
            if reason == ENOENT {
                let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
                throw SceneError(file: file, key: key, message: "no such file (looked for \(resolved))")
            }
            throw SceneError(file: file, key: key, message: "cannot read the file (\(String(cString: strerror(reason))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw SceneError(file: file, key: key, message: "is a directory; give a CSV file")
        case S_IFIFO, S_IFSOCK: throw SceneError(file: file, key: key, message: "is a pipe or socket, not a file; save the data to a .csv file and give its path")
        default: throw SceneError(file: file, key: key, message: "is a device, not a file; give a CSV file")
        }
        guard Int(info.st_size) <= maximumFileSize else {
            throw SceneError(file: file, key: key,
                             message: "the file has \(info.st_size) bytes; CSV files are at most \(maximumFileSize) bytes (1 GiB)")
        }
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SceneError(file: file, key: key, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        return (descriptor, Int(info.st_size))
    }
}

