import Foundation
import TOMLKit

/// `x = { csv = "points.csv", column = "x" }` and `columns = ["x1", "x2"]` in a scene's [data].
extension SceneReader {
    /// One key's ask of a CSV file.
    struct CSVRequest {
        /// `x` or `y` in [data].
        var key: String
        /// The path as the scene wrote it.
        var path: String
        var names: [String]
        var isMatrix: Bool
    }

    /// The CSV file and columns `value` asks for, or nil when it is no `{ csv = … }` table.
    func csvRequest(_ value: any TOMLValueConvertible, key: String) throws(SceneError) -> CSVRequest? {
        guard let source = value.table, let pathValue = source["csv"] else { return nil }
        let one = source["column"] != nil, several = source["columns"] != nil
        let usage = "e.g. { csv = \"points.csv\", column = \"\(key)\" } or { csv = \"f.csv\", columns = [\"x1\", \"x2\"] }"
        try checkKeys(source, in: "data.\(key)", allowed: ["csv", one ? "column" : "columns"])
        guard let path = pathValue.string, !path.isEmpty else {
            throw error("data", key, "csv takes the path of a CSV file in quotes, relative to the scene file; \(usage)")
        }
        guard one != several else {
            throw error("data", key, one ? "give column or columns, not both; \(usage)" : "name the column to read; \(usage)")
        }
        var names: [String] = []
        if one {
            guard let name = source["column"]?.string, !name.isEmpty else { throw error("data", key, "column takes a column name in quotes; \(usage)") }
            names = [name]
        } else {
            guard let array = source["columns"]?.array, !array.isEmpty else {
                throw error("data", key, "columns takes a non-empty list of column names; \(usage)")
            }
            for item in Array(array) {
                guard let name = item.string, !name.isEmpty else { throw error("data", key, "columns takes column names in quotes; \(usage)") }
                guard !names.contains(name) else { throw error("data", key, "columns names '\(name)' twice") }
                names.append(name)
            }
        }
        return CSVRequest(key: key, path: path, names: names, isMatrix: several)
    }

    /// Reads what `requests` ask for, each file once, keyed by the asking key (`x`, `y`).
    func readCSV(_ requests: [CSVRequest]) throws(SceneError) -> [String: CSVColumns] {
        var tables: [String: CSVColumns] = [:]
        var done: Set<String> = []
        for request in requests where !done.contains(request.path) {
            let sharing = requests.filter { $0.path == request.path }
            var names: [String] = []
            for other in sharing { for name in other.names where !names.contains(name) { names.append(name) } }
            let shown = displayPath(request.path)
            let columns: [[Double]]
            do {
                columns = try CSVFile.read(path: resolvedPath(request.path), file: shown,
                                             key: sharing.count == 1 ? "[data] \(request.key)" : "[data] x, y", columns: names)
            } catch let problem where problem.line == nil {
                // The file itself is the problem (missing, a directory, too big): point at the scene's key.
                throw error("data", request.key, "csv = \"\(request.path)\": \(problem.message)")
            }
            for other in sharing {
                let picked = other.names.map { columns[names.firstIndex(of: $0)!] }
                tables[other.key] = CSVColumns(file: shown, names: other.names, isMatrix: other.isMatrix, read: picked)
                tables[other.key]?.path = resolvedPath(request.path)
            }
            done.insert(request.path)
        }
        return tables
    }

    /// Where `path` is: as written if absolute, else in the scene file's folder.
    func resolvedPath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return base.appendingPathComponent(path).standardizedFileURL.path
    }

    /// `path` as messages show it: beside the scene file as the user named that (`lesson/points.csv`).
    func displayPath(_ path: String) -> String {
        guard !path.hasPrefix("/"), directory != nil, let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }
}
