/// A value sampled along a run in bounded memory: every `stride`-th step's value, up to
/// `capacity` samples; when full, every other sample goes and the stride doubles, so a long run
/// costs at most about `2 · capacity` evaluations however long it gets (the test loss, which a step
/// does not otherwise compute).
public struct SampledCurve: Equatable, Sendable {
    public let capacity: Int
    public private(set) var steps: [Int] = []
    public private(set) var values: [Double] = []
    public private(set) var stride = 1

    public init(capacity: Int = 1024) {
        self.capacity = max(2, capacity)
    }

    /// Whether step `step` is one to sample.
    public func wants(_ step: Int) -> Bool {
        step % stride == 0 && (steps.last.map { step > $0 } ?? true)
    }

    /// Records `value` at `step` (steps in increasing order, as `wants` picks them).
    public mutating func record(_ value: Double, at step: Int) {
        guard wants(step) else { return }
        if steps.count == capacity {
            stride *= 2
            let kept = steps.indices.filter { steps[$0] % stride == 0 }
            steps = kept.map { steps[$0] }
            values = kept.map { values[$0] }
            guard step % stride == 0 else { return }
        }
        steps.append(step)
        values.append(value)
    }

    /// Drops the samples after `step` (a rewind went back there).
    public mutating func forget(after step: Int) {
        while let last = steps.last, last > step {
            steps.removeLast()
            values.removeLast()
        }
    }

    public var isEmpty: Bool { steps.isEmpty }
}
