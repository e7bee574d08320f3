import Lab

/// One input: the bytes after the first as a CSV file, read for its columns `x` and `y` in chunks
/// of 1 to 256 bytes (the first byte says how many), so that every state of the reader meets a
/// chunk boundary. Every outcome is fine except a crash, a hang (over 2 s), an allocation over
/// 1 GB, an error without a line, or columns of different lengths or with non-finite numbers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let chunk = Int(bytes[0]) + 1
    let text = UnsafeRawBufferPointer(start: bytes + 1, count: count - 1)
    do {
        let columns = try CSVFile.parse(text, file: "fuzz.csv", key: "[data] x", columns: ["x", "y"], chunkSize: chunk)
        precondition(columns.count == 2 && columns[0].count == columns[1].count, "columns of different lengths")
        precondition(columns.allSatisfy { $0.allSatisfy(\.isFinite) }, "a number that is not finite")
    } catch {
        precondition(error.line != nil, "every error in a file names a line: \(error)")
        _ = error.description
    }
    return 0
}
