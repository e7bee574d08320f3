import FrameTesting
import Grad
import Testing
@testable import Lab
@testable import LabApp
import LabFixtures

/// Rewind: going back k steps and forward again gives exactly the numbers of a run that never went
/// back (parameters, optimizer state, losses, dynamic-net's random terms), within a memory budget
/// that is never exceeded.
@Suite struct RewindTests {
    /// Everything a person can see of the training state, as bit patterns.
    struct Fingerprint: Equatable, CustomStringConvertible {
        var step: Int
        var parameters: [[UInt64]]
        var gradients: [[UInt64]]
        var prediction: [UInt64]
        var losses: [UInt64]
        var trail: [[UInt64]]
        var learningRate: UInt64
        var optimizer: OptimizerKind

        init(_ session: Session) {
            step = session.step
            parameters = session.parameters.map { $0.tensor.data.map(\.bitPattern) }
            gradients = session.gradients.map { $0.map(\.bitPattern) }
            prediction = session.lastPrediction.map(\.bitPattern)
            losses = session.history.values.map(\.bitPattern)
            trail = session.trail.elements.map { $0.map(\.bitPattern) }
            learningRate = session.learningRate.bitPattern
            optimizer = session.optimizerKind
        }

        var description: String {
            "step \(step), \(optimizer) lr \(Double(bitPattern: learningRate)), first parameter "
                + "\(parameters.first?.prefix(2).map { Double(bitPattern: $0) } ?? []), last loss \(losses.last.map { Double(bitPattern: $0) } ?? .nan)"
        }
    }

    /// A run of `scene` with `kind` that ignores the stop rules; `switchAt` is a step where the
    /// person presses o (the next optimizer).
    struct Script {
        var scene: String
        var kind: OptimizerKind
        var switchAt: Int?

        func session(budget: Int = RunOptions.defaultRewindMemory) throws -> Session {
            try Fixtures.session(scene, RunOptions(optimizer: kind, steps: 100_000, rewindMemory: budget))
        }

        /// Trains `session` to `step` the first time, pressing o at `switchAt`; returns the loss of
        /// every step taken.
        func advance(_ session: Session, to step: Int) -> [UInt64] {
            var losses: [UInt64] = []
            while session.step < step {
                if session.step == switchAt { session.switchOptimizer(to: session.optimizerKind.next) }
                session.trainStep { _, loss, _ in losses.append(loss.bitPattern) }
            }
            if session.step == switchAt { session.switchOptimizer(to: session.optimizerKind.next) }
            return losses
        }
    }

    /// Bytes of a few checkpoints of `script`'s model: a budget that forces thinning.
    static func tightBudget(_ script: Script, checkpoints: Int) throws -> Int {
        let probe = try script.session(budget: 0)
        return probe.checkpoint().bytes * checkpoints + probe.checkpoint().bytes / 2
    }

    /// Runs `n` steps, goes back `k` with b/B, checks the state against a run that never went back,
    /// then goes forward `k + m` with s and checks the losses and states again.
    static func checkBackAndForth(_ script: Script, n: Int, k: Int, m: Int, budget: Int?, maximumInterval: Int? = nil,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        let subject = try script.session(budget: budget ?? RunOptions.defaultRewindMemory)
        var subjectLab = LabModel(solo: subject)
        subject.timeline.fixedMaximumInterval = maximumInterval
        let reference = try script.session(budget: 0)
        let referenceLosses = script.advance(reference, to: n - k)
        let before = Fingerprint(reference)
        let later = script.advance(reference, to: n + m)
        let after = Fingerprint(reference)

        let subjectLosses = script.advance(subject, to: n)
        #expect(subjectLosses == referenceLosses + later.prefix(k), "the first pass", sourceLocation: sourceLocation)
        var left = k
        while left >= 10 {
            subjectLab.apply(.stepBack(10))
            left -= 10
        }
        for _ in 0..<left { subjectLab.apply(.stepBack(1)) }
        #expect(subject.step == n - k, "\(script.scene) \(script.kind): back \(k) from \(n)", sourceLocation: sourceLocation)
        #expect(Fingerprint(subject) == before, "\(script.scene) \(script.kind) after going back", sourceLocation: sourceLocation)
        #expect(subject.state == .paused, sourceLocation: sourceLocation)
        var again: [UInt64] = []
        while subject.step < n + m {
            let loss = subject.history.count
            subjectLab.apply(.step)
            #expect(subject.history.count == loss + 1, sourceLocation: sourceLocation)
            again.append(subject.history.latest!.bitPattern)
        }
        #expect(again == Array(later), "\(script.scene) \(script.kind): losses going forward again", sourceLocation: sourceLocation)
        #expect(Fingerprint(subject) == after, "\(script.scene) \(script.kind) after going forward again", sourceLocation: sourceLocation)
    }

