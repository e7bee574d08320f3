import Dispatch
import Foundation

/// One read of a CSV file: bytes arrive in blocks, are cut into pieces of whole rows (about
/// `pieceSize` bytes each) where CSV.swift would begin a row, and the pieces are read by the library
/// as many at once as there are cores; their numbers are appended in the file's order, and the first
/// problem in the file's order is the error.
struct CSVLoad {
    let file: String
    let key: String?
    let wanted: [String]
    let pieceSize: Int
    /// The file's size, when known: after the first piece, the columns reserve room for about as
    /// many rows as the file has at that piece's bytes a row (so that they need not grow by doubling).
    let fileSize: Int?

    /// Bytes not yet cut into a piece; the scanner has taken the first `scanned` of them.
    private var pending: [UInt8] = []
    private var scanner = CSVRowScanner()
    private var scanned = 0
    /// Where in `pending` the last whole row found ends (0: none yet).
    private var lastRowEnd = 0
    /// After a CR that ended a row: the row ends after it, unless an LF follows (then after that).
    private var endAfterCR: Int?
    /// Where in `pending` the quote is that opened the cell the scanner is in (when in one).
    private var openQuote = 0
    /// Where in `pending` the first character after a closing quote is (the library would drop it),
    /// and the quote that opened its cell.
    private var textAfterQuote: (offset: Int, cell: Int)?
    private var checkedMark = false
    private var ready: [CSVPiece] = []

    private var header: CSVHeader?
    private var values: [[Double]]
    private var rows = 0
    /// The file's line where the next piece to be put together begins.
    private var line = 1

