import Grad

/// Which rows of a data set are held out (`test_fraction` in `[data]`): a seeded shuffle of the
/// row indices (Fisher–Yates over the scene's seed, in a stream of its own, so the data and the
/// initial parameters draw exactly what they draw without a split), whose first
/// `round(fraction · rows)` are held out — at least one, and never all. Both sets keep the rows'
/// order in the data.
struct HeldOutSplit: Equatable, Sendable {
    let training: [Int]
    let test: [Int]

    /// Added to the scene's seed for the split's own stream.
    static let streamOffset: UInt64 = 0x7E57_5EED

    init(rows: Int, fraction: Double, seed: UInt64) {
        var order = Array(0..<rows)
        var rng = RandomSource(seed: seed &+ Self.streamOffset)
        if rows > 1 {
            for i in stride(from: rows - 1, to: 0, by: -1) {
                order.swapAt(i, rng.integer(in: 0...i))
            }
        }
        let held = rows < 2 ? 0 : min(rows - 1, max(1, Int((fraction * Double(rows)).rounded())))
        test = order[..<held].sorted()
        training = order[held...].sorted()
    }

    /// The rows `indices` of `tensor` (its first dimension; each element for a vector).
    static func rows(_ indices: [Int], of tensor: Tensor) -> Tensor {
        Tensor(gather(indices[...], of: tensor), shape: [indices.count] + tensor.shape.dropFirst())
    }

    /// The values of the rows `indices` of `tensor`, one after another.
    static func gather(_ indices: ArraySlice<Int>, of tensor: Tensor) -> [Double] {
        let width = tensor.shape.count > 1 ? tensor.shape.dropFirst().reduce(1, *) : 1
        return tensor.data.withUnsafeBufferPointer { source in
            [Double](unsafeUninitializedCapacity: indices.count * width) { target, count in
                var at = 0
                for row in indices {
                    for k in 0..<width { target[at + k] = source[row * width + k] }
                    at += width
                }
                count = at
            }
        }
    }
}
