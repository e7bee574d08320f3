import Foundation
import Grad
import LabFixtures
import Testing
@testable import Lab

/// A state file (the lab's `W`) goes on exactly where its run stood: trained k steps, written,
/// read back into a fresh session, both sessions' next steps agree to the bit in every loss and
/// every parameter.
@Suite struct StateFileResumeTests {
    /// The losses of `steps` more steps and the parameters after them, as bit patterns.
    static func next(_ steps: Int, of session: Session) -> (losses: [UInt64], parameters: [UInt64]) {
        var losses: [UInt64] = []
        for _ in 0..<steps {
            _ = session.trainStep { _, loss, _ in losses.append(loss.bitPattern) }
        }
        return (losses, session.parameters.flatMap { $0.tensor.data.map(\.bitPattern) })
    }

    /// The session a state file of `session` opens into.
    static func reopened(_ session: Session, folder: URL? = nil) throws -> Session {
        let text = try session.stateFile(command: "tinylab scene \(session.scene.name)-step\(session.step).toml")
        let scene = try SceneLoader.parse(text, name: "\(session.scene.name)-step\(session.step)", file: "state.toml", directory: folder)
        return try Session(scene: scene)
    }

    /// Trains `session` `before` steps (after `change`), writes it, and checks `after` more steps.
    static func expectSameFuture(_ session: Session, before: Int, after: Int, change: (Session) -> Void = { _ in },
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        for _ in 0..<before { _ = session.trainStep() }
        change(session)
        let copy = try reopened(session)
        #expect(copy.step == session.step, sourceLocation: sourceLocation)
        #expect(copy.optimizerKind == session.optimizerKind, sourceLocation: sourceLocation)
        #expect(copy.learningRate.bitPattern == session.learningRate.bitPattern, sourceLocation: sourceLocation)
        let original = next(after, of: session)
        let resumed = next(after, of: copy)
        #expect(original.losses.count == after, sourceLocation: sourceLocation)
        #expect(resumed.losses == original.losses, "\(session.scene.name) \(session.optimizerKind)", sourceLocation: sourceLocation)
        #expect(resumed.parameters == original.parameters, "\(session.scene.name) \(session.optimizerKind)", sourceLocation: sourceLocation)
    }

    static let optimizers: [OptimizerKind] = [.sgd, .momentum, .adam]

    /// Every shipped scene with SGD, momentum and Adam.
    @Test(arguments: Fixtures.shippedNames)
    func everyShippedSceneGoesOnBitForBit(_ name: String) throws {
        let heavy = name == "two-layer-net"
        for kind in Self.optimizers {
            let session = try Fixtures.session(name, RunOptions(optimizer: kind))
            try Self.expectSameFuture(session, before: heavy ? 2 : 7, after: heavy ? 2 : 9)
        }
    }

    @Test func theOtherOptimizersAndAChangeOfOptimizerMidRunGoOnToo() throws {
        for kind in [OptimizerKind.nesterov, .rmsprop, .adamw] {
            try Self.expectSameFuture(try Fixtures.session("sin-cubic", RunOptions(optimizer: kind)), before: 11, after: 7)
        }
        // Adam's state counts 4 updates at step 10: its bias correction must go on from there.
        try Self.expectSameFuture(try Fixtures.session("noisy-quadratic"), before: 6, after: 8) { session in
            session.switchOptimizer(to: .adam)
            for _ in 0..<4 { _ = session.trainStep() }
            session.setLearningRate(session.learningRate * 2)
        }
        try Self.expectSameFuture(try Fixtures.session("linear", RunOptions(optimizer: .momentum)), before: 5, after: 6) { session in
            session.setMomentum(0.5)
        }
    }

    /// The mini-batch scene mid-epoch and after a change of batch size; dynamic-net's random terms.
    @Test func miniBatchesAndRandomTermsGoOnFromTheirPlace() throws {
        let minibatch = try Fixtures.scene("minibatch")
        let rows = try #require(Fixtures.session("minibatch").inputs?.shape.first)
        let size = try #require(minibatch.batchSize)
        #expect(rows % size != 0 || rows / size > 3, "the test wants several batches an epoch")
        try Self.expectSameFuture(try Session(scene: minibatch), before: rows / size + 1, after: 2 * (rows / size) + 3)
        try Self.expectSameFuture(try Session(scene: minibatch, options: RunOptions(optimizer: .adam)), before: 3, after: 20) { session in
            session.setBatchSize(size * 2)
        }
        try Self.expectSameFuture(try Fixtures.session("dynamic-net"), before: 40, after: 60)
        try Self.expectSameFuture(try Fixtures.session("dynamic-net", RunOptions(generator: .torch)), before: 10, after: 30)
    }

    @Test func aScheduledRateGoesOnFromItsStep() throws {
        for schedule in [LearningRateSchedule(warmup: .init(steps: 5), decay: .cosine(tMax: 12, etaMin: 1e-4)),
                         LearningRateSchedule(decay: .step(size: 4, gamma: 0.5))] {
            var scene = try Fixtures.scene("noisy-quadratic")
            scene.schedule = schedule
            try Self.expectSameFuture(try Session(scene: scene, options: RunOptions(optimizer: .adam)), before: 3, after: 20)
        }
    }

    @Test func aCSVFileStillResolvesFromAnotherFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("points.csv")
        let rows = (0..<30).map { "\(Double($0) / 10),\(sin(Double($0) / 10))" }
        try ("x,y\n" + rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let scene = try SceneLoader.parse("""
            title = "t"
            description = "a cubic fitted to the points of a file beside the scene file"
            [data]
            x = { csv = "points.csv", column = "x" }
            y = { csv = "points.csv", column = "y" }
            [model]
            formula = "a + b*x + c*x^2"
            [parameters]
            a = 0.5
            b = "normal"
            c = -0.25
            [training]
            loss = "mean_squares"
            optimizer = "adam"
            max_steps = 100
            [training.learning_rate]
            adam = 0.01
            """, name: "points", file: "points.toml", directory: folder)
        let session = try Session(scene: scene)
        for _ in 0..<5 { _ = session.trainStep() }
        let text = try session.stateFile(command: "tinylab scene points-step5.toml")
        #expect(text.contains("csv = \(TOMLText.string(csv.standardizedFileURL.path))"))
        let elsewhere = try Session(scene: SceneLoader.parse(text, name: "points-step5", file: "state.toml",
                                                             directory: URL(fileURLWithPath: "/")))
        #expect(Self.next(4, of: elsewhere).losses == Self.next(4, of: session).losses)
    }

    @Test func theFileSaysWhereItStandsInTheScenesOwnTerms() throws {
        let session = try Fixtures.session("sin-cubic", RunOptions(optimizer: .adam))
        for _ in 0..<3 { _ = session.trainStep() }
        let text = try session.stateFile(command: "tinylab scene sin-cubic-step3.toml")
        #expect(text.hasPrefix("# sin-cubic at step 3, written by tinylab (key W). tinylab scene sin-cubic-step3.toml goes on from here.\n"))
        #expect(text.contains("\n[resume]\nstep = 3\n"))
        #expect(text.contains("optimizer = \"adam\""))
        let a = try #require(session.parameters.first { $0.name == "a" })
        #expect(text.contains("\na = \(a.tensor.data[0])\n"))
        #expect(text.contains("\n[resume.state]\na = { exp_avg = "))
        #expect(text.contains(", step = 3 }"))
    }

    @Test func aDivergedRunIsNotWritten() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 10))
        session.runToEnd()
        #expect(session.isDiverged)
        #expect(throws: StateFileError.self) { try session.stateFile(command: "") }
    }
}
