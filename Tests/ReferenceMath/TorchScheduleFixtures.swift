import Foundation

/// Learning rates made by real PyTorch (`TorchSchedules/make_torch_schedules.py`), read from
/// `TorchSchedules/torch_schedules.json`; floats are stored with Python's `float.hex`.
public enum TorchScheduleFixtures {
    public struct Case: Sendable {
        public let name: String
        public let rate: Double
        /// "step", "exponential", "cosine" or nil (warmup only).
        public let decay: String?
        public let options: [String: Double]
        public let steps: Int
        /// Factors multiplied into the rate by hand before these steps.
        public let changes: [Int: Double]
        /// The rate of each step.
        public let rates: [Double]
    }

    public static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("TorchSchedules/torch_schedules.json")

    public static let cases: [Case] = {
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]] else { return [] }
        return cases.map { entry in
            Case(name: entry["name"] as? String ?? "?", rate: (entry["lr"] as? String).map(TorchRandomFixtures.parseHexFloat) ?? .nan,
                 decay: entry["decay"] as? String,
                 options: (entry["options"] as? [String: String] ?? [:]).mapValues(TorchRandomFixtures.parseHexFloat),
                 steps: entry["steps"] as? Int ?? 0,
                 changes: Dictionary(uniqueKeysWithValues: (entry["changes"] as? [String: String] ?? [:]).compactMap { key, value in
                     Int(key).map { ($0, TorchRandomFixtures.parseHexFloat(value)) }
                 }),
                 rates: TorchRandomFixtures.doubles(entry["rates"]))
        }
    }()
}
