import FrameTesting
import Foundation
import Grad
import Lab
@testable import LabApp
import LabFixtures
import Testing
@testable import Plot

/// The optimum and the stable learning rate as the lab shows them, where the loss is quadratic.
@Suite struct OptimumPictureTests {
    static func session(_ name: String, _ options: RunOptions = RunOptions()) throws -> Session {
        try Fixtures.session(name, options)
    }

    @Test("sin-cubic: the status line says the stable rate 3.56e-6 beside lr 1e-6, and the gap to L*")
    func stableRateInStatus() throws {
        let session = try Self.session("sin-cubic", RunOptions(initialValues: ["a": 0.5, "b": -0.3, "c": 0.2, "d": 0.1]))
        var sessionLab = LabModel(solo: session)
        for _ in 0..<5 { session.trainStep() }
        let picture = sessionLab.picture(unicode: true)
        let bound = try #require(picture.status.stableLearningRate)
        #expect(abs(bound - 3.558e-6) < 0.001e-6, "\(bound)")
        let optimumLoss = try #require(picture.optimumLoss)
        #expect(abs(picture.status.gapToOptimum! - (session.currentLoss() - optimumLoss)) < 1e-9 * session.currentLoss())
        let row = render(picture, width: 120, height: 30, options: .standard).lines[27]
        #expect(row.contains("lr 1e-6 · stable < 3.56e-6"), "\(row)")
        #expect(row.contains("gap "), "\(row)")
    }

    @Test("the optimum's curve is the least-squares cubic, drawn behind the fit; the loss panel marks L*")
    func optimumCurve() throws {
        let session = try Self.session("sin-cubic")
        var sessionLab = LabModel(solo: session)
        for _ in 0..<50 { session.trainStep() }
        let picture = sessionLab.picture(unicode: true)
        let curve = try #require(picture.optimumCurve)
        let optimum = try #require(session.quadraticAnalysis().optimum)
        for (x, y) in zip(curve.xs, curve.ys).prefix(20) {
            let p = optimum.parameters
            let expected = p[0] + p[1] * x + p[2] * x * x + p[3] * x * x * x
            #expect(abs(y - expected) < 1e-12 * max(1, abs(expected)))
        }
        let frame = render(picture, width: 100, height: 30, options: .mono)
        #expect(frame.lines[1].contains("optimum ·"), "\(frame.lines[1])")
        #expect(frame.text.contains("·· ·· ··"), "no dotted L* line on the loss panel:\n\(frame.text)")
    }

    @Test("above the stable rate the lab warns before the run blows up, and the lr turns red")
    func warningAboveTheBound() throws {
        let session = try Self.session("sin-cubic", RunOptions(initialValues: ["a": 0.5, "b": -0.3, "c": 0.2, "d": 0.1]))
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.scaleLearningRate(4))
        sessionLab.tick(elapsed: 10) { true }
        let picture = sessionLab.picture(unicode: true)
        let message = try #require(picture.status.message)
        #expect(message.contains("above the stable rate < 3.56e-6"), "\(message)")
        let frame = render(picture, width: 120, height: 30, options: .standard)
        let row = frame.lines[27]
        let lr = try #require(row.range(of: "lr 4e-6"))
        let column = row.distance(from: row.startIndex, to: lr.lowerBound) + 3
        #expect(frame[column, 27].style.color == .red, "the rate above the bound is not marked")
    }

    @Test("no bound and no optimum where the loss is not quadratic (legendre), or for Adam")
    func notQuadratic() throws {
        let legendre = LabModel.picture(of: try Self.session("legendre"))
        #expect(legendre.status.stableLearningRate == nil && legendre.optimumLoss == nil && legendre.optimumCurve == nil)
        let adam = LabModel.picture(of: try Self.session("sin-cubic", RunOptions(optimizer: .adam)))
        #expect(adam.status.stableLearningRate == nil)
        #expect(adam.optimumLoss != nil, "the optimum does not depend on the optimizer")
    }

    @Test("the optimizer view says where the stable rate comes from: 2/λmax for SGD, the Nesterov bound for Nesterov")
    func stabilityInTheOptimizerView() throws {
        let sgd = try Self.session("sin-cubic")
        var sgdLab = LabModel(solo: sgd, view: .optimizer)
        guard case .optimizer(let table) = sgdLab.picture(unicode: true).main else { Issue.record("not the optimizer view"); return }
        let line = try #require(table.stability)
        #expect(line.hasPrefix("stable while lr < 3.558e-6") && line.contains("2/λmax"), "\(line)")
        let nesterov = try Self.session("sin-cubic", RunOptions(optimizer: .nesterov))
        var nesterovLab = LabModel(solo: nesterov, view: .optimizer)
        guard case .optimizer(let other) = nesterovLab.picture(unicode: true).main else { return }
        let bound = try #require(nesterov.stableLearningRate?.bound)
        let lambda = try #require(nesterov.quadraticAnalysis().largestEigenvalue)
        #expect(abs(bound - 2 * 1.9 / (2.8 * lambda)) < 1e-9 * bound, "Nesterov: lr < 2(1+β)/((1+2β)λmax)")
        #expect(other.stability?.contains("Nesterov") == true, "\(other.stability ?? "none")")
        let adam = try Self.session("sin-cubic", RunOptions(optimizer: .adam))
        var adamLab = LabModel(solo: adam, view: .optimizer)
        guard case .optimizer(let none) = adamLab.picture(unicode: true).main else { return }
        #expect(none.stability == nil)
    }
}