    static let quickScenes = ["parabola", "linear", "noisy-quadratic", "sin-cubic", "legendre", "dynamic-net"]

    @Test("back k and forward k is bit-identical for every optimizer and scene", arguments: quickScenes)
    func backAndForth(scene: String) throws {
        for kind in OptimizerKind.allCases {
            let script = Script(scene: scene, kind: kind)
            try Self.checkBackAndForth(script, n: 23, k: 7, m: 3, budget: nil)
            try Self.checkBackAndForth(script, n: 23, k: 12, m: 2, budget: try Self.tightBudget(script, checkpoints: 4), maximumInterval: 4)
        }
    }

    @Test("a mid-run optimizer switch is replayed at its step, going back over it and forward again", arguments: quickScenes)
    func switchMidRun(scene: String) throws {
        for kind in OptimizerKind.allCases {
            let script = Script(scene: scene, kind: kind, switchAt: 9)
            try Self.checkBackAndForth(script, n: 16, k: 11, m: 4, budget: nil)
            try Self.checkBackAndForth(script, n: 16, k: 11, m: 4, budget: try Self.tightBudget(script, checkpoints: 5), maximumInterval: 4)
        }
    }

    @Test("two-layer-net: back and forth with Adam (its state) and a switch, under a budget of three checkpoints")
    func twoLayerNet() throws {
        let script = Script(scene: "two-layer-net", kind: .adam, switchAt: 2)
        try Self.checkBackAndForth(script, n: 4, k: 3, m: 1, budget: try Self.tightBudget(script, checkpoints: 3), maximumInterval: 2)
    }

    @Test("the budget is never exceeded, and the oldest reachable step moves up as checkpoints thin out")
    func budget() throws {
        let script = Script(scene: "sin-cubic", kind: .adam)
        let budget = try Self.tightBudget(script, checkpoints: 3)
        let session = try script.session(budget: budget)
        session.timeline.fixedMaximumInterval = 8
        var oldest: [Int] = []
        for _ in 0..<200 {
            session.trainStep()
            #expect(session.rewindMemory.used <= budget)
            #expect(session.timeline.checkpoints.count <= 3)
            oldest.append(session.oldestReachableStep)
        }
        #expect(session.rewindMemory.budget == budget)
        #expect(oldest == oldest.sorted(), "the oldest reachable step never goes back")
        #expect(oldest.last! > 150 && oldest.last! <= 200 - 8, "3 checkpoints 8 steps apart reach back 16-24 steps: \(oldest.last!)")
        // Every reachable step really is reachable, with the numbers of a run that never went back.
        let target = session.oldestReachableStep
        #expect(session.rewind(to: target))
        let reference = try script.session(budget: 0)
        _ = script.advance(reference, to: target)
        #expect(Fingerprint(session) == Fingerprint(reference))
    }

    @Test("a checkpoint larger than the budget is not kept: rewind is off and b says so")
    func tooSmallABudget() throws {
        let session = try Fixtures.session("sin-cubic", RunOptions(steps: 100, rewindMemory: 1000))
        var sessionLab = LabModel(solo: session)
        for _ in 0..<5 { session.trainStep() }
        #expect(session.rewindMemory.used == 0)
        #expect(session.oldestReachableStep == 5)
        sessionLab.apply(.stepBack(1))
        #expect(session.step == 5)
        #expect(sessionLab.notice == .rewindLimit(oldest: 5))
    }

