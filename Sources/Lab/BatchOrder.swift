import Grad

/// Which training rows each mini-batch takes (`batch_size` in [training]): every epoch visits the
/// rows in a new seeded random order, `size` at a time, the last batch of an epoch smaller when
/// `size` does not divide the rows (PyTorch's `drop_last = False`). The order is drawn from a stream
/// of its own: tinylab's generator shuffles (Fisher–Yates) over the seed; PyTorch's gives the order
/// of `DataLoader(TensorDataset(x, y), batch_size, shuffle=True, generator=torch.Generator().manual_seed(seed))`
/// read epoch by epoch (`TorchGenerator.nextDataLoaderEpoch`). A value: checkpoints keep it, so a
/// rewind repeats the same batches.
struct BatchOrder: Sendable {
    private enum Source: Sendable {
        case tinylab(RandomSource)
        case torch(TorchGenerator)
    }

    /// The largest batch (a batch is one piece of `Model.chunkSize` points at most).
    static let largestSize = Model.chunkSize
    /// Added to the seed for tinylab's stream of batch orders.
    static let streamOffset: UInt64 = 0xBA7C_4ED5

    private var source: Source
    let rows: Int
    /// Rows per batch (the last of an epoch may have fewer).
    private(set) var size: Int
    private var order: [Int] = []
    /// How many rows of the epoch's order earlier batches took.
    private(set) var position = 0
    /// The epoch the next batch belongs to, from 1.
    private(set) var epoch = 0

    init(_ kind: GeneratorKind, seed: UInt64, rows: Int, size: Int) {
        source = switch kind {
        case .tinylab: .tinylab(RandomSource(seed: seed &+ Self.streamOffset))
        case .torch: .torch(TorchGenerator(seed: seed))
        }
        self.rows = rows
        self.size = min(max(1, size), rows)
    }

    /// The epoch of the next batch (starting it if the last one ended).
    var nextEpoch: Int { position < order.count ? epoch : epoch + 1 }

    /// A new batch size from the next batch on; the epoch's order stays.
    mutating func resize(_ newSize: Int) {
        size = min(max(1, newSize), rows)
    }

    /// Where the order stands after `epochs` epochs begun and `position` rows of the last one taken
    /// (as a state file records it): the epochs' orders are drawn again from the stream, so the next
    /// batches are the ones the recorded run took next.
    mutating func advance(toEpoch epochs: Int, position rowsTaken: Int) {
        while epoch < epochs {
            order = newOrder()
            epoch += 1
        }
        position = min(max(0, rowsTaken), order.count)
    }

    /// The rows of the next batch, in the epoch's order; a new epoch (a new order) when the last
    /// one was used up.
    mutating func next() -> ArraySlice<Int> {
        if position >= order.count {
            order = newOrder()
            position = 0
            epoch += 1
        }
        let end = min(position + size, order.count)
        defer { position = end }
        return order[position..<end]
    }

    private mutating func newOrder() -> [Int] {
        switch source {
        case .tinylab(var rng):
            // Fisher–Yates; `next(upperBound: i + 1)` is what `Int.random(in: 0...i)` draws.
            let order = [Int](unsafeUninitializedCapacity: rows) { slots, count in
                for i in 0..<rows { slots[i] = i }
                for i in stride(from: rows - 1, to: 0, by: -1) {
                    let j = Int(truncatingIfNeeded: rng.next(upperBound: UInt(i + 1)))
                    (slots[i], slots[j]) = (slots[j], slots[i])
                }
                count = rows
            }
            source = .tinylab(rng)
            return order
        case .torch(var generator):
            let order = generator.nextDataLoaderEpoch(count: rows)
            source = .torch(generator)
            return order
        }
    }
}
