import Foundation
import Grad
@testable import Lab
import LabFixtures
import ReferenceMath
import Testing

/// `batch_size`: which rows each step trains on, the gradient of a batch against a hand sum, and
/// that rewinds and races stay bit-exact.
struct MiniBatchTests {
    /// A line fit over `rows` points in batches of `batch`.
    static func scene(rows: Int = 6, batch: Int = 4, generator: String = "tinylab", seed: Int = 5) throws -> Scene {
        try Fixtures.parse("""
            title = "batches"
            description = "A line fit in mini-batches."
            seed = \(seed)
            generator = "\(generator)"

            [data]
            x = { linspace = [0, 2, \(rows)] }
            y = "3*x - 1"
            noise = 0.5

            [model]
            formula = "w*x^2 + b*x"

            [parameters]
            w = 0.1
            b = 0.0

            [training]
            loss = "mean_squares"
            optimizer = "sgd"
            batch_size = \(batch)
            max_steps = 1000

            [training.learning_rate]
            sgd = 0.001
            """)
    }

    @Test("each epoch visits the rows in a new Fisher–Yates order of the seed's own stream, four at a time, the last batch smaller")
    func batchesByHand() {
        var order = BatchOrder(.tinylab, seed: 5, rows: 6, size: 4)
        var rng = RandomSource(seed: 5 &+ 0xBA7C_4ED5)
        for epoch in 1...3 {
            var expected = Array(0..<6)
            for i in Swift.stride(from: 5, to: 0, by: -1) { expected.swapAt(i, rng.integer(in: 0...i)) }
            #expect(Array(order.next()) == Array(expected[0..<4]) && order.epoch == epoch)
            #expect(Array(order.next()) == Array(expected[4..<6]) && order.epoch == epoch, "drop_last = false: the last batch has 2 rows")
        }
    }

    @Test("with generator = \"torch\" the batches are DataLoader(shuffle=True, generator=torch.Generator().manual_seed(S))'s, as real PyTorch drew them")
    func torchBatches() throws {
        for item in TorchRandomFixtures.cases("dataloader") {
            let rows = item["count"] as! Int, size = item["batch_size"] as! Int
            let seed = UInt64(item["seed"] as? Int ?? 0)
            var order = BatchOrder(.torch, seed: seed, rows: rows, size: size)
            for epoch in item["orders"] as! [[Int]] {
                var visited: [Int] = []
                while visited.count < rows { visited += order.next() }
                #expect(visited == epoch, "seed \(seed), \(rows) rows")
            }
        }
    }

    @Test("a step's gradient is the batch's: w ← w − lr·(2/B)·Σ (w x² + b x − y)·x² over the batch's rows only")
    func gradientOfTheBatch() throws {
        let session = try Session(scene: try Self.scene(), options: RunOptions(startsPaused: true))
        let xs = try #require(session.inputs?.data), ys = try #require(session.targets?.data)
        var order = BatchOrder(.tinylab, seed: 5, rows: 6, size: 4)
        for _ in 0..<5 {
            let rows = Array(order.next())
            let values = Fixtures.values(session)
            let w = try #require(values["w"]), b = try #require(values["b"])
            let residuals = rows.map { w * xs[$0] * xs[$0] + b * xs[$0] - ys[$0] }
            let gw = 2 * zip(rows, residuals).map { xs[$0] * xs[$0] * $1 }.reduce(0, +) / Double(rows.count)
            let gb = 2 * zip(rows, residuals).map { xs[$0] * $1 }.reduce(0, +) / Double(rows.count)
            let batchLoss = residuals.map { $0 * $0 }.reduce(0, +) / Double(rows.count)
            var logged = Double.nan
            session.stepOnce()
            _ = logged
            logged = session.history.latest ?? .nan
            #expect(Fixtures.isClose(logged, batchLoss, relative: 1e-12), "the step's loss is its batch's")
            let after = Fixtures.values(session)
            #expect(Fixtures.isClose(after["w"]!, w - 0.001 * gw, relative: 1e-12))
            #expect(Fixtures.isClose(after["b"]!, b - 0.001 * gb, relative: 1e-12))
        }
        #expect(session.epoch == 3 && session.batchSize == 4 && !session.isDiverged)
    }

    @Test("rewinding across epochs and a batch-size change, then going forward, repeats the run bit for bit; a reset repeats the batches")
    func rewindIsExact() throws {
        let session = try Session(scene: try Self.scene(rows: 40, batch: 6))
        for _ in 0..<9 { session.trainStep() }
        #expect(session.setBatchSize(3))
        for _ in 0..<20 { session.trainStep() }
        let after = session.parameters.map { $0.tensor.data }, epoch = session.epoch
        #expect(session.oldestReachableStep == 0, "oldest \(session.oldestReachableStep) at \(session.step)")
        let rewound = session.rewind(to: 4)
        #expect(rewound, "at \(session.step), state \(session.state)")
        for _ in 0..<25 { session.trainStep() }
        #expect(session.parameters.map { $0.tensor.data } == after && session.epoch == epoch && session.batchSize == 3)
        #expect(session.step == 29 && !session.isDiverged && epoch >= 3)
        session.reset(running: true)
        #expect(session.batchSize == 3 && session.epoch == 0, "r keeps the batch size the person chose, as it keeps the rate")
        session.resetToDefaults(running: true)
        #expect(session.batchSize == 6, "R goes back to the scene's")
        let first = try Session(scene: try Self.scene(rows: 40, batch: 6))
        for _ in 0..<9 { first.trainStep() }
        for _ in 0..<9 { session.trainStep() }
        #expect(session.parameters.map { $0.tensor.data } == first.parameters.map { $0.tensor.data }, "the batches of a reset run are the first run's")
    }

