/// Numbers from named columns of a CSV file, as a scene's `x` or `y` takes them:
/// `{ csv = "points.csv", column = "x" }` gives one column (shape [rows]),
/// `{ csv = "f.csv", columns = ["x1", "x2"] }` a row per line (shape [rows, columns], row-major).
public struct CSVColumns: Equatable, Sendable {
    /// The file as messages name it (as the scene file or the command line wrote it).
    public var file: String
    /// Where the file is, as an absolute path (what a state file writes, so that it resolves from
    /// any folder); nil for columns made without reading a file.
    public var path: String?
    public var columns: [String]
    /// Whether the values form a matrix (`columns = [...]`, even of one name) rather than a list.
    public var isMatrix: Bool
    public var rows: Int
    /// Row-major: row r, column c at `r * columns.count + c`.
    public var values: [Double]

    public var shape: [Int] { isMatrix ? [rows, columns.count] : [rows] }

    public init(file: String, columns: [String], isMatrix: Bool, rows: Int, values: [Double]) {
        self.file = file
        self.columns = columns
        self.isMatrix = isMatrix
        self.rows = rows
        self.values = values
    }

    /// The columns `names` of `read` (one array per column, as `CSVFile` returns them).
    init(file: String, names: [String], isMatrix: Bool, read: [[Double]]) {
        let rows = read.first?.count ?? 0
        var values: [Double]
        if read.count == 1 {
            values = read[0]
        } else {
            values = [Double](repeating: 0, count: rows * read.count)
            for (c, column) in read.enumerated() {
                for r in 0..<rows { values[r * read.count + c] = column[r] }
            }
        }
        self.init(file: file, columns: names, isMatrix: isMatrix, rows: rows, values: values)
    }
}
