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

    /// Neumaier's compensated summation: the unchunked reference, accurate to a few ulps
    /// whatever the order of the terms.
    static func accurateSum(_ terms: [Double]) -> Double {
        var sum = 0.0, compensation = 0.0
        for term in terms {
            let t = sum + term
            compensation += abs(sum) >= abs(term) ? (sum - t) + term : (term - t) + sum
            sum = t
        }
        return sum + compensation
    }

    @Test(arguments: ["sum_squares", "mean_squares"])
    func chunkedLossAndGradientsMatchThePointByPointSums(_ loss: String) throws {
        let points = Model.chunkSize * 2 + 123
        let session = try Session(scene: try Self.scene(points: points, loss: loss))
        #expect(session.chunkCount == 3, "\(points) points train in chunks of \(Model.chunkSize)")
        var observed = Double.nan
        session.trainStep { _, value, _ in observed = value }
        let xs = Tensor.linspaceValues(-3, 3, count: points)
        let residuals = xs.map { x in 0.1 + 0.2 * x - 0.1 * x * x + 0.05 * x * x * x - Foundation.sin(x) }
        let scale = loss == "mean_squares" ? 1 / Double(points) : 1
        let total = Self.accurateSum(residuals.map { $0 * $0 }) * scale
        #expect(abs(observed - total) <= 1e-12 * total, "loss \(observed) against \(total)")
        for (k, g) in session.gradients.map({ $0[0] }).enumerated() {
            let terms = zip(residuals, xs).map { r, x in 2 * r * Foundation.pow(x, Double(k)) * scale }
            let reference = Self.accurateSum(terms)
            let magnitude = Self.accurateSum(terms.map(abs))
            #expect(abs(g - reference) <= 1e-12 * magnitude, "parameter \(k): \(g) against \(reference)")
        }
        #expect(abs(session.currentLoss() - observed) < abs(observed) * 0.01, "one tiny step barely moves the loss")
    }

    @Test func smallDataSetsAreNotChunked() throws {
        let exactly = try Session(scene: try Self.scene(points: Model.chunkSize, loss: "sum_squares"))
        #expect(exactly.chunkCount == 1, "\(Model.chunkSize) points run as one piece")
        let session = try Session(scene: try Self.scene(points: 2000, loss: "sum_squares"))
        #expect(session.chunkCount == 1)
        session.trainStep()
        #expect(session.currentPrediction().count == 2000)
    }
}
