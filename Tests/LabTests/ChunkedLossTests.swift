import Foundation
import Grad
import Testing
@testable import Lab

/// Large data sets train in chunks (`Model.chunkSize`); the loss and gradients must be those of the
/// whole data set, computed here point by point with the closed-form derivatives of the cubic.
@Suite struct ChunkedLossTests {
    static func scene(points: Int, loss: String) throws -> Scene {
        try SceneLoader.parse("""
            title = "big"
            description = "many points"
            [data]
            x = { linspace = [-3, 3, \(points)] }
            y = "sin(x)"
            [model]
            formula = "a + b*x + c*x^2 + d*x^3"
            [parameters]
            a = 0.1
            b = 0.2
            c = -0.1
            d = 0.05
            [training]
            loss = "\(loss)"
            optimizer = "sgd"
            max_steps = 10
            [training.learning_rate]
            sgd = 1e-9
            """, name: "big", file: "big.toml")
    }

    @Test(arguments: ["sum_squares", "mean_squares"])
    func chunkedLossAndGradientsMatchThePointByPointSums(_ loss: String) throws {
        let points = Model.chunkSize * 2 + 123
        let session = try Session(scene: try Self.scene(points: points, loss: loss))
        var observed = Double.nan
        session.trainStep { _, value, _ in observed = value }
        let xs = Tensor.linspaceValues(-3, 3, count: points)
        var total = 0.0
        var gradient = [0.0, 0.0, 0.0, 0.0]
        for x in xs {
            let residual = 0.1 + 0.2 * x - 0.1 * x * x + 0.05 * x * x * x - Foundation.sin(x)
            total += residual * residual
            for (k, power) in [1, x, x * x, x * x * x].enumerated() { gradient[k] += 2 * residual * power }
        }
        let scale = loss == "mean_squares" ? 1 / Double(points) : 1
        #expect(abs(observed - total * scale) <= 1e-10 * total * scale)
        for (k, g) in session.gradients.map({ $0[0] }).enumerated() {
            #expect(abs(g - gradient[k] * scale) <= 1e-9 * max(1, abs(gradient[k] * scale)), "parameter \(k)")
        }
        #expect(abs(session.currentLoss() - observed) < abs(observed) * 0.01, "one tiny step barely moves the loss")
    }

    @Test func smallDataSetsAreNotChunked() throws {
        let session = try Session(scene: try Self.scene(points: 2000, loss: "sum_squares"))
        session.trainStep()
        #expect(session.currentPrediction().count == 2000)
    }
}
