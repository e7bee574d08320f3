import Foundation
import Grad
@testable import Lab
import Testing

/// The CSV reader, which cuts a file into pieces and has yaslab/CSV.swift read them on all cores,
/// against CSV.swift over the whole file at once: on thousands of generated files —
/// quoted and bare cells, commas, quotes and line breaks inside quotes, header names that need
/// quoting, LF, CRLF and CR line ends mixed, blank lines, a byte-order mark, with or without a last
/// line end — both find the same rows and the same numbers in every wanted column, whatever the
/// chunks and pieces the file arrives in; and on files with quotes where RFC 4180 has none.
@Suite struct CSVLibraryAgreementTests {
    /// A generated file: its text, the wanted column names, and the text of each wanted cell.
    struct Document {
        var text = ""
        var wanted: [String] = []
    }

    static let textPieces = ["a", "b c", ",", "\"", "\r\n", "\n", "\r", " ", "é", "x,y", "\"\"", "1,2", "—", "\t"]

    /// Text of one cell: quoted when it needs it (or, at random, when it does not).
    static func cell(_ content: String, rng: inout RandomSource) -> String {
        let needsQuotes = content.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        guard needsQuotes || rng.integer(in: 0...3) == 0 else { return content }
        return "\"" + content.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func text(_ rng: inout RandomSource) -> String {
        (0..<rng.integer(in: 0...4)).map { _ in textPieces[rng.integer(in: 0...(textPieces.count - 1))] }.joined()
    }

    static func number(_ rng: inout RandomSource) -> String {
        switch rng.integer(in: 0...4) {
        case 0: String(rng.integer(in: -1000...1000))
        case 1: String(rng.normal() * 1e-7)
        case 2: String(rng.normal() * 1e12)
        default: String(rng.uniform(-10, 10))
        }
    }

    static func trimmed(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
    }

    static func document(_ rng: inout RandomSource) -> Document {
        let columns = rng.integer(in: 1...5)
        let numeric = (0..<columns).map { _ in rng.integer(in: 0...2) > 0 }
        var names: [String] = []
        for column in 0..<columns {
            var name = "c\(column)" + text(&rng)
            while names.contains(where: { trimmed($0) == trimmed(name) }) { name += "_" }
            names.append(name)
        }
        let endings = ["\n", "\r\n", "\r"]
        let ending = rng.integer(in: 0...3)
        func lineEnd(_ rng: inout RandomSource) -> String { endings[ending < 3 ? ending : rng.integer(in: 0...2)] }
        var document = Document()
        document.wanted = names.indices.filter { numeric[$0] }.map { trimmed(names[$0]) }
        if rng.integer(in: 0...4) == 0 { document.text += "\u{FEFF}" }
        document.text += names.map { cell($0, rng: &rng) }.joined(separator: ",")
        for _ in 0..<rng.integer(in: 1...8) {
            document.text += lineEnd(&rng)
            if rng.integer(in: 0...5) == 0 { document.text += lineEnd(&rng) }
            document.text += (0..<columns).map { numeric[$0] ? cell(number(&rng), rng: &rng) : cell(text(&rng), rng: &rng) }
                .joined(separator: ",")
        }
        if rng.integer(in: 0...1) == 0 { document.text += lineEnd(&rng) }
        return document
    }

    /// The wanted columns as CSV.swift reads them (without the byte-order mark, which its string
    /// reader keeps; blank lines, which it reads as one empty cell, left out).
    static func reference(_ document: Document) throws -> [[Double]] {
        var text = document.text
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        let (names, rows) = try csvLibraryRows(text)
        // The reader's one leniency: spaces and tabs around a header name are not part of it.
        let header = names.map(trimmed)
        let indices = try document.wanted.map { try #require(header.firstIndex(of: $0)) }
        var columns = document.wanted.map { _ in [Double]() }
        for row in rows {
            if row == [""] { continue }
            for (column, index) in indices.enumerated() { columns[column].append(try #require(Double(row[index]))) }
        }
        return columns
    }

    @Test("the reader finds the rows and numbers CSV.swift finds, in 3,000 generated files")
    func agreesWithTheLibrary() throws {
        var rng = RandomSource(seed: 4180)
        var compared = 0
        for _ in 0..<3000 {
            let document = Self.document(&rng)
            guard !document.wanted.isEmpty else { continue }
            let expected = try Self.reference(document)
            let chunk = rng.integer(in: 1...64)
            let bytes = Array(document.text.utf8)
            let read: [[Double]]
            do {
                read = try bytes.withUnsafeBytes {
                    try CSVFile.parse($0, file: "f.csv", key: nil, columns: document.wanted, chunkSize: chunk)
                }
            } catch {
                Issue.record("\(error) in \(document.text.debugDescription)")
                continue
            }
            #expect(read.map { $0.map(\.bitPattern) } == expected.map { $0.map(\.bitPattern) }, "\(document.text.debugDescription)")
            compared += 1
        }
        #expect(compared > 2500)
    }

    /// Rows of numbered cells `x` and `y` beside a `note` column of quotes, commas and line ends at
    /// random, quoted or not: every quote CSV.swift reads as text (inside an unquoted cell), each
    /// piece boundary where it begins a row.
    static func malformed(_ rng: inout RandomSource) -> String {
        let pieces = ["\"", "a", ",", "\n", "\r\n", "\r", " ", "\"\"", "b\"c"]
        var text = "x,note,y\n"
        for row in 0..<rng.integer(in: 1...30) {
            var note = (0..<rng.integer(in: 0...5)).map { _ in pieces[rng.integer(in: 0...(pieces.count - 1))] }.joined()
            if rng.integer(in: 0...1) == 0 {
                note = "\"" + note.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            } else {
                note = note.filter { $0 != "," && $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
                if note.first == "\"" { note = "q" + note }
            }
            text += "\(row),\(note),\(row * 2)\n"
        }
        return text
    }

    @Test("pieces of 1 to 64 bytes give the rows CSV.swift gives over the whole file, stray quotes too")
    func piecesAgreeWithTheWholeFile() throws {
        var rng = RandomSource(seed: 2025)
        for _ in 0..<2000 {
            let text = Self.malformed(&rng)
            let expected = try Self.reference(Document(text: text, wanted: ["x", "y"]))
            let bytes = Array(text.utf8)
            for chunk in [1, 7, 64] {
                let read = try bytes.withUnsafeBytes {
                    try CSVFile.parse($0, file: "f.csv", key: nil, columns: ["x", "y"], chunkSize: chunk)
                }
                #expect(read == expected, "\(text.debugDescription) in chunks of \(chunk)")
            }
        }
    }

    @Test("a wrong cell far into a file of many pieces is found at its own line, after quoted line breaks")
    func linesAcrossPieces() throws {
        var text = "x,note,y\n"
        for row in 0..<3000 { text += row % 7 == 0 ? "\(row),\"two\r\nlines\",\(row)\r\n" : "\(row),plain,\(row)\n" }
        text += "1,\"a\nb\",oops\n"
        // The header, 3,000 rows of which every seventh has two lines, then "1,"a" and "b",oops".
        let lines = 1 + 3000 + (0..<3000).filter { $0 % 7 == 0 }.count + 2
        let bytes = Array(text.utf8)
        for chunk in [5, 1000, 1 << 20] {
            #expect(throws: SceneError(file: "f.csv", line: lines, column: 4, message: "'oops' in column 'y' is not a number")) {
                _ = try bytes.withUnsafeBytes { try CSVFile.parse($0, file: "f.csv", key: nil, columns: ["x", "y"], chunkSize: chunk) }
            }
        }
    }
}
