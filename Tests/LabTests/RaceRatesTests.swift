import Grad
import Lab
import LabFixtures
import Testing

/// The rates `tinylab race` gives its runners when `--lr` gives none, and the story they tell.
struct RaceRatesTests {
    static func race(_ name: String) throws -> Race {
        try Race(scene: Fixtures.scene(name), options: RunOptions(startsPaused: true))
    }

    @Test("on an exact quadratic SGD, momentum and Nesterov run at a quarter of their own stable bound; Adam, AdamW and RMSprop at the largest distance to the optimum over 100 steps",
          arguments: ["sin-cubic", "noisy-quadratic", "parabola"])
    func quadraticRates(scene: String) throws {
        let race = try Self.race(scene)
        let analysis = race.runners[0].quadraticAnalysis()
        let optimum = try #require(analysis.optimum?.parameters)
        let start = race.runners[0].flatParameterValues
        let distance = zip(optimum, start).map { abs($0 - $1) }.max()!
        for runner in race.runners {
            let kind = runner.optimizerKind
            switch kind {
            case .sgd, .momentum, .nesterov:
                let bound = try #require(analysis.stableLearningRate(for: Optimizer(kind, learningRate: 1))?.bound)
                #expect(runner.learningRate == bound / 4, "\(kind)")
            case .rmsprop, .adam, .adamw:
                #expect(runner.learningRate == distance / 100, "\(kind)")
            }
        }
        let sgd = try #require(analysis.stableLearningRate(for: Optimizer(.sgd, learningRate: 1))?.bound)
        #expect(race.runners[1].learningRate > race.runners[0].learningRate, "heavy-ball's bound is (1 + β) times SGD's: \(sgd)")
    }

    @Test("a short run (linear: 20 steps) gives the adaptive methods a quarter of its steps to reach the optimum")
    func shortRun() throws {
        let race = try Self.race("linear")
        let analysis = race.runners[0].quadraticAnalysis()
        let distance = abs(try #require(analysis.optimum?.parameters.first) - race.runners[0].flatParameterValues[0])
        #expect(race.runners.first { $0.optimizerKind == .adam }?.learningRate == distance / 5)
    }

    @Test("without a known bound: SGD at the scene's rate, momentum and Nesterov at SGD's, the adaptive methods at the scene's",
          arguments: ["legendre", "two-layer-net"])
    func otherScenes(scene: String) throws {
        let race = try Self.race(scene)
        let rates = try Fixtures.scene(scene).learningRates
        for runner in race.runners {
            let kind = runner.optimizerKind
            let expected = [.sgd, .momentum, .nesterov].contains(kind) ? rates[.sgd] : rates[kind]
            #expect(runner.learningRate == expected, "\(kind)")
        }
    }

    @Test("--lr still wins; R resets to the race's rates")
    func givenRatesAndReset() throws {
        let race = try Race(scene: Fixtures.scene("sin-cubic"), optimizers: [.sgd, .momentum], learningRates: [.sgd: 1e-6],
                            options: RunOptions(startsPaused: true))
        #expect(race.runners[0].learningRate == 1e-6)
        let raceMomentum = race.runners[1].learningRate
        race.runners[1].setLearningRate(raceMomentum * 2)
        race.resetToDefaults(running: false)
        #expect(race.runners[1].learningRate == raceMomentum)
    }

    @Test("the default race tells each optimizer's story: in sin-cubic's narrow valley momentum comes within 1 % of the best loss long before SGD; on the round parabola SGD comes first; nobody diverges")
    func stories() throws {
        let valley = try Self.race("sin-cubic")
        valley.runToEnd()
        let standings = Dictionary(uniqueKeysWithValues: valley.standings.map { ($0.optimizer, $0) })
        #expect(standings.values.allSatisfy { !$0.diverged })
        let momentum = try #require(standings[.momentum]?.stepsToWithinOnePercent)
        #expect(momentum < 200 && (standings[.sgd]?.stepsToWithinOnePercent ?? .max) > 5 * momentum, "\(valley.standings)")
        #expect(try #require(standings[.adam]?.stepsToWithinOnePercent) < 500, "\(valley.standings)")
        let bowl = try Self.race("parabola")
        bowl.runToEnd()
        let round = Dictionary(uniqueKeysWithValues: bowl.standings.map { ($0.optimizer, $0) })
        #expect(round.values.allSatisfy { !$0.diverged })
        #expect(try #require(round[.sgd]?.stepsToWithinOnePercent) < (round[.momentum]?.stepsToWithinOnePercent ?? .max), "\(bowl.standings)")
    }
}
