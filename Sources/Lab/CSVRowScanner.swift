/// Where yaslab/CSV.swift begins its rows and cells, byte by byte, by the rules of its
/// `CSVReader.readRow` and `readField` (2.5.2, fields not trimmed): a quote opens a quoted cell only
/// as the cell's first character (elsewhere it is text); inside a quoted cell `""` is a quote, and a
/// quote followed by a comma or a line end closes the cell, while a quote followed by anything else
/// keeps it open (the library keeps that quote and drops the character after it, which the reader
/// refuses rather than lose it: `textAfterClosingQuote`); a line end is LF, CR or CRLF.
///
/// `CSVFile` cuts a file into pieces where rows begin, so that the library can read the pieces on
/// all cores at once and give the rows it would give over the whole file; and it finds a cell's
/// line and column with this scanner when the cell is wrong.
struct CSVRowScanner {
    enum State {
        case cellStart
        case unquoted
        case quoted
        /// A quote inside a quoted cell: its end, or the first of `""`.
        case quoteInQuoted
    }

    enum Step {
        /// The byte belongs to a cell (or is the LF of a CRLF inside one).
        case inCell
        /// A comma: the next byte begins a cell of the same row.
        case cellEnd
        /// A line end outside quotes: the row ends here (after a CR, the LF that may follow is the
        /// same line end).
        case rowEnd
        /// The LF of a CRLF that ended a row.
        case rowEndContinued
        /// Neither a quote, a comma nor a line end after a quoted cell's quote: the library keeps the
        /// cell open, keeps the quote and drops this byte's character.
        case textAfterClosingQuote
    }

    private(set) var state = State.cellStart
    private var afterRowEndingCR = false

    var isInsideQuotes: Bool { state == .quoted }

    @inline(__always)
    mutating func take(_ byte: UInt8) -> Step {
        if afterRowEndingCR {
            afterRowEndingCR = false
            if byte == 0x0A { return .rowEndContinued }
        }
        switch state {
        case .cellStart:
            if let end = separator(byte) { return end }
            state = byte == 0x22 ? .quoted : .unquoted
        case .unquoted:
            if let end = separator(byte) { return end }
        case .quoted:
            if byte == 0x22 { state = .quoteInQuoted }
        case .quoteInQuoted:
            if let end = separator(byte) { return end }
            state = .quoted
            if byte != 0x22 { return .textAfterClosingQuote }
        }
        return .inCell
    }

    /// A comma or a line end outside quotes ends the cell, and a line end the row; nil for other bytes.
    @inline(__always)
    private mutating func separator(_ byte: UInt8) -> Step? {
        switch byte {
        case 0x2C:
            state = .cellStart
            return .cellEnd
        case 0x0A:
            state = .cellStart
            return .rowEnd
        case 0x0D:
            state = .cellStart
            afterRowEndingCR = true
            return .rowEnd
        default:
            return nil
        }
    }

    /// The line and column (both from 1, in bytes) where cell `cell` of the row that begins at line
    /// `line` of `bytes` (a piece that begins with a row) begins. Lines end at LF, CR or CRLF,
    /// inside quotes too.
    static func locate(cell: Int, rowLine line: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        var index = 0
        var current = 1
        while current < line, index < bytes.count {
            if endsLine(at: index, in: bytes) { current += 1 }
            index += 1
        }
        var scanner = CSVRowScanner()
        var column = 1
        var cellIndex = 0
        while index < bytes.count, cellIndex < cell {
            if scanner.take(bytes[index]) == .cellEnd { cellIndex += 1 }
            column += 1
            if endsLine(at: index, in: bytes) {
                current += 1
                column = 1
            }
            index += 1
        }
        return (current, column)
    }

    /// Whether a line ends at `bytes[index]`: an LF, or a CR that no LF follows.
    private static func endsLine(at index: Int, in bytes: UnsafeRawBufferPointer) -> Bool {
        bytes[index] == 0x0A || (bytes[index] == 0x0D && !(index + 1 < bytes.count && bytes[index + 1] == 0x0A))
    }

    /// Line ends in `bytes`: LF, CR and CRLF each count once.
    static func lineEnds(in bytes: UnsafeRawBufferPointer) -> Int {
        guard !bytes.isEmpty else { return 0 }
        var feeds = 0, returns = 0, pairs = 0
        for byte in bytes {
            feeds &+= byte == 0x0A ? 1 : 0
            returns &+= byte == 0x0D ? 1 : 0
        }
        if returns > 0 {
            for index in 1..<bytes.count where bytes[index] == 0x0A && bytes[index - 1] == 0x0D { pairs += 1 }
        }
        return feeds + returns - pairs
    }
}
