import Lab
import LabApp
import LabFixtures
import Testing

/// `n` (new data from the next seed) and `z`/`Z` (a generated set's noise), as the Playground's
/// regenerate button and noise slider.
@Suite struct DataKeyTests {
    static func lab(_ scene: String, paused: Bool = true) throws -> LabModel {
        LabModel(solo: try Fixtures.session(scene, RunOptions(startsPaused: paused)), menuOptions: RunOptions(startsPaused: paused))
    }

    @Test("n draws the points again from the next seed and starts again at step 0, keeping the optimizer, its rate and the view")
    func newData() throws {
        var lab = try Self.lab("xor")
        lab.apply(.nextOptimizer)
        lab.apply(.scaleLearningRate(2))
        lab.apply(.showView(.optimizer))
        lab.apply(.step)
        let before = lab.selectedRunner
        let points = before.planeInputs!.data
        lab.apply(.newData)
        let after = lab.selectedRunner
        #expect(after !== before && after.step == 0 && after.seed == before.seed + 1)
        #expect(after.planeInputs!.data != points)
        #expect(after.optimizerKind == before.optimizerKind && after.learningRate == before.learningRate)
        #expect(lab.view == .optimizer && after.state == .paused)
        #expect(lab.notice == .newData(seed: before.seed + 1, noise: 0))
    }

    @Test("z and Z step the noise through 0 · 0.05 · 0.1 … 0.5 on the same seed, with a notice at the ends")
    func noise() throws {
        var lab = try Self.lab("xor", paused: false)
        lab.apply(.stepNoise(up: false))
        #expect(lab.notice == .noiseLimit(0))
        lab.apply(.stepNoise(up: true))
        #expect(lab.selectedRunner.scene.data?.dataset?.noise == 0.05 && lab.selectedRunner.seed == 0)
        #expect(lab.notice == .newData(seed: 0, noise: 0.05) && lab.selectedRunner.state == .running)
        for _ in 0..<10 { lab.apply(.stepNoise(up: true)) }
        #expect(lab.selectedRunner.scene.data?.dataset?.noise == 0.5 && lab.notice == .noiseLimit(0.5))
    }

    @Test("without a generated set z says so; without data, and in a race, the data keys say why they do nothing")
    func notApplicable() throws {
        var curve = try Self.lab("sin-cubic")
        curve.apply(.stepNoise(up: true))
        #expect(curve.notice == .noiseLimit(nil))
        var parabola = try Self.lab("parabola")
        let seed = parabola.selectedRunner.seed
        parabola.apply(.newData)
        #expect(parabola.notice == .dataFixed && parabola.selectedRunner.seed == seed)
        var race = LabModel(race: try LabRaces.race("xor"))
        race.apply(.newData)
        #expect(race.notice == .dataFixed)
    }
}
