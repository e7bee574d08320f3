import Grad
@testable import Lab
import LabFixtures
import Testing

/// `test_fraction`: which rows are held out, that the model trains on the rest only, and the test
/// loss on the held-out rows, against sums worked out here.
struct HeldOutDataTests {
    /// A straight-line scene over `rows` points, holding out `fraction` of them.
    private func lineScene(rows: Int = 8, fraction: Double, seed: Int = 3) throws -> Scene {
        try Fixtures.parse("""
            title = "held out"
            description = "A line through points, some held out."
            seed = \(seed)

            [data]
            x = { linspace = [0, \(rows - 1), \(rows)] }
            y = "2*x + 1"
            noise = 0.5
            test_fraction = \(fraction)

            [model]
            formula = "w*x + b"

            [parameters]
            w = 0.5
            b = 0.0

            [training]
            loss = "mean_squares"
            optimizer = "sgd"
            max_steps = 100

            [training.learning_rate]
            sgd = 0.01
            momentum = 0.01
            nesterov = 0.01
            rmsprop = 0.01
            adam = 0.01
            adamw = 0.01
            """)
    }

    @Test("the split is Fisher–Yates over the seed's own stream: the first round(f·n) of the shuffle, each set in data order")
    func splitIsASeededShuffle() {
        for (rows, fraction, seed) in [(8, 0.25, UInt64(3)), (12, 0.25, 10), (5, 0.5, 0), (100, 0.1, 7)] {
            var order = Array(0..<rows)
            var rng = RandomSource(seed: seed &+ 0x7E57_5EED)
            for i in Swift.stride(from: rows - 1, to: 0, by: -1) { order.swapAt(i, rng.integer(in: 0...i)) }
            let held = Int((fraction * Double(rows)).rounded())
            let split = HeldOutSplit(rows: rows, fraction: fraction, seed: seed)
            #expect(split.test == order[..<held].sorted(), "rows \(rows), seed \(seed)")
            #expect(split.training == order[held...].sorted())
            #expect(Set(split.test).isDisjoint(with: split.training) && split.test.count + split.training.count == rows)
        }
        #expect(HeldOutSplit(rows: 12, fraction: 0.25, seed: 1) != HeldOutSplit(rows: 12, fraction: 0.25, seed: 2))
        #expect(HeldOutSplit(rows: 3, fraction: 0.01, seed: 0).test.count == 1, "at least one row is held out")
        #expect(HeldOutSplit(rows: 3, fraction: 0.9, seed: 0).training.count == 1, "at least one row is trained on")
    }

    @Test("held-out and training rows together are the scene's data as drawn without a split, value for value")
    func splitKeepsTheDraws() throws {
        let whole = try Session(scene: try lineScene(fraction: 0))
        let split = try Session(scene: try lineScene(fraction: 0.25))
        let indices = HeldOutSplit(rows: 8, fraction: 0.25, seed: 3)
        let xs = try #require(whole.inputs?.data), ys = try #require(whole.targets?.data)
        #expect(split.inputs?.data == indices.training.map { xs[$0] })
        #expect(split.targets?.data == indices.training.map { ys[$0] })
        #expect(split.heldOutInputs?.data == indices.test.map { xs[$0] })
        #expect(split.heldOutTargets?.data == indices.test.map { ys[$0] })
        #expect(whole.testLoss() == nil && !whole.hasHeldOutData)
    }

    @Test("the model trains on the training rows only, and the test loss is the mean squared error on the held-out rows")
    func lossesAgainstHandSums() throws {
        let session = try Session(scene: try lineScene(fraction: 0.25), options: RunOptions(startsPaused: true))
        func mse(_ xs: [Double], _ ys: [Double], w: Double, b: Double) -> Double {
            zip(xs, ys).map { x, y in (w * x + b - y) * (w * x + b - y) }.reduce(0, +) / Double(xs.count)
        }
        let train = (try #require(session.inputs?.data), try #require(session.targets?.data))
        let test = (try #require(session.heldOutInputs?.data), try #require(session.heldOutTargets?.data))
        #expect(train.0.count == 6 && test.0.count == 2)
        for _ in 0..<5 {
            let values = Fixtures.values(session)
            let w = try #require(values["w"]), b = try #require(values["b"])
            let expectedTest = mse(test.0, test.1, w: w, b: b)
            #expect(Fixtures.isClose(try #require(session.testLoss()), expectedTest, relative: 1e-12))
            #expect(Fixtures.isClose(session.currentLoss(), mse(train.0, train.1, w: w, b: b), relative: 1e-12))
            // SGD's gradient comes from the training rows alone: dL/dw = 2/n Σ (w x + b − y) x.
            let gw = 2 * zip(train.0, train.1).map { x, y in (w * x + b - y) * x }.reduce(0, +) / 6
            session.stepOnce()
            let after = try #require(Fixtures.values(session)["w"])
            #expect(Fixtures.isClose(after, w - 0.01 * gw, relative: 1e-12))
        }
    }

    @Test("the test curve samples the test loss before each sampled step's update, and survives rewind and reset as the loss does")
    func testCurveFollowsTheRun() throws {
        let session = try Session(scene: try lineScene(fraction: 0.25), options: RunOptions(startsPaused: true))
        var expected: [Double] = []
        for _ in 0..<10 {
            expected.append(try #require(session.testLoss()))
            session.stepOnce()
        }
        #expect(session.testCurve.steps == Array(0..<10) && session.testCurve.values == expected)
        #expect(session.rewind(to: 4))
        #expect(session.testCurve.steps.last.map { $0 <= 4 } == true)
        for _ in 0..<6 { session.stepOnce() }
        #expect(session.testCurve.values.suffix(6) == expected.suffix(6), "going forward again repeats the same test losses")
        session.reset(running: false)
        #expect(session.testCurve.isEmpty && session.testLoss() == expected[0])
    }

    @Test("a long run keeps at most the curve's capacity of samples, evenly spaced, the stride doubling")
    func sampledCurveIsBounded() {
        var curve = SampledCurve(capacity: 8)
        for step in 0..<100 where curve.wants(step) { curve.record(Double(step), at: step) }
        #expect(curve.steps.count <= 8 && curve.stride == 16)
        #expect(curve.steps == [0, 16, 32, 48, 64, 80, 96])
        #expect(curve.values == curve.steps.map(Double.init))
    }

    @Test("overfit: the test loss is lowest well before the end of the default run while the training loss keeps falling")
    func overfitSceneOverfits() throws {
        let session = try Fixtures.session("overfit")
        let scene = session.scene
        #expect(session.heldOutInputs?.count == 3 && session.inputs?.count == 9)
        var lowest = (step: 0, test: Double.infinity, train: Double.infinity)
        var lastTrain = Double.infinity
        session.runToEnd { step, loss, _ in
            lastTrain = loss
            guard step % 50 == 0, let test = session.testLoss() else { return }
            if test < lowest.test { lowest = (step, test, loss) }
        }
        let finalTest = try #require(session.testLoss())
        #expect(session.step == scene.stop.maxSteps)
        #expect(lowest.step < scene.stop.maxSteps / 10, "the test loss should turn up early, not at step \(lowest.step)")
        #expect(finalTest > 50 * lowest.test, "test loss \(lowest.test) at step \(lowest.step), \(finalTest) at the end")
        #expect(lastTrain < lowest.train / 5, "the training loss should keep falling: \(lowest.train) then \(lastTrain)")
    }
}