    @Test("a race's runners see the same batches: two SGD runners at one rate stay identical")
    func raceSharesTheBatches() throws {
        let race = try Race(scene: try Self.scene(rows: 40, batch: 6), optimizers: [.sgd, .momentum], learningRates: [.sgd: 0.001, .momentum: 0.001])
        let solo = try Session(scene: try Self.scene(rows: 40, batch: 6))
        for _ in 0..<30 {
            race.trainRound()
            solo.trainStep()
        }
        #expect(race.runners[0].parameters.map { $0.tensor.data } == solo.parameters.map { $0.tensor.data })
    }

    /// Worked out from the runners' own sampled full losses, independently of `LossRecords`.
    @Test("a mini-batch race's standings follow the full training loss: the best is the lowest sampled full loss, and each runner's steps to within 1 % are its first sample there")
    func raceStandingsReadTheFullLoss() throws {
        let race = try Race(scene: try Fixtures.scene("minibatch"), optimizers: [.sgd, .adam])
        for _ in 0..<1500 { race.trainRound() }
        let samples = race.runners.map { zip($0.fullLossCurve.steps, $0.fullLossCurve.values).map { (step: $0, loss: $1) } }
        #expect(samples.allSatisfy { $0.count > 100 })
        let best = try #require(samples.flatMap { $0.map(\.loss) }.min())
        let batchBest = try #require(race.runners.compactMap(\.history.best).min())
        #expect(batchBest < best * 0.8, "the batch losses dip well below the full loss (\(batchBest) against \(best))")
        #expect(race.bestLoss == best)
        for (standing, runnerSamples) in zip(race.standings, samples) {
            // Only new lows count, as LossRecords keeps them; the first sample within 1 % is among them.
            let expected = runnerSamples.first { $0.loss <= best + 0.01 * abs(best) }?.step
            #expect(standing.stepsToWithinOnePercent == expected, "\(standing.optimizer)")
        }
        #expect(race.standings.contains { $0.stepsToWithinOnePercent != nil })
    }

    @Test("batch_size errors are located: 0, too large, a scene without data")
    func badBatchSizes() throws {
        for (text, message) in [("batch_size = 0", "[training] batch_size: expected a whole number of at least 1, found 0"),
                                ("batch_size = 9000", "[training] batch_size: at most 8192 rows a batch; found 9000")] {
            let scene = try Fixtures.text("noisy-quadratic").replacingOccurrences(of: "max_steps = 10000", with: "max_steps = 10000\n\(text)")
            #expect(throws: SceneError.self) { try Fixtures.parse(scene) }
            do { _ = try Fixtures.parse(scene) } catch { #expect("\(error)".contains(message), "\(error)") }
        }
        let parabola = try Fixtures.text("parabola").replacingOccurrences(of: "max_steps = 1000", with: "max_steps = 1000\nbatch_size = 4")
        do {
            _ = try Fixtures.parse(parabola)
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("mini-batches are drawn from the data; this scene has no [data]"), "\(error)")
        }
    }

    @Test("minibatch: the batch loss jumps between about 2 and 10 while the full loss settles near 4.5; a and b near −0.55 and 1.2 within a few hundred steps, c still on its way")
    func minibatchSceneTellsTheTruth() throws {
        let session = try Fixtures.session("minibatch")
        var batch: [Double] = [], full: [Double] = [], at300: [String: Double] = [:]
        session.runToEnd { step, loss, _ in
            if step == 300 { at300 = Fixtures.values(session) }
            guard step >= 1000 else { return }
            batch.append(loss)
            full.append(session.currentLoss())
        }
        #expect(session.step == 3000 && session.batchSize == 20 && session.epoch == 300)
        #expect(batch.min()! > 1 && batch.min()! < 3 && batch.max()! > 7 && batch.max()! < 12, "batch losses \(batch.min()!)…\(batch.max()!)")
        #expect(full.min()! > 3.9 && full.max()! < 5.5, "full losses \(full.min()!)…\(full.max()!)")
        #expect(abs(at300["a"]! + 0.55) < 0.1 && abs(at300["b"]! - 1.2) < 0.15, "\(at300)")
        let end = Fixtures.values(session)
        #expect(abs(end["c"]! + 0.81) > 0.05 && abs(end["c"]! + 0.81) < 0.3, "c is on its way: \(end)")
    }
}
