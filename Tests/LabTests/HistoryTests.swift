import LabFixtures
import Foundation
import Grad
import Testing
@testable import Lab

/// The loss history keeps a whole run in bounded memory; recent values keep the last few.
@Suite struct HistoryTests {
    /// Seeded, bumpy values: a falling curve with noise, so minima and maxima are not at the ends.
    static func values(_ count: Int) -> [Double] {
        var rng = RandomSource(seed: 42)
        return (0..<count).map { i in 100 / Double(i + 1) + rng.uniform(-5, 5) }
    }

    /// Checks every bucket against a brute-force summary of the steps it covers.
    static func checkAgainstBruteForce(_ history: LossHistory, _ values: [Double]) {
        let stride = history.stride
        #expect(stride >= 1 && stride & (stride - 1) == 0, "the stride doubles from 1: \(stride)")
        #expect(history.count == values.count)
        guard !values.isEmpty else {
            #expect(history.buckets.isEmpty)
            return
        }
        #expect(history.buckets.count <= history.capacity)
        #expect(history.buckets.first?.firstStep == 0)
        // Consecutive buckets of `stride` steps covering 0..<count, the last one possibly partial.
        #expect(history.buckets.count == (values.count + stride - 1) / stride)
        for (index, bucket) in history.buckets.enumerated() {
            #expect(bucket.firstStep == index * stride)
            let covered = values[bucket.firstStep..<min(bucket.firstStep + stride, values.count)]
            #expect(bucket.minimum == covered.min())
            #expect(bucket.maximum == covered.max())
            #expect(bucket.last == covered.last)
        }
        #expect(history.values == history.buckets.map(\.last))
        #expect(history.latest == values.last)
        #expect(history.best == values.min())
    }

    @Test(arguments: [0, 1, 7, 8, 9, 16, 17, 100, 1000])
    func capacityEightKeepsEverythingInEightBuckets(_ count: Int) {
        var history = LossHistory(capacity: 8)
        #expect(history.capacity == 8)
        let values = Self.values(count)
        for value in values { history.append(value) }
        Self.checkAgainstBruteForce(history, values)
        #expect(history.isEmpty == (count == 0))
    }

    @Test func aThousandValuesInEightBucketsUseAStrideOf128() {
        var history = LossHistory(capacity: 8)
        let values = Self.values(1000)
        for value in values { history.append(value) }
        #expect(history.stride == 128)
        #expect(history.buckets.count == 8)
        #expect(history.buckets.map(\.firstStep) == [0, 128, 256, 384, 512, 640, 768, 896])
    }

    @Test func theBucketsStayRightAfterEveryAppend() {
        var history = LossHistory(capacity: 6)
        let values = Self.values(300)
        for (index, value) in values.enumerated() {
            history.append(value)
            if index % 7 == 0 || index > 290 { Self.checkAgainstBruteForce(history, Array(values[...index])) }
        }
    }

    @Test(arguments: [(7, 6), (1, 2), (0, 2), (3, 2), (2048, 2048)])
    func oddOrTinyCapacitiesAreRoundedToAnEvenNumberOfAtLeastTwo(_ requested: Int, _ actual: Int) {
        var history = LossHistory(capacity: requested)
        #expect(history.capacity == actual)
        let values = Self.values(500)
        for value in values { history.append(value) }
        Self.checkAgainstBruteForce(history, values)
    }

    @Test func theDefaultHistoryKeepsEveryStepOfAShortRun() {
        var history = LossHistory()
        let values = Self.values(2000)
        for value in values { history.append(value) }
        #expect(history.stride == 1)
        #expect(history.values == values)
    }

    @Test func bestIsTheLowestLossEvenWhenItComesEarly() {
        var history = LossHistory(capacity: 4)
        for value in [5.0, -3, 10, 2, 8] { history.append(value) }
        #expect(history.best == -3)
        #expect(history.latest == 8)
    }

    @Test func recentValuesKeepTheLastNInOrder() {
        var recent = RecentValues<Int>(capacity: 5)
        #expect(recent.elements.isEmpty)
        for i in 0..<3 { recent.append(i) }
        #expect(recent.elements == [0, 1, 2])
        for i in 3..<12 { recent.append(i) }
        #expect(recent.elements == [7, 8, 9, 10, 11])
        recent.append(12)
        #expect(recent.elements == [8, 9, 10, 11, 12])
        recent.removeAll()
        #expect(recent.elements.isEmpty)
        recent.append(99)
        #expect(recent.elements == [99])
    }

    @Test(arguments: 0..<25)
    func recentValuesMatchTheSuffixOfEverythingAppended(_ count: Int) {
        var recent = RecentValues<Int>(capacity: 7)
        for i in 0..<count { recent.append(i * i) }
        #expect(recent.elements == Array((0..<count).map { $0 * $0 }.suffix(7)))
    }

    @Test func aCapacityBelowOneKeepsOneValue() {
        var recent = RecentValues<String>(capacity: 0)
        recent.append("a")
        recent.append("b")
        #expect(recent.elements == ["b"])
    }

    @Test func theSessionHistoryHoldsTheObservedLosses() throws {
        let session = try Fixtures.session("noisy-quadratic", RunOptions(steps: 300))
        let losses = Fixtures.losses(session)
        Self.checkAgainstBruteForce(session.history, losses)
    }

    @Test func theTrailHoldsTheParameterValuesBeforeEachStep() throws {
        let session = try Fixtures.session("parabola", RunOptions(steps: 1000, initialValues: ["x": 1.5]))
        var before: [[Double]] = []
        for _ in 0..<450 {
            before.append(Fixtures.flatParameters(session))
            session.trainStep()
        }
        #expect(session.step == 450)
        let trail = session.trail.elements
        #expect(trail.count == min(before.count, session.trail.capacity))
        #expect(trail == Array(before.suffix(trail.count)))
    }
}

@Suite struct LossHistoryExtremesTests {
    @Test func extremesKeepASpikeOfALongRun() {
        var history = LossHistory(capacity: 8)
        for step in 0..<1000 { history.append(step == 501 ? 1e9 : 1) }
        let (values, stride) = history.extremes
        #expect(values.contains(1e9), "the spike at step 501 survives downsampling")
        #expect(stride * values.count >= 1000 - history.stride, "the values still span the whole run")
        // 1000 steps in 8 buckets: 128 steps each; the spike sits in bucket 3 (steps 384-511).
        #expect(history.stride == 128 && stride == 64)
        var expected = [Double](repeating: 1, count: 16)
        expected[7] = 1e9
        #expect(values == expected, "each bucket gives its minimum, then its maximum")
        #expect(history.values == [Double](repeating: 1, count: 8), "a bucket's representative is its last loss, not the spike")
    }

    @Test func extremesAreTheLossesWhileBucketsHoldOneStep() {
        var history = LossHistory(capacity: 8)
        for loss in [5.0, 4, 3] { history.append(loss) }
        #expect(history.extremes.values == [5, 4, 3] && history.extremes.stride == 1)
    }
}
