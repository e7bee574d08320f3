import FrameTesting
import Grad
import Testing
@testable import Lab
@testable import LabApp
import LabFixtures

/// A race: one Session per optimizer from the same start, driven in lockstep by the same training
/// step; each runner's run is its solo run.
@Suite struct RaceTests {
    typealias Fingerprint = RewindTests.Fingerprint

    static func race(_ scene: String, _ optimizers: [OptimizerKind] = OptimizerKind.allCases,
                     rates: [OptimizerKind: Double] = [:], steps: Int? = nil, initial: [String: Double] = [:]) throws -> Race {
        try Race(scene: try Fixtures.scene(scene), optimizers: optimizers, learningRates: rates,
                 options: RunOptions(steps: steps, initialValues: initial))
    }

    static func solo(_ scene: String, _ kind: OptimizerKind, rate: Double? = nil, steps: Int? = nil,
                     initial: [String: Double] = [:]) throws -> Session {
        try Fixtures.session(scene, RunOptions(optimizer: kind, learningRate: rate, steps: steps, initialValues: initial, rewindMemory: 0))
    }

    @Test("every runner equals its solo run, in lockstep (dynamic-net's random terms included)",
          arguments: ["noisy-quadratic", "dynamic-net"])
    func equalsSolo(scene: String) throws {
        let race = try Self.race(scene, rates: [.sgd: 1e-7], steps: 40)
        var order: [OptimizerKind] = []
        race.runToEnd { runner, step, _, _ in
            if step == 3 { order.append(runner.optimizerKind) }
        }
        #expect(order == OptimizerKind.allCases, "one step of each runner per round, in race order")
        for runner in race.runners {
            #expect(runner.optimizerKind != .sgd || runner.learningRate == 1e-7)
            let solo = try Self.solo(scene, runner.optimizerKind, rate: runner.learningRate, steps: 40)
            solo.runToEnd()
            #expect(Fingerprint(runner) == Fingerprint(solo), "\(runner.optimizerKind)")
            #expect(runner.step == 40)
        }
    }

    @Test("a diverging runner stops and the others go on")
    func divergingRunner() throws {
        let race = try Self.race("parabola", [.sgd, .adam], rates: [.sgd: 0.4], initial: ["x": 1.5])
        var steps: [OptimizerKind: Int] = [:]
        race.runToEnd { runner, step, _, _ in steps[runner.optimizerKind] = step }
        guard case .diverged = race.runners[0].state else {
            Issue.record("sgd at lr 0.4 diverges on 3x²: \(race.runners[0].state)")
            return
        }
        #expect(race.runners[1].state != .running && race.runners[1].state != .paused)
        #expect(steps[.adam]! > steps[.sgd]! + 10, "adam trained on after sgd stopped: \(steps)")
        let standings = race.standings
        #expect(standings.map(\.diverged) == [true, false])
        #expect(standings[0].stepsToWithinOnePercent == nil)
    }

    @Test("steps to within 1% of the best loss match a count over the solo runs' full logs")
    func stepsToWithinOnePercent() throws {
        let kinds: [OptimizerKind] = [.sgd, .momentum, .adam]
        let race = try Self.race("noisy-quadratic", kinds, steps: 300)
        race.runToEnd()
        var logs: [[Double]] = []
        for (kind, runner) in zip(kinds, race.runners) {
            var losses: [Double] = []
            try Self.solo("noisy-quadratic", kind, rate: runner.learningRate, steps: 300).runToEnd { _, loss, _ in losses.append(loss) }
            logs.append(losses)
        }
        let best = logs.joined().min()!
        #expect(race.bestLoss == best)
        let expected = logs.map { losses in losses.firstIndex { $0 <= best + 0.01 * abs(best) } }
        #expect(race.standings.map(\.stepsToWithinOnePercent) == expected)
        #expect(Set(expected.map { $0 ?? -1 }).count > 1, "the runners differ: \(expected)")
    }

    @Test("space, s, r and speed act on every runner; the rate keys on the selected one; tab and x")
    func actions() throws {
        let race = try Self.race("sin-cubic", [.sgd, .momentum, .adam], steps: 1000)
        var raceLab = LabModel(race: race)
        raceLab.apply(.togglePause)
        #expect(race.runners.allSatisfy { $0.state == .paused })
        raceLab.apply(.step)
        raceLab.apply(.step)
        #expect(race.runners.map(\.step) == [2, 2, 2])
        let speed = raceLab.speedIndex
        raceLab.apply(.faster)
        #expect(raceLab.speedIndex == speed + 1)
        raceLab.apply(.selectNextRunner)
        #expect(raceLab.selectedIndex == 1 && raceLab.notice == .runnerSelected(.momentum))
        let rates = race.runners.map(\.learningRate)
        raceLab.apply(.scaleLearningRate(2))
        #expect(race.runners.map(\.learningRate) == [rates[0], rates[1] * 2, rates[2]])
        raceLab.apply(.nextOptimizer)
        #expect(race.runners.map(\.optimizerKind) == [.sgd, .momentum, .adam])
        #expect(raceLab.notice == .optimizerFixedInRace)
        raceLab.apply(.togglePause)
        raceLab.tick(elapsed: 0.5) { true }
        let steps = race.runners.map(\.step)
        #expect(steps[0] > 2 && Set(steps).count == 1, "lockstep: \(steps)")
        raceLab.apply(.dropSelectedRunner)
        #expect(race.runners.map(\.optimizerKind) == [.sgd, .adam] && raceLab.notice == .runnerDropped(.momentum))
        #expect(raceLab.selectedRunner.optimizerKind == .adam)
        raceLab.apply(.dropSelectedRunner)
        raceLab.apply(.dropSelectedRunner)
        #expect(race.runners.map(\.optimizerKind) == [.sgd] && raceLab.notice == .lastRunner(.sgd))
        raceLab.apply(.reset)
        #expect(race.runners[0].step == 0)
    }

    @Test("rewind moves every runner together, and forward again repeats their numbers")
    func rewindTogether() throws {
        let race = try Self.race("dynamic-net", [.sgd, .momentum, .rmsprop], steps: 1000)
        var raceLab = LabModel(race: race)
        raceLab.apply(.togglePause)
        for _ in 0..<30 { raceLab.apply(.step) }
        let end = race.runners.map { Fingerprint($0) }
        raceLab.apply(.stepBack(10))
        raceLab.apply(.stepBack(1))
        #expect(race.runners.map(\.step) == [19, 19, 19])
        #expect(raceLab.notice == .rewound(to: 19))
        for _ in 0..<11 { raceLab.apply(.step) }
        #expect(race.runners.map { Fingerprint($0) } == end)
        raceLab.apply(.stepBack(1000))
        #expect(race.runners.map(\.step) == [0, 0, 0])
        #expect(raceLab.notice == .rewoundAsFarAsPossible(to: 0), "it moved: it says where it went")
        raceLab.apply(.stepBack(1))
        #expect(raceLab.notice == .rewindLimit(oldest: 0), "at step 0 there is nothing before it")
    }
}
