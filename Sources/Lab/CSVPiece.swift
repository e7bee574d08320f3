import CSV
import Foundation

/// The columns a file's header names, and which of them a reader wants.
struct CSVHeader: Sendable {
    var names: [String]
    /// The file's columns that are wanted, with their outputs, in the order of the file.
    var wantedColumns: [(column: Int, slot: Int)]
}

/// What went wrong in a piece: a line counted from the piece's first line (1), and a column.
struct CSVPieceProblem: Error, Sendable {
    var line: Int
    var column: Int?
    var message: String
}

/// Some whole rows of a CSV file, read by yaslab/CSV.swift (its `CSVReader` over the piece's text).
struct CSVPiece: Sendable {
    var bytes: [UInt8]

    struct Result: Sendable {
        /// Found in this piece (the first row that is not blank), when no header was given.
        var header: CSVHeader?
        var values: [[Double]]
        var rows = 0
        /// Line ends in the piece (LF, CR and CRLF count once), for the lines of the pieces after it.
        var lineEnds = 0
        var problem: CSVPieceProblem?
    }

    /// The wanted cells of each row as numbers. Blank lines (one cell of only spaces and tabs) are
    /// no rows. Without `header`, the first other row is the header; its names lose the spaces and
    /// tabs around them. At most `rowLimit` rows are read: the one after them is a problem.
    func read(header given: CSVHeader?, wanted: [String], rowLimit: Int) -> Result {
        var result = Result(header: nil, values: Array(repeating: [], count: wanted.count))
        bytes.withUnsafeBytes { raw in
            result.lineEnds = CSVRowScanner.lineEnds(in: raw)
            let quoted = raw.contains(0x22)
            var header = given
            /// A problem in the row that begins at `line`: in cell `cell` of it (located), or in the whole row.
            func problem(_ line: Int, cell: Int?, _ message: String) {
                let place = cell.map { CSVRowScanner.locate(cell: $0, rowLine: line, in: raw) }
                result.problem = CSVPieceProblem(line: place?.line ?? line, column: place?.column, message: message)
            }
            // Spaces and tabs are the library's default too; a set of the reader's own keeps other
            // threads' readers off the shared default's reference count.
            let whitespaces = CharacterSet(charactersIn: " \t")
            guard let reader = try? CSVReader(string: String(decoding: raw, as: UTF8.self), whitespaces: whitespaces) else { return }
            var line = 1
            while let row = reader.next() {
                let rowLine = line
                line += 1
                if quoted {
                    for var cell in row { line += cell.withUTF8 { CSVRowScanner.lineEnds(in: UnsafeRawBufferPointer($0)) } }
                }
                if row.count == 1, row[0].utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                guard let known = header else {
                    switch CSVPiece.header(row.map(CSVPiece.name), wanted: wanted) {
                    case .success(let found):
                        header = found
                        result.header = found
                    case .failure(let error):
                        problem(rowLine, cell: nil, error.message)
                        return
                    }
                    continue
                }
                guard row.count == known.names.count else {
                    problem(rowLine, cell: nil, "this row has \(row.count) cell\(row.count == 1 ? "" : "s") but the header has "
                            + "\(known.names.count) (\(known.names.joined(separator: ", "))); every row needs one cell per column")
                    return
                }
                guard result.rows < rowLimit else {
                    problem(rowLine, cell: nil, "more than \(CSVFile.maximumValues) numbers; use fewer rows")
                    return
                }
                for (column, slot) in known.wantedColumns {
                    var cell = row[column]
                    switch cell.withUTF8({ CSVNumber.parse($0) }) {
                    case .some(let number) where number.isFinite:
                        result.values[slot].append(number)
                    case .some:
                        problem(rowLine, cell: column, "'\(CSVPiece.shown(cell))' in column '\(wanted[slot])' is not a finite number")
                        return
                    case .none:
                        if cell.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                            problem(rowLine, cell: column, "the cell of column '\(wanted[slot])' is empty; every row needs a number there")
                        } else {
                            problem(rowLine, cell: column, "'\(CSVPiece.shown(cell))' in column '\(wanted[slot])' is not a number")
                        }
                        return
                    }
                }
                result.rows += 1
            }
        }
        return result
    }

    /// Which columns of `names` the reader wants, or why they cannot be read.
    static func header(_ names: [String], wanted: [String]) -> Swift.Result<CSVHeader, CSVPieceError> {
        var slotOfColumn = [Int?](repeating: nil, count: names.count)
        for (slot, name) in wanted.enumerated() {
            let matches = names.indices.filter { names[$0] == name }
            guard let index = matches.first else {
                return .failure(CSVPieceError("no column '\(name)'; the columns are: \(names.map { "'\($0)'" }.joined(separator: ", "))"))
            }
            guard matches.count == 1 else {
                return .failure(CSVPieceError("\(matches.count) columns are named '\(name)'; give the columns different names"))
            }
            slotOfColumn[index] = slot
        }
        let wantedColumns = slotOfColumn.enumerated().compactMap { column, slot in slot.map { (column, $0) } }
        return .success(CSVHeader(names: names, wantedColumns: wantedColumns))
    }

    /// A header cell as a column name: spaces and tabs around it are not part of it (so that
    /// `x, y` names `y`), everything else is, line breaks inside quotes too.
    static func name(_ cell: String) -> String {
        let blank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        let scalars = cell.unicodeScalars
        guard let first = scalars.firstIndex(where: { !blank($0) }), let last = scalars.lastIndex(where: { !blank($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// A cell's text as an error shows it: at most 40 characters.
    static func shown(_ cell: String) -> String {
        cell.count > 40 ? String(cell.prefix(40)) + "…" : cell
    }
}

/// Why a header cannot be read (a message for `CSVPieceProblem`).
struct CSVPieceError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
