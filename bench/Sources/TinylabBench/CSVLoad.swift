import Foundation
import Lab

/// `tinylab-bench csv-load FILE [REPEATS]`: the time `CSVFile` takes to read the columns `x` and
/// `y` of FILE (the median of REPEATS reads) and the memory the first read added at its peak,
/// against the doubles it returns. Run in a fresh process, so the peak is the read's own.
/// Prints one JSON object; bench/csv_load.py writes the file and times numpy and pandas beside it.
enum CSVLoadBench {
    static func run(path: String, repeats: Int) -> [String: Any] {
        let before = residentKilobytes("VmRSS:")
        var columns: [[Double]] = []
        var samples: [Double] = []
        var peakAfterFirst = 0
        for index in 0..<max(1, repeats) {
            let start = ContinuousClock.now
            do {
                columns = try CSVFile.read(path: path, file: path, key: nil, columns: ["x", "y"])
            } catch {
                FileHandle.standardError.write(Data("bench: \(error)\n".utf8))
                exit(1)
            }
            samples.append(seconds(start.duration(to: ContinuousClock.now)))
            if index == 0 { peakAfterFirst = residentKilobytes("VmHWM:") }
        }
        let rows = columns.first?.count ?? 0
        let doubles = Double(rows * columns.count * 8)
        let peak = Double(peakAfterFirst - before) * 1024
        return ["csv load": ["rows": rows, "seconds": median(samples), "peak MB": peak / 1e6,
                             "doubles MB": doubles / 1e6, "peak / doubles": peak / doubles]]
    }
}
