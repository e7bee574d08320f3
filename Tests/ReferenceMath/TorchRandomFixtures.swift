import Foundation

/// Reference draws made by real PyTorch (`TorchRandom/make_torch_random.py`, float64 on the CPU),
/// read from `TorchRandom/torch_random.json`. Floats are stored with Python's `float.hex`.
public enum TorchRandomFixtures {
    public static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("TorchRandom/torch_random.json")

    /// The whole file as JSON objects.
    /// Read once; never written after.
    nonisolated(unsafe) public static let root: [String: Any] = {
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    /// The cases of one kind (`randn`, `rand`, `uniform`, `randperm`, `linear`, `sequence`, `dataloader`, …).
    public static func cases(_ kind: String) -> [[String: Any]] {
        (root["cases"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == kind }
    }

    /// The doubles of a list of `float.hex` strings.
    public static func doubles(_ value: Any?) -> [Double] {
        (value as? [String] ?? []).map { parseHexFloat($0) }
    }

    /// A block stored as a list of hex floats, or packed (`count`, `fnv1a64` of all the bits and
    /// every `every`-th value) when large: whether `values` is exactly that block.
    public static func matches(_ values: [Double], _ stored: Any?) -> Bool {
        if let list = stored as? [String] { return values.map(\.bitPattern) == doubles(list).map(\.bitPattern) }
        guard let packed = stored as? [String: Any], let count = packed["count"] as? Int, let every = packed["every"] as? Int,
              let hash = packed["fnv1a64"] as? String else { return false }
        let sample = doubles(packed["sample"])
        let mine = stride(from: 0, to: values.count, by: every).map { values[$0] }
        return values.count == count && String(fnv1a64(values)) == hash && mine.map(\.bitPattern) == sample.map(\.bitPattern)
    }

    /// FNV-1a (64-bit) over the values' IEEE bits, eight little-endian bytes each, as the script hashes them.
    public static func fnv1a64(_ values: [Double]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for value in values {
            var bits = value.bitPattern
            for _ in 0..<8 {
                hash = (hash ^ (bits & 0xFF)) &* 0x100_0000_01B3
                bits >>= 8
            }
        }
        return hash
    }

    /// Reads Python's `float.hex` form (`-0x1.8p+1`, `0x0.0p+0`, `inf`).
    public static func parseHexFloat(_ text: String) -> Double {
        // Swift's Double(String) reads C99 hex floats, which is what float.hex writes.
        Double(text) ?? .nan
    }
}
