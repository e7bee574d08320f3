import CSV

/// The header and rows yaslab/CSV.swift reads from `text` over the whole text at once (a file of its
/// own: the module's `CSV` alias would clash with other names in a file that imports Lab too).
func csvLibraryRows(_ text: String) throws -> (header: [String], rows: [[String]]) {
    let reader = try CSVReader(string: text, hasHeaderRow: true)
    var rows: [[String]] = []
    while let row = reader.next() { rows.append(row) }
    return (reader.headerRow ?? [], rows)
}
