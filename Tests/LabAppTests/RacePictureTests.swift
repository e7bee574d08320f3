import FrameTesting
import Foundation
import Grad
import Lab
@testable import LabApp
import LabFixtures
@testable import Plot
import Testing

/// Races of the shipped scenes, for pictures of real races.
enum LabRaces {
    static func race(_ scene: String, _ optimizers: [OptimizerKind] = [.sgd, .momentum, .adam],
                     options: RunOptions = RunOptions()) throws -> Race {
        let loaded = try SceneLoader.load(contentsOf: Fixtures.url(scene))
        return try Race(scene: loaded, optimizers: optimizers, options: options)
    }

    /// The picture after `rounds` lockstep rounds, drawn every tenth round as the lab would.
    static func picture(_ lab: inout LabModel, rounds: Int) -> LabPicture {
        for round in 0..<rounds {
            lab.race.trainRound()
            if round % 10 == 9 { _ = lab.picture(unicode: true) }
        }
        return lab.picture(unicode: true)
    }
}

/// What `RacePicture` makes of a race: every runner's own numbers, and the race's standings.
struct RacePictureTests {
    @Test("each runner's fit curve is its own session's model at the curve's x values")
    func curvesAreTheRunnersModels() throws {
        let race = try LabRaces.race("sin-cubic")
        var raceLab = LabModel(race: race)
        let picture = LabRaces.picture(&raceLab, rounds: 30)
        let overlay = try #require(picture.race)
        #expect(overlay.runners.map(\.name) == ["SGD", "Momentum", "Adam"])
        for (runner, drawn) in zip(race.runners, overlay.runners) {
            let curve = try #require(drawn.curve)
            #expect(curve.xs.count == 240)
            #expect(curve.ys == runner.modelValues(at: curve.xs), "\(drawn.name)'s curve is not its model")
            #expect(drawn.loss == runner.history.extremes.values + [runner.currentLoss()], "the curve ends at the current loss")
        }
        // Different optimizers moved apart: the curves must not all be the same one.
        #expect(Set(overlay.runners.map { $0.curve!.ys }).count == 3)
    }

    @Test("the table's rows are the race's standings, selection and divergence included, with each runner's current loss")
    func rowsAreTheStandings() throws {
        let race = try LabRaces.race("sin-cubic", [.sgd, .adam, .rmsprop])
        var raceLab = LabModel(race: race)
        raceLab.apply(.scaleLearningRate(1e6))
        raceLab.apply(.selectNextRunner)
        let picture = LabRaces.picture(&raceLab, rounds: 40)
        let rows = try #require(picture.race?.rows)
        let standings = race.standings
        let selected = race.runners.map { $0 === raceLab.selectedRunner }
        #expect(standings.contains { $0.diverged }, "SGD at lr 1 must diverge on sin-cubic")
        let losses = race.runners.map { $0.currentLoss() }
        #expect(rows == zip(zip(standings, selected), losses).map {
            RaceOverlay.Row(optimizer: $0.0.optimizer.displayName, learningRate: $0.0.learningRate, loss: $1,
                            stepsToWithinOnePercent: $0.0.stepsToWithinOnePercent, diverged: $0.0.diverged, isSelected: $0.1)
        })
        #expect(zip(rows, standings).contains { $0.loss != $1.loss }, "the standings' loss is the step before the update")
        #expect(rows.map(\.isSelected) == [false, true, false])
        let text = render(picture, width: 100, height: 30, options: .ascii).text
        #expect(text.contains("> A Adam"), "the selected runner is marked:\n\(text)")
        #expect(text.contains("S SGD") && text.contains("X diverged"), "a diverged runner shows X:\n\(text)")
        #expect(picture.status.step == race.step)
    }

    @Test("the parabola shows each runner's point by its capital letter; a net's parity plot one letter per runner")
    func parabolaAndParity() throws {
        var parabolaLab = LabModel(race: try LabRaces.race("parabola"))
        let frame = render(LabRaces.picture(&parabolaLab, rounds: 5), width: 100, height: 30, options: .ascii)
        for letter in ["S", "M", "A"] {
            #expect(frame.lines[2...20].contains { $0.dropFirst(2).prefix(60).contains(letter) }, "no \(letter) on the parabola:\n\(frame.text)")
        }
        let net = try LabRaces.race("two-layer-net", [.adam, .rmsprop])
        var netLab = LabModel(race: net)
        let picture = LabRaces.picture(&netLab, rounds: 2)
        let overlay = try #require(picture.race)
        for (runner, drawn) in zip(net.runners, overlay.runners) {
            #expect(drawn.prediction == runner.lastPrediction)
        }
        let text = render(picture, width: 100, height: 30, options: .ascii).text
        #expect(text.contains("Adam A") && text.contains("RMSprop R"), "the legend names the runners:\n\(text)")
    }

    @Test("other views show the selected runner's, and the title says so")
    func otherViewsAreTheSelectedRunners() throws {
        let race = try LabRaces.race("sin-cubic")
        var raceLab = LabModel(race: race)
        raceLab.apply(.showView(.optimizer))
        raceLab.apply(.selectNextRunner)
        let picture = LabRaces.picture(&raceLab, rounds: 3)
        #expect(picture.title.contains("optimizer of Momentum, the selected runner"))
        guard case .optimizer = picture.main else {
            Issue.record("the optimizer view is not shown")
            return
        }
    }

    @Test("the race's keys are in its help and key line, and not in the solo lab's")
    func raceKeysOnlyInARace() throws {
        let race = try LabRaces.race("sin-cubic")
        var raceLab = LabModel(race: race)
        raceLab.apply(.toggleHelp)
        let help = render(raceLab.picture(unicode: true), width: 60, height: 16, options: .standard).text
        #expect(help.contains("tab / x") && help.contains("select the next runner / drop it"), "\(help)")
        #expect(help.contains("quit (Ctrl-C too)") && !help.contains("scene menu"), "\(help)")
        raceLab.apply(.toggleHelp)
        let lab = render(raceLab.picture(unicode: true), width: 100, height: 30, options: .standard).text
        #expect(lab.contains("tab/x runner") && !lab.contains("optimizer"), "\(lab)")
        var soloLab = LabModel(solo: try Fixtures.session("sin-cubic", RunOptions(startsPaused: true)))
        soloLab.apply(.toggleHelp)
        let solo = soloLab.frame(width: 100, height: 30, options: .standard).text
        #expect(!solo.contains("select the next runner") && solo.contains("next / previous optimizer"))
    }
}
