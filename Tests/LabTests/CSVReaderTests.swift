import Foundation
import Grad
@testable import Lab
import Testing

/// The CSV reader on its own: RFC 4180's corners, the numbers it accepts, and every error with the
/// place in the file it names.
@Suite struct CSVReaderTests {
    /// A fresh folder for files of one test.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("labtests-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to `name` in a fresh folder and returns its path.
    static func file(_ bytes: [UInt8], name: String = "points.csv") throws -> String {
        let url = try folder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func read(_ text: String, _ columns: [String] = ["x", "y"]) throws(SceneError) -> [[Double]] {
        let path: String
        do { path = try file(Array(text.utf8)) } catch { throw SceneError(file: "?", message: "cannot write the test file: \(error)") }
        return try CSVFile.read(path: path, file: "points.csv", key: "[data] x", columns: columns)
    }

    /// The error `text` gives, as printed.
    static func problem(_ text: String, _ columns: [String] = ["x", "y"]) -> String {
        do {
            let values = try read(text, columns)
            return "no error; read \(values)"
        } catch {
            return error.description
        }
    }

    @Test("line ends LF, CRLF and CR, with or without a last one, and blank lines between rows", arguments: [
        "x,y\n1,2\n3,4\n", "x,y\n1,2\n3,4", "x,y\r\n1,2\r\n3,4\r\n", "x,y\r\n1,2\r\n3,4", "x,y\r1,2\r3,4\r",
        "\nx,y\n\n1,2\n\n\n3,4\n\n", "x,y\r\n\r\n1,2\r\n   \r\n3,4\r\n\r\n",
    ])
    func lineEnds(_ text: String) throws {
        #expect(try Self.read(text) == [[1, 3], [2, 4]])
    }

    @Test("a UTF-8 byte-order mark before the header is not part of the first name")
    func byteOrderMark() throws {
        let path = try Self.file([0xEF, 0xBB, 0xBF] + Array("x,y\n1,2\n".utf8))
        #expect(try CSVFile.read(path: path, file: "p.csv", key: nil, columns: ["x", "y"]) == [[1], [2]])
    }

    @Test("quoted cells: commas, line breaks and doubled quotes inside, quoted numbers; spaces around unquoted numbers")
    func quotedCells() throws {
        let text = "\"name, full\",x,\"the \"\"y\"\"\"\n\"a,\nb\",\"1.5\", 2 \n\"c \"\"d\"\"\", -3 ,\"4e1\"\n"
        #expect(try Self.read(text, ["x", "the \"y\""]) == [[1.5, -3], [2, 40]])
        // Unread columns may hold anything but must still be well-formed CSV.
        #expect(try Self.read("label,x,y\nhello,1,2\n\"wor\"\"ld\",3,4\n") == [[1, 3], [2, 4]])
    }

    @Test("columns are picked by name in any order; a row's other cells are not read as numbers")
    func columnsByName() throws {
        #expect(try Self.read("y,z,x\n1,a,2\n3,b,4\n", ["x", "y"]) == [[2, 4], [1, 3]])
        #expect(try Self.read(" x , y \n1,2\n", ["x", "y"]) == [[1], [2]])
    }

    @Test("numbers: decimal notation, read exactly as Double(String) reads them")
    func numbers() throws {
        let cells = ["0", "-0", "+7", "1.", ".5", "-.25", "1e3", "1E-3", "2.5e+2", "000123.4500", "3.141592653589793",
                     "2.0665311091502883", "1e22", "1e23", "123456789012345678901234", "4.9e-324", "1.7976931348623157e308",
                     "0.1", "0.30000000000000004", "9007199254740993", " 12 ", "0.12345678901234567890123",
                     "1234567890.1234567890123", "0.000000000000000000001234567890123456789012"]
        let text = "x\n" + cells.joined(separator: "\n") + "\n"
        let read = try Self.read(text, ["x"])[0]
        #expect(read.map(\.bitPattern) == cells.map { Double($0.trimmingCharacters(in: .whitespaces))!.bitPattern })
        var rng = RandomSource(seed: 7)
        var values: [Double] = []
        for _ in 0..<2000 {
            let magnitude = Double.pow10(Int(rng.uniform() * 40) - 20)
            values.append((rng.uniform() - 0.5) * magnitude)
        }
        let random = values.map { "\($0)" } + values.map { String(format: "%.6g", $0) }
        let parsed = try Self.read("x\n" + random.joined(separator: "\n"), ["x"])[0]
        #expect(parsed.map(\.bitPattern) == random.map { Double($0)!.bitPattern })
    }

    @Test("every problem is an error that names the place in the file and what is wrong", arguments: [
        ("", "points.csv:1: [data] x: the file is empty; a CSV file needs a header line of column names (e.g. x,y) and rows of numbers"),
        ("\n\r\n  \n", "points.csv:1: [data] x: the file is empty; a CSV file needs a header line of column names (e.g. x,y) and rows of numbers"),
        ("x,y\n", "points.csv:1: [data] x: the file has a header (x, y) but no rows of numbers"),
        ("a,b\n1,2\n", "points.csv:1: [data] x: no column 'x'; the columns are: 'a', 'b'"),
        ("x,x,y\n1,2,3\n", "points.csv:1: [data] x: 2 columns are named 'x'; give the columns different names"),
        ("x,y\n1,2\n3,abc\n", "points.csv:3:3: [data] x: 'abc' in column 'y' is not a number"),
        ("x,y\n1,2\n\"a\nb\",4\n", "points.csv:3:1: [data] x: 'a\\u{A}b' in column 'x' is not a number"),
        ("x,y\n1,2\n1,5\u{1B}[2J\n", "points.csv:3:3: [data] x: '5\\u{1B}[2J' in column 'y' is not a number"),
        ("x,y\n1,0x10\n", "points.csv:2:3: [data] x: '0x10' in column 'y' is not a number"),
        ("x,y\n1,\"1,5\"\n", "points.csv:2:3: [data] x: '1,5' in column 'y' is not a number"),
        ("x,y\n1,\n", "points.csv:2:3: [data] x: the cell of column 'y' is empty; every row needs a number there"),
        ("x,y\n1,inf\n", "points.csv:2:3: [data] x: 'inf' in column 'y' is not a finite number"),
        ("x,y\nNaN,1\n", "points.csv:2:1: [data] x: 'NaN' in column 'x' is not a finite number"),
        ("x,y\n1e999,1\n", "points.csv:2:1: [data] x: '1e999' in column 'x' is not a finite number"),
        ("x,y\n1,2\n3,4,5\n", "points.csv:3: [data] x: this row has 3 cells but the header has 2 (x, y); every row needs one cell per column"),
        ("x,y\n1,2\n3\n", "points.csv:3: [data] x: this row has 1 cell but the header has 2 (x, y); every row needs one cell per column"),
        ("x,y\n1,\"2\n", "points.csv:2:3: [data] x: a quoted cell is not closed: the file ends before its closing quote (\")"),
        ("x,y\n1,\"2\"3\n", "points.csv:2:6: [data] x: text after the closing quote of a cell; a quoted cell ends at its quote"),
        // CSV.swift reads a quote inside an unquoted cell as text.
        ("x,y\n1,2\"3\n", "points.csv:2:3: [data] x: '2\"3' in column 'y' is not a number"),
        // It drops a character after a closing quote (a space too); the reader refuses that.
        ("x,y\n1,\"2\" \n3,4\n", "points.csv:2:6: [data] x: text after the closing quote of a cell; a quoted cell ends at its quote"),
        ("x,y\n1,2\n3,abc\"4\"5\n", "points.csv:3:3: [data] x: 'abc\"4\"5' in column 'y' is not a number"),
        ("x,y\nz,\"2\"3\n", "points.csv:2:1: [data] x: 'z' in column 'x' is not a number"),
    ])
    func errors(_ text: String, _ expected: String) {
        #expect(Self.problem(text) == expected)
    }

    @Test("a long cell is shown cut to 40 characters")
    func longCellIsCut() {
        let cell = String(repeating: "z", count: 100)
        #expect(Self.problem("x,y\n1,\(cell)\n") == "points.csv:2:3: [data] x: '\(String(repeating: "z", count: 40))…' in column 'y' is not a number")
    }

    @Test("a missing file says where it looked; a folder and a device are refused without reading them")
    func notAFile() throws {
        let folder = try Self.folder()
        let missing = folder.appendingPathComponent("nope.csv").path
        func problem(_ path: String) -> String {
            do { _ = try CSVFile.read(path: path, file: "data.csv", key: "--data", columns: ["x", "y"]); return "no error" } catch { return error.description }
        }
        #expect(problem(missing) == "data.csv: --data: no such file (looked for \(missing))")
        #expect(problem(folder.path) == "data.csv: --data: is a directory; give a CSV file")
        #expect(problem("/dev/zero") == "data.csv: --data: is a device, not a file; give a CSV file")
    }

    @Test("a file over the 1 GiB cap is refused by its size, before it is read")
    func overTheSizeCap() throws {
        let path = try Self.file([], name: "huge.csv")
        // A sparse file: its size says 1 GiB and a byte, with nothing written.
        guard truncate(path, off_t(CSVFile.maximumFileSize + 1)) == 0 else { throw SceneError(file: path, message: "truncate failed") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: SceneError(file: "huge.csv", key: "--data",
                                   message: "the file has \(CSVFile.maximumFileSize + 1) bytes; CSV files are at most \(CSVFile.maximumFileSize) bytes (1 GiB)")) {
            _ = try CSVFile.read(path: path, file: "huge.csv", key: "--data", columns: ["x", "y"])
        }
    }

    /// Random damage to a good file (bytes replaced, dropped, doubled, quotes and line ends
    /// sprinkled in): the reader returns numbers or a located error, never crashes or hangs.
    @Test("damaged files are read or refused with a location, never a crash")
    func damagedFiles() throws {
        let good = Array("x,y,label\n1.5,2,\"a, b\"\r\n-3e2,4.25,c\n\n7,8,\"d\"\"e\"\n".utf8)
        let noise: [UInt8] = Array(",\"\n\r 0.e-+x\u{1}".utf8) + [0xEF, 0xBB, 0xBF, 0xFF, 0x00]
        var rng = RandomSource(seed: 16)
        func pick(_ count: Int) -> Int { min(count - 1, Int(rng.uniform() * Double(count))) }
        let folder = try Self.folder()
        for trial in 0..<2000 {
            var bytes = good
            for _ in 0...pick(4) {
                guard !bytes.isEmpty else { break }
                let at = pick(bytes.count)
                switch pick(4) {
                case 0: bytes[at] = noise[pick(noise.count)]
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(noise[pick(noise.count)], at: at)
                default: bytes.insert(contentsOf: bytes[at...].prefix(pick(8) + 1), at: at)
                }
            }
            let url = folder.appendingPathComponent("\(trial).csv")
            try Data(bytes).write(to: url)
            do {
                let columns = try CSVFile.read(path: url.path, file: "f.csv", key: nil, columns: ["x", "y"])
                #expect(columns.count == 2 && columns[0].count == columns[1].count && columns[0].allSatisfy(\.isFinite))
            } catch {
                #expect(error.line != nil, "\(error) for \(bytes)")
                #expect(!error.description.contains("\u{1}"), "\(error)")
            }
        }
    }
}

private extension Double {
    static func pow10(_ k: Int) -> Double { Foundation.pow(10, Double(k)) }
}

/// Two corners CSVLibraryAgreementTests found where the reader and CSV.swift disagreed.
@Suite struct CSVReaderCornerTests {
    static func parse(_ text: String, _ columns: [String], chunk: Int) throws(SceneError) -> [[Double]] {
        let bytes = Array(text.utf8)
        do {
            return try bytes.withUnsafeBytes { try CSVFile.parse($0, file: "f.csv", key: nil, columns: columns, chunkSize: chunk) }
        } catch let error as SceneError {
            throw error
        } catch {
            throw SceneError(file: "f.csv", message: "\(error)")
        }
    }

    @Test("a CRLF inside a quoted cell stays in it (the header name \"a⏎b\" keeps both bytes)", arguments: [1, 2, 1 << 20])
    func lineBreakInQuotes(chunk: Int) throws {
        #expect(try Self.parse("\"a\r\nb\",y\r\n1,2\r\n", ["a\r\nb", "y"], chunk: chunk) == [[1], [2]])
    }

    @Test("a byte-order mark split over chunks is still not part of the first name", arguments: [1, 2, 3, 4])
    func byteOrderMarkOverChunks(chunk: Int) throws {
        #expect(try Self.parse("\u{FEFF}\"x\",y\n1,2\n", ["x", "y"], chunk: chunk) == [[1], [2]])
        #expect(try Self.parse("\u{FEFF}x,y\n1,2\n", ["x", "y"], chunk: chunk) == [[1], [2]])
    }
}
