import CSV

/// The header and rows yaslab/CSV.swift reads from `text` (a file of its own: the module's `CSV`
/// alias and `CSVReader` would clash with Lab's reader in a file that imports both).
func csvLibraryRows(_ text: String) throws -> (header: [String], rows: [[String]]) {
    let reader = try CSVReader(string: text, hasHeaderRow: true)
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    return (reader.headerRow ?? [], rows)
}
