import Foundation

/// Reads numeric columns of a CSV file (RFC 4180: a header line of column names, then one record a
/// line; quoted cells with `""` for a quote and commas and line breaks inside; CRLF, LF or CR line
/// ends; a UTF-8 byte-order mark; blank lines skipped), located errors for everything else.
///
/// A loader of its own rather than one of the package copies on the machine. Measured on one
/// 1,000,000-row two-column file (38 MB, `x,y` with 17-digit numbers, as bench/csv_load.py writes
/// it), release builds on the same idle machine: swiftcsv/SwiftCSV 0.10.0 (`EnumeratedCSV`, then
/// `Double(cell)`) took 3.5 s and 399 MB of resident memory (it holds the whole text and every cell
/// as a String); yaslab/CSV.swift 2.5.2 (`CSVReader` over an `InputStream`, a `[String]` per row)
/// took 2.0 s and 34 MB, and over the file read into a String (`CSVReader(string:)`) 1.2 s and
/// 91 MB. The goal is under 1 s and at most 3× the doubles (16 MB here). This reader streams 1 MiB
/// chunks through a byte state machine, copies only the wanted cells and converts them in place:
/// 0.39 s, and 31 MB at its peak (1.9× the doubles; `bench/run` prints the figures). The tests check
/// it against CSV.swift on generated files (CSVLibraryAgreementTests).
public enum CSVReader {
    /// Files larger than this are refused before they are read.
    public static let maximumFileSize = 1 << 30
    /// At most this many numbers are read (as many as a scene's `linspace` may make).
    public static let maximumValues = 50_000_000

    /// The columns named `wanted` of the CSV file at `path`, one array per name, in the file's row
    /// order. `file` names the file in errors (as the user wrote it, or resolved); `key` is the
    /// scene key or option that asked for it (`[data] x`, `--data`).
    public static func read(path: String, file: String, key: String?, columns wanted: [String]) throws(SceneError) -> [[Double]] {
        let descriptor = try open(path, file: file, key: key)
        defer { close(descriptor) }
        var parser = CSVParser(file: file, key: key, wanted: wanted)
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw SceneError(file: file, key: key, message: "cannot read the file (\(String(cString: strerror(errno))))")
            }
            if count == 0 { break }
            try parser.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return try parser.finish()
    }

    /// The columns `wanted` of CSV bytes in memory, fed to the parser `chunkSize` bytes at a time
    /// (as `read` feeds a file): the CSV fuzzer's entry.
    public static func parse(_ bytes: UnsafeRawBufferPointer, file: String, key: String?, columns wanted: [String],
                             chunkSize: Int = 1 << 20) throws(SceneError) -> [[Double]] {
        var parser = CSVParser(file: file, key: key, wanted: wanted)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + max(1, chunkSize))
            try parser.consume(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end
        }
        return try parser.finish()
    }

    /// Opens a regular file of at most `maximumFileSize` bytes; directories, devices, pipes and
    /// sockets are refused after a `stat`, before they are opened.
    static func open(_ path: String, file: String, key: String?) throws(SceneError) -> Int32 {
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
        return descriptor
    }
}

/// The state of one pass over a CSV file's bytes, chunk after chunk.
struct CSVParser {
    let file: String
    let key: String?
    let wanted: [String]

    private enum State {
        /// At the start of a cell (nothing of it read yet).
        case cellStart
        case unquoted
        case quoted
        /// Just read a `"` inside a quoted cell: a closing quote, or the first of `""`.
        case quoteInQuoted
        /// After a closing quote: only a comma or a line end may follow.
        case afterQuoted
    }

    private var state = State.cellStart
    /// No byte of the file read yet (for the byte-order mark).
    private var atFileStart = true
    /// The previous byte was a CR (a following LF belongs to the same line end).
    private var afterCR = false

    private var line = 1
    private var column = 0
    private var cellLine = 1
    private var cellColumn = 1
    private var recordLine = 1
    private var cellIndex = 0
    /// The record so far has one cell, unquoted and empty: a blank line if it ends now.
    private var recordIsBlank = true
    private var cellWasQuoted = false

