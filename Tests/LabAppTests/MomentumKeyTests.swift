import Grad
import Lab
@testable import LabApp
import LabFixtures
import Testing

/// The β keys (u up, U down) and the valley scene, where momentum's story plays out.
struct MomentumKeyTests {
    private func valley(_ kind: OptimizerKind) throws -> LabModel {
        LabModel(solo: try Fixtures.session("valley", RunOptions(optimizer: kind, startsPaused: true)))
    }

    @Test("u and U step β through 0 · 0.5 · 0.9 · 0.99, say what changed, and stop at the ends with a notice")
    func keysStepTheLadder() throws {
        var lab = try valley(.momentum)
        lab.update(.key(.character("u")))
        #expect(lab.selectedRunner.optimizer.momentum == 0.99 && lab.notice == .momentum(from: 0.9, to: 0.99))
        #expect(lab.picture(unicode: true).status.message?.hasPrefix("β 0.9 → 0.99") == true)
        #expect(lab.picture(unicode: true).status.optimizer == "Momentum β0.99")
        lab.update(.key(.character("u")))
        #expect(lab.selectedRunner.optimizer.momentum == 0.99 && lab.notice == .momentumLimit(0.99))
        for _ in 0..<3 { lab.update(.key(.character("U"))) }
        #expect(lab.selectedRunner.optimizer.momentum == 0 && lab.notice == .momentum(from: 0.5, to: 0))
        lab.update(.key(.character("U")))
        #expect(lab.notice == .momentumLimit(0))
    }

    @Test("on SGD the β keys change nothing and say that o switches to momentum")
    func sgdHasNoBeta() throws {
        var lab = try valley(.sgd)
        lab.update(.key(.character("u")))
        #expect(lab.selectedRunner.optimizerKind == .sgd && lab.notice == .momentumNotApplicable(.sgd))
        #expect(lab.picture(unicode: true).status.message?.contains("o switches optimizer") == true)
    }

    @Test("the heavy-ball stable bound follows β: 2(1 + β)/λmax with λmax = 100")
    func stableBoundFollowsBeta() throws {
        var lab = try valley(.momentum)
        #expect(lab.selectedRunner.stableLearningRate?.bound == 2 * 1.9 / 100)
        lab.update(.key(.character("u")))
        #expect(lab.selectedRunner.stableLearningRate?.bound == 2 * 1.99 / 100)
        lab.update(.key(.character("U"))); lab.update(.key(.character("U")))
        #expect(lab.selectedRunner.stableLearningRate?.bound == 2 * 1.5 / 100)
    }

    @Test("β changed mid-run keeps the momentum buffer: the steps match heavy ball by hand (buf ← β·buf + g, θ ← θ − lr·buf, one fused multiply-add as torch's add_(alpha=)")
    func changeMatchesHeavyBallByHand() throws {
        var lab = try valley(.momentum)
        let lr = 0.018
        var a = -8.0, b = 0.8, bufA = 0.0, bufB = 0.0
        for step in 0..<6 {
            if step == 3 { lab.update(.key(.character("u"))) }
            let beta = step < 3 ? 0.9 : 0.99
            let gA = a, gB = 100 * b
            (bufA, bufB) = step == 0 ? (gA, gB) : (beta * bufA + gA, beta * bufB + gB)
            (a, b) = (a.addingProduct(bufA, -lr), b.addingProduct(bufB, -lr))
            lab.update(.key(.character("s")))
            let values = lab.selectedRunner.parameters.map { $0.tensor.data[0] }
            #expect(values == [a, b], "step \(step + 1): \(values) vs [\(a), \(b)]")
        }
    }

    @Test("rewinding across a β change and stepping forward again repeats the same numbers bit for bit")
    func rewindReplaysTheChange() throws {
        var lab = try valley(.momentum)
        for _ in 0..<3 { lab.update(.key(.character("s"))) }
        lab.update(.key(.character("u")))
        for _ in 0..<5 { lab.update(.key(.character("s"))) }
        let after = lab.selectedRunner.parameters.map { $0.tensor.data }
        lab.update(.key(.character("B")))
        #expect(lab.selectedRunner.step == 0 && lab.selectedRunner.optimizer.momentum == 0.9)
        for _ in 0..<8 { lab.update(.key(.character("s"))) }
        #expect(lab.selectedRunner.optimizer.momentum == 0.99)
        #expect(lab.selectedRunner.parameters.map { $0.tensor.data } == after)
    }

    @Test("in a race β changes the selected runner only")
    func raceChangesTheSelectedRunner() throws {
        var race = LabModel(race: try Race(scene: try Fixtures.scene("valley"), optimizers: [.sgd, .momentum], options: RunOptions(startsPaused: true)))
        race.update(.key(.character("\t")))
        race.update(.key(.character("u")))
        #expect(race.runners.map(\.optimizer.momentum) == [0.9, 0.99])
    }
}

/// The valley scene: SGD zig-zags slowly, momentum β = 0.9 glides, β = 0.99 oscillates.
struct ValleySceneTests {
    private func stepsToReach(_ threshold: Double, _ kind: OptimizerKind, beta: Double = 0.9) throws -> Int? {
        let session = try Fixtures.session("valley", RunOptions(optimizer: kind, steps: 1000, startsPaused: true))
        if kind == .momentum, beta != 0.9 { #expect(session.setMomentum(beta)) }
        for step in 0..<1000 {
            if session.currentLoss() < threshold { return step }
            _ = session.trainStep()
        }
        return nil
    }

    @Test("SGD at its default rate needs more than twice the steps of momentum β = 0.9 to reach loss 1e-3")
    func momentumGlides() throws {
        let sgd = try #require(try stepsToReach(1e-3, .sgd))
        let momentum = try #require(try stepsToReach(1e-3, .momentum))
        #expect(sgd > 2 * momentum, "sgd \(sgd) steps, momentum \(momentum)")
    }

    @Test("β = 0.99 oscillates: its loss rises again many times, and it is still far from the optimum when β = 0.9 is there")
    func tooMuchMomentumOscillates() throws {
        let session = try Fixtures.session("valley", RunOptions(optimizer: .momentum, steps: 1000, startsPaused: true))
        #expect(session.setMomentum(0.99))
        var rises = 0, previous = session.currentLoss()
        for _ in 0..<200 {
            _ = session.trainStep()
            let loss = session.currentLoss()
            if loss > previous { rises += 1 }
            previous = loss
        }
        #expect(rises > 20, "\(rises) rises")
        let glide = try #require(try stepsToReach(1e-3, .momentum))
        #expect(try stepsToReach(1e-3, .momentum, beta: 0.99) ?? 1000 > 2 * glide)
    }
}