    @Test("going back past the oldest kept step goes as far as it can and says so")
    func pastTheOldest() throws {
        let script = Script(scene: "noisy-quadratic", kind: .momentum)
        let session = try script.session(budget: try Self.tightBudget(script, checkpoints: 2))
        var sessionLab = LabModel(solo: session)
        session.timeline.fixedMaximumInterval = 4
        _ = script.advance(session, to: 40)
        let oldest = session.oldestReachableStep
        #expect(oldest > 30 && oldest < 40, "2 checkpoints 4 apart: \(oldest)")
        sessionLab.apply(.stepBack(10))
        #expect(session.step == oldest)
        #expect(sessionLab.notice == .rewoundAsFarAsPossible(to: oldest))
        sessionLab.apply(.stepBack(1))
        #expect(session.step == oldest)
        #expect(sessionLab.notice == .rewindLimit(oldest: oldest))
        let reference = try script.session(budget: 0)
        _ = script.advance(reference, to: oldest)
        #expect(Fingerprint(session) == Fingerprint(reference))
    }

    @Test("a new learning rate after going back discards the future and starts a new one from there")
    func branch() throws {
        let script = Script(scene: "sin-cubic", kind: .sgd)
        let session = try script.session()
        var sessionLab = LabModel(solo: session)
        _ = script.advance(session, to: 30)
        sessionLab.apply(.stepBack(10))
        #expect(session.step == 20 && session.branchSteps.isEmpty)
        sessionLab.apply(.scaleLearningRate(0.5))
        #expect(session.branchSteps == [20])
        #expect(session.timeline.frontier == 20)
        #expect(session.timeline.checkpoints.allSatisfy { $0.step <= 20 })
        for _ in 0..<15 { sessionLab.apply(.step) }
        let reference = try script.session(budget: 0)
        var referenceLab = LabModel(solo: reference)
        _ = script.advance(reference, to: 20)
        referenceLab.apply(.scaleLearningRate(0.5))
        for _ in 0..<15 { reference.trainStep() }
        #expect(Fingerprint(session) == Fingerprint(reference), "the new future")
        // Back again into the new future: the halved rate is replayed from step 20.
        sessionLab.apply(.stepBack(5))
        for _ in 0..<5 { sessionLab.apply(.step) }
        #expect(Fingerprint(session) == Fingerprint(reference))
        // Going back before the branch and changing the optimizer branches there instead.
        sessionLab.apply(.stepBack(25))
        #expect(session.step == 10)
        sessionLab.apply(.nextOptimizer)
        #expect(session.branchSteps == [10])
        #expect(session.optimizerKind == .momentum)
        sessionLab.apply(.reset)
        #expect(session.branchSteps.isEmpty && session.oldestReachableStep == 0)
    }

    @Test("after a divergence, b goes back to the last finite state; a lower rate then goes on")
    func afterDivergence() throws {
        let session = try Fixtures.session("parabola", RunOptions(learningRate: 0.4, initialValues: ["x": 1.5]))
        var sessionLab = LabModel(solo: session)
        session.runToEnd()
        guard case .diverged(let divergence) = session.state else {
            Issue.record("lr 0.4 on 3x² diverges: \(session.state)")
            return
        }
        #expect(session.canStepBack)
        guard case .lossBlewUp = divergence.cause else {
            Issue.record("the loss blows up first: \(divergence)")
            return
        }
        #expect(session.lastFiniteStep == divergence.step - 1)
        sessionLab.apply(.stepBack(1))
        #expect(session.state == .paused)
        #expect(session.step == divergence.step - 1, "the step before the one whose loss blew up")
        #expect(session.parameters[0].tensor.item.isFinite)
        sessionLab.apply(.scaleLearningRate(0.1))
        #expect(session.branchSteps == [divergence.step - 1], "the diverging future is discarded")
        sessionLab.apply(.togglePause)
        session.runToEnd()
        #expect(session.state == .done("gradient below 0.001"), "lr 0.04 converges from there: \(session.state)")
    }

    @Test("training past the stop rule is replayed: going back over the stop and forward again does not stop there")
    func pastTheStopRule() throws {
        let session = try Fixtures.session("linear")
        var sessionLab = LabModel(solo: session)
        session.runToEnd()
        #expect(session.state == .done("20 steps"))
        sessionLab.apply(.togglePause)
        for _ in 0..<5 { sessionLab.apply(.step) }
        #expect(session.step == 25)
        let end = Fingerprint(session)
        sessionLab.apply(.stepBack(10))
        #expect(session.step == 15)
        for _ in 0..<10 { sessionLab.apply(.step) }
        #expect(Fingerprint(session) == end)
    }
}