    static let cores = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))

    private var reserved = false

    init(file: String, key: String?, wanted: [String], pieceSize: Int, fileSize: Int? = nil) {
        self.file = file
        self.key = key
        self.wanted = wanted
        self.pieceSize = pieceSize
        self.fileSize = fileSize
        values = Array(repeating: [], count: wanted.count)
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) throws(SceneError) {
        pending.append(contentsOf: bytes)
        if !checkedMark {
            guard pending.count >= 3 else { return }
            dropByteOrderMark()
        }
        scan()
        try failAtTextAfterQuote()
        if pending.count >= pieceSize, lastRowEnd > 0 { cut(at: lastRowEnd) }
        if ready.count >= Self.cores || (header == nil && !ready.isEmpty) { try readReady() }
    }

    mutating func finish() throws(SceneError) -> [[Double]] {
        if !checkedMark { dropByteOrderMark() }
        scan()
        try failAtTextAfterQuote()
        if scanner.isInsideQuotes {
            try fail(at: openQuote, cell: openQuote, "a quoted cell is not closed: the file ends before its closing quote (\")")
        }
        try readReady()
        if !pending.isEmpty {
            cut(at: pending.count)
            try readReady()
        }
        guard let header else {
            throw located(1, nil, "the file is empty; a CSV file needs a header line of column names (e.g. x,y) and rows of numbers")
        }
        guard rows > 0 else {
            throw located(1, nil, "the file has a header (\(header.names.joined(separator: ", "))) but no rows of numbers")
        }
        return values
    }

    /// Throws at the first character after a closing quote, if the scanner has met one.
    private mutating func failAtTextAfterQuote() throws(SceneError) {
        guard let textAfterQuote else { return }
        try fail(at: textAfterQuote.offset, cell: textAfterQuote.cell, "text after the closing quote of a cell; a quoted cell ends at its quote")
    }

    /// Throws the problem the scanner found at `pending[offset]`, in the cell that begins at
    /// `pending[cell]`, unless the file has one before that cell: the first problem in the file is
    /// the error.
    private mutating func fail(at offset: Int, cell: Int, _ message: String) throws(SceneError) {
        try readReady()
        let found = place(of: offset)
        let cellPlace = place(of: cell)
        if cell > 0 {
            cut(at: pending.count)
            let piece = ready.removeFirst()
            if let problem = piece.read(header: header, wanted: wanted, rowLimit: rowLimit).problem {
                let problemLine = line + problem.line - 1
                if (problemLine, problem.column ?? .max) < (cellPlace.line, cellPlace.column) {
                    throw located(problemLine, problem.column, problem.message)
                }
            }
        }
        throw located(found.line, found.column, message)
    }

    /// Spreadsheets begin their CSV files with a UTF-8 byte-order mark; it is not part of the first name.
    private mutating func dropByteOrderMark() {
        checkedMark = true
        if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
    }

    private mutating func scan() {
        pending.withUnsafeBufferPointer { bytes in
            for index in scanned..<bytes.count {
                let byte = bytes[index]
                let before = scanner.state
                let step = scanner.take(byte)
                if scanner.state == .quoted, before != .quoted, before != .quoteInQuoted { openQuote = index }
                if let end = endAfterCR {
                    endAfterCR = nil
                    lastRowEnd = step == .rowEndContinued ? index + 1 : end
                }
                switch step {
                case .rowEnd:
                    if byte == 0x0D { endAfterCR = index + 1 } else { lastRowEnd = index + 1 }
                case .textAfterClosingQuote:
                    if textAfterQuote == nil { textAfterQuote = (index, openQuote) }
                case .inCell, .cellEnd, .rowEndContinued: break
                }
            }
            scanned = bytes.count
        }
    }

    /// Makes `pending[..<end]`, whole rows, the next piece.
    private mutating func cut(at end: Int) {
        ready.append(CSVPiece(bytes: Array(pending[..<end])))
        pending.removeFirst(end)
        scanned -= end
        lastRowEnd = 0
        endAfterCR = endAfterCR.map { $0 - end }
        openQuote -= end
        textAfterQuote = textAfterQuote.map { ($0.offset - end, $0.cell - end) }
    }

    /// How many more rows may be read before the file has more than `maximumValues` numbers.
    private var rowLimit: Int { CSVFile.maximumValues / max(1, wanted.count) - rows }

    /// Reads the pieces cut so far: the first alone until the header is known, then all at once.
    private mutating func readReady() throws(SceneError) {
        while header == nil, !ready.isEmpty {
            let piece = ready.removeFirst()
            try put(piece.read(header: nil, wanted: wanted, rowLimit: rowLimit), of: piece)
        }
        guard !ready.isEmpty else { return }
        let pieces = ready
        ready = []
        let results = Self.readAtOnce(pieces, header: header, wanted: wanted, rowLimit: rowLimit)
        for (piece, result) in zip(pieces, results) { try put(result, of: piece) }
    }

    /// Each piece read on a core of its own (one thread each, as many as there are pieces).
    private static func readAtOnce(_ pieces: [CSVPiece], header: CSVHeader?, wanted: [String], rowLimit: Int) -> [CSVPiece.Result] {
        if pieces.count == 1 { return [pieces[0].read(header: header, wanted: wanted, rowLimit: rowLimit)] }
        let slots = ResultSlots(count: pieces.count)
        DispatchQueue.concurrentPerform(iterations: pieces.count) { index in
            slots.store(pieces[index].read(header: header, wanted: wanted, rowLimit: rowLimit), at: index)
        }
        return slots.results()
    }

    /// Puts a piece's numbers after the ones before it, or throws its problem at the file's line.
    private mutating func put(_ result: CSVPiece.Result, of piece: CSVPiece) throws(SceneError) {
        if let found = result.header { header = found }
        if let problem = result.problem { throw located(line + problem.line - 1, problem.column, problem.message) }
        if result.rows > rowLimit {
            // Read beside others, the piece could not know how many rows they took.
            let exact = piece.read(header: header, wanted: wanted, rowLimit: rowLimit)
            if let problem = exact.problem { throw located(line + problem.line - 1, problem.column, problem.message) }
        }
        if !reserved, let fileSize, result.rows > 0 {
            reserved = true
            let estimate = Double(fileSize) / Double(max(1, piece.bytes.count)) * Double(result.rows) * 1.02
            let capacity = Int(min(estimate, Double(CSVFile.maximumValues / max(1, wanted.count))))
            for slot in values.indices { values[slot].reserveCapacity(capacity) }
        }
        for slot in values.indices { values[slot].append(contentsOf: result.values[slot]) }
        rows += result.rows
        line += result.lineEnds
    }

    /// The file's line and column of `pending[offset]`.
    private func place(of offset: Int) -> (line: Int, column: Int) {
        pending.withUnsafeBytes { bytes in
            let before = UnsafeRawBufferPointer(rebasing: bytes[..<min(max(0, offset), bytes.count)])
            let lineStart = (before.lastIndex { $0 == 0x0A || $0 == 0x0D }).map { $0 + 1 } ?? 0
            return (line + CSVRowScanner.lineEnds(in: before), offset - lineStart + 1)
        }
    }

    private func located(_ line: Int, _ column: Int?, _ message: String) -> SceneError {
        SceneError(file: file, line: line, column: column, key: key, message: message)
    }
}

/// One result a piece, each written by the thread that read that piece.
private final class ResultSlots: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<CSVPiece.Result?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func store(_ result: CSVPiece.Result, at index: Int) { storage[index] = result }

    func results() -> [CSVPiece.Result] { storage.map { $0! } }
}