    private var header: [String] = []
    private var headerDone = false
    /// For each column of the file, the output it feeds (an index into `values`), if any.
    private var slotOfColumn: [Int?] = []
    private var cell: [UInt8] = []
    private var values: [[Double]]
    private var rows = 0
    private var totalValues = 0

    init(file: String, key: String?, wanted: [String]) {
        self.file = file
        self.key = key
        self.wanted = wanted
        values = Array(repeating: [], count: wanted.count)
        cell.reserveCapacity(64)
    }

    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws(SceneError) {
        var start = 0
        // A UTF-8 byte-order mark (spreadsheets write one) is not part of the first name; it may
        // arrive split over chunks.
        while atFileStart, start < bytes.count {
            if bytes[start] == Self.byteOrderMark[markBytesSeen] {
                markBytesSeen += 1
                start += 1
                if markBytesSeen == Self.byteOrderMark.count { atFileStart = false }
            } else {
                atFileStart = false
                for byte in Self.byteOrderMark.prefix(markBytesSeen) { try take(byte) }
            }
        }
        for index in start..<bytes.count { try take(bytes[index]) }
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// How many bytes of a byte-order mark the file has started with so far.
    private var markBytesSeen = 0

    /// Feeds one byte through the state machine.
    @inline(__always)
    private mutating func take(_ byte: UInt8) throws(SceneError) {
        if afterCR {
            afterCR = false
            if byte == 0x0A {
                // The LF of a CRLF ends no second line; inside quotes it is still part of the cell.
                if case .quoted = state { append(byte) }
                return
            }
        }
        column += 1
        switch state {
        case .cellStart:
            cellLine = line
            cellColumn = column
            switch byte {
            case 0x22:
                state = .quoted
                cellWasQuoted = true
                recordIsBlank = false
            case 0x2C:
                recordIsBlank = false
                try endCell()
            case 0x0A, 0x0D:
                try endRecord(cr: byte == 0x0D)
            default:
                state = .unquoted
                if byte != 0x20 && byte != 0x09 { recordIsBlank = false }
                append(byte)
            }
        case .unquoted:
            switch byte {
            case 0x2C:
                recordIsBlank = false
                try endCell()
            case 0x0A, 0x0D: try endRecord(cr: byte == 0x0D)
            case 0x22:
                throw located(cellLine, column, "a quote (\") inside an unquoted cell; quote the whole cell and write a quote as \"\"")
            default:
                if byte != 0x20 && byte != 0x09 { recordIsBlank = false }
                append(byte)
            }
        case .quoted:
            switch byte {
            case 0x22: state = .quoteInQuoted
            case 0x0A:
                append(byte)
                newLine()
            case 0x0D:
                append(byte)
                newLine()
                afterCR = true
            default: append(byte)
            }
        case .quoteInQuoted:
            switch byte {
            case 0x22:
                append(byte)
                state = .quoted
            case 0x2C: try endCell()
            case 0x0A, 0x0D: try endRecord(cr: byte == 0x0D)
            case 0x20, 0x09: state = .afterQuoted
            default: throw located(line, column, "text after the closing quote of a cell; a quoted cell ends at its quote")
            }
        case .afterQuoted:
            switch byte {
            case 0x2C: try endCell()
            case 0x0A, 0x0D: try endRecord(cr: byte == 0x0D)
            case 0x20, 0x09: break
            default: throw located(line, column, "text after the closing quote of a cell; a quoted cell ends at its quote")
            }
        }
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        if !headerDone || (cellIndex < slotOfColumn.count && slotOfColumn[cellIndex] != nil) { cell.append(byte) }
    }

    private mutating func newLine() {
        line += 1
        column = 0
    }

    private func located(_ line: Int, _ column: Int?, _ message: String) -> SceneError {
        SceneError(file: file, line: line, column: column, key: key, message: message)
    }

    /// The cell just read ends (at a comma or a line end).
    private mutating func endCell() throws(SceneError) {
        defer {
            cell.removeAll(keepingCapacity: true)
            cellIndex += 1
            state = .cellStart
            cellWasQuoted = false
        }
        if !headerDone {
            header.append(Self.name(cell))
            return
        }
        guard cellIndex < slotOfColumn.count else { return }
        guard let slot = slotOfColumn[cellIndex] else { return }
        let value = try number()
        values[slot].append(value)
    }

    /// A header cell as a column name: spaces and tabs around it are not part of it (so that
    /// `x, y` names `y`), everything else is, line breaks inside quotes too.
    static func name(_ bytes: [UInt8]) -> String {
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// The current cell as a finite number.
    private func number() throws(SceneError) -> Double {
        let name = wanted[slotOfColumn[cellIndex]!]
        let value = cell.withUnsafeBufferPointer { CSVNumber.parse($0) }
        switch value {
        case .some(let number) where number.isFinite:
            return number
        case .some:
            throw located(cellLine, cellColumn, "'\(Self.shown(cell))' in column '\(name)' is not a finite number")
        case .none:
            let text = Self.shown(cell)
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                throw located(cellLine, cellColumn, "the cell of column '\(name)' is empty; every row needs a number there")
            }
            throw located(cellLine, cellColumn, "'\(text)' in column '\(name)' is not a number")
        }
    }

    /// A cell's text as an error shows it: at most 40 characters.
    static func shown(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// A record ends at a line end (`cr`: at a CR, whose LF may follow).
    private mutating func endRecord(cr: Bool) throws(SceneError) {
        if recordIsBlank && cellIndex == 0 && !cellWasQuoted {
            // A blank line: no record.
            cell.removeAll(keepingCapacity: true)
            state = .cellStart
        } else {
            try endCell()
            try recordDone()
        }
        newLine()
        if cr { afterCR = true }
        recordLine = line
        cellIndex = 0
        recordIsBlank = true
    }

    /// Checks a whole record: the header's names, or a data row's cell count.
    private mutating func recordDone() throws(SceneError) {
        if !headerDone {
            headerDone = true
            try mapColumns()
            return
        }
        guard cellIndex == header.count else {
            throw located(recordLine, nil, "this row has \(cellIndex) cell\(cellIndex == 1 ? "" : "s") but the header has "
                          + "\(header.count) (\(header.joined(separator: ", "))); every row needs one cell per column")
        }
        rows += 1
        totalValues += wanted.count
        if totalValues > CSVReader.maximumValues {
            throw located(recordLine, nil, "more than \(CSVReader.maximumValues) numbers; use fewer rows")
        }
    }

    private mutating func mapColumns() throws(SceneError) {
        slotOfColumn = Array(repeating: nil, count: header.count)
        for (slot, name) in wanted.enumerated() {
            let matches = header.indices.filter { header[$0] == name }
            guard let index = matches.first else {
                throw located(1, nil, "no column '\(name)'; the columns are: \(header.map { "'\($0)'" }.joined(separator: ", "))")
            }
            guard matches.count == 1 else {
                throw located(1, nil, "\(matches.count) columns are named '\(name)'; give the columns different names")
            }
            slotOfColumn[index] = slot
        }
    }

    /// Ends the file: a last record without a line end, and the checks of a whole file.
    mutating func finish() throws(SceneError) -> [[Double]] {
        if atFileStart {
            atFileStart = false
            for byte in Self.byteOrderMark.prefix(markBytesSeen) { try take(byte) }
        }
        switch state {
        case .quoted:
            throw located(cellLine, cellColumn, "a quoted cell is not closed: the file ends before its closing quote (\")")
        case .cellStart where cellIndex == 0:
            break
        default:
            if !(recordIsBlank && cellIndex == 0 && !cellWasQuoted) {
                try endCell()
                try recordDone()
            }
        }
        guard headerDone else {
            throw located(1, nil, "the file is empty; a CSV file needs a header line of column names (e.g. x,y) and rows of numbers")
        }
        guard rows > 0 else {
            throw located(1, nil, "the file has a header (\(header.joined(separator: ", "))) but no rows of numbers")
        }
        return values
    }
}
