/// The loss of every step of a run in bounded memory: up to `capacity` buckets, each covering
/// `stride` consecutive steps. When the buckets fill up, neighbours merge and the stride doubles, so
/// the whole run stays visible however long it gets.
public struct LossHistory: Sendable {
    /// The span of steps one bucket summarizes.
    public struct Bucket: Equatable, Sendable {
        public var firstStep: Int
        public var minimum: Double
        public var maximum: Double
        public var last: Double
    }

    public let capacity: Int
    public private(set) var buckets: [Bucket] = []
    public private(set) var stride = 1
    public private(set) var count = 0
    public private(set) var best: Double?
    public private(set) var latest: Double?

    public init(capacity: Int = 2048) {
        self.capacity = max(2, capacity - capacity % 2)
        buckets.reserveCapacity(self.capacity)
    }

    public var isEmpty: Bool { count == 0 }

    /// Records the loss of step `count` (steps are recorded in order from 0).
    public mutating func append(_ loss: Double) {
        if count % stride == 0 {
            if buckets.count == capacity { mergePairs() }
        }
        if count % stride == 0 {
            buckets.append(Bucket(firstStep: count, minimum: loss, maximum: loss, last: loss))
        } else {
            let i = buckets.count - 1
            buckets[i].minimum = min(buckets[i].minimum, loss)
            buckets[i].maximum = max(buckets[i].maximum, loss)
            buckets[i].last = loss
        }
        count += 1
        latest = loss
        best = min(best ?? loss, loss)
    }

    private mutating func mergePairs() {
        var merged: [Bucket] = []
        merged.reserveCapacity(capacity)
        var i = 0
        while i < buckets.count {
            var bucket = buckets[i]
            if i + 1 < buckets.count {
                let next = buckets[i + 1]
                bucket.minimum = min(bucket.minimum, next.minimum)
                bucket.maximum = max(bucket.maximum, next.maximum)
                bucket.last = next.last
            }
            merged.append(bucket)
            i += 2
        }
        buckets = merged
        stride *= 2
    }

    /// One representative loss per bucket (its last value), oldest first.
    public var values: [Double] { buckets.map(\.last) }

    /// Every loss while buckets hold one step each; afterwards each bucket's minimum and maximum,
    /// so a short spike in a long run stays visible. `stride` is the steps per value.
    public var extremes: (values: [Double], stride: Int) {
        guard stride > 1 else { return (buckets.map(\.last), 1) }
        return (buckets.flatMap { [$0.minimum, $0.maximum] }, stride / 2)
    }
}

/// The most recent values of something, oldest first, in fixed memory.
public struct RecentValues<Element: Sendable>: Sendable {
    public let capacity: Int
    private var storage: [Element] = []
    private var start = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public mutating func append(_ element: Element) {
        if storage.count < capacity {
            storage.append(element)
        } else {
            storage[start] = element
            start = (start + 1) % capacity
        }
    }

    public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        start = 0
    }

    public var elements: [Element] { Array(storage[start...] + storage[..<start]) }
}

extension RecentValues where Element == [Double] {
    /// Appends the `count` values `value(0)`, `value(1)`, …: once full, into the oldest element's
    /// own array, overwritten in place, so that a steady run allocates nothing for it (unless a
    /// checkpoint still shares that array).
    mutating func append(count: Int, _ value: (Int) -> Double) {
        guard storage.count == capacity, storage[start].count == count else {
            append((0..<count).map(value))
            return
        }
        for index in 0..<count { storage[start][index] = value(index) }
        start = (start + 1) % capacity
    }
}
