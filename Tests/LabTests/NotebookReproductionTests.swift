import LabFixtures
import Foundation
import Grad
import ReferenceMath
import Testing
@testable import Lab

/// The scenes reproduce the notebooks' numbers; every reference here is computed independently,
/// with plain Doubles.
@Suite struct NotebookReproductionTests {
    /// Notebook 004's loop: compute the gradient, step, and stop once that gradient was below 0.001
    /// (or after 1000 steps). Returns the steps taken and the final x.
    static func notebookParabolaDescent(from start: Double, learningRate: Double = 0.01) -> (steps: Int, x: Double) {
        var x = start
        var steps = 0
        while true {
            let gradient = 6 * x + 2
            x -= learningRate * gradient
            steps += 1
            if abs(gradient) < 0.001 || steps == 1000 { break }
        }
        return (steps, x)
    }

    @Test func parabolaFromOnePointFiveStopsOnItsOwnAtTheMinimum() throws {
        let session = try Fixtures.session("parabola", RunOptions(initialValues: ["x": 1.5]))
        var losses: [Double] = []
        var lastFlags: [Bool] = []
        session.runToEnd { _, loss, isLast in
            losses.append(loss)
            lastFlags.append(isLast)
        }
        #expect(session.state == .done("gradient below 0.001"))
        let reference = Self.notebookParabolaDescent(from: 1.5)
        #expect(reference.steps < 1000, "the reference itself must stop on the gradient")
        #expect(session.step == reference.steps)
        #expect(losses.count == reference.steps)
        #expect(lastFlags.last == true)
        #expect(lastFlags.dropLast().allSatisfy { !$0 })

        let x = try #require(Fixtures.values(session)["x"])
        #expect(abs(x - (-1.0 / 3)) < 1e-3)
        #expect(abs(x - reference.x) < 1e-12)
        let minimum = -1.2 - 1.0 / 3   // f(−1/3) = 1/3 − 2/3 − 1.2
        #expect(abs(try #require(losses.last) - minimum) < 1e-6)
        #expect(abs(session.currentLoss() - minimum) < 1e-6)
        #expect(String(format: "%.4f", session.currentLoss()) == "-1.5333")
        // The last step's slope is what stopped it.
        let slope = try #require(session.gradients.first?.first)
        #expect(abs(slope) < 0.001)
        // The run is over: stepping again does nothing.
        #expect(session.trainStep() == false)
        #expect(session.step == reference.steps)
    }

    @Test func parabolaFromTheSeededRandomStartAlsoStopsWhereTheNotebookWould() throws {
        let session = try Fixtures.session("parabola")
        let start = try #require(Fixtures.values(session)["x"])
        session.runToEnd()
        let reference = Self.notebookParabolaDescent(from: start)
        #expect(session.step == reference.steps)
        #expect(session.state == .done(reference.steps < 1000 ? "gradient below 0.001" : "1000 steps"))
    }

    @Test func parabolaFirstStepIsXMinusLearningRateTimesSlope() throws {
        let session = try Fixtures.session("parabola", RunOptions(initialValues: ["x": 1.5]))
        var observed: (Int, Double)?
        session.trainStep { step, loss, _ in observed = (step, loss) }
        #expect(observed?.0 == 0)
        #expect(observed?.1 == 3 * 1.5 * 1.5 + 2 * 1.5 - 1.2)   // 8.55 in exact binary arithmetic
        #expect(session.gradients == [[11]])
        #expect(Fixtures.values(session)["x"] == 1.5 - 0.01 * 11)
    }

    @Test func linearStartsAtLoss30AndFollowsTheRecurrence() throws {
        let session = try Fixtures.session("linear")
        var logged: [(step: Int, loss: Double)] = []
        session.runToEnd { step, loss, _ in logged.append((step, loss)) }
        #expect(logged.first?.step == 0)
        #expect(logged.first?.loss == 30.0)
        #expect(logged.map(\.step) == Array(0..<20))
        #expect(session.step == 20)
        #expect(session.state == .done("20 steps"))

        // w ← w − lr · dL/dw with L = mean((w·x − y)²), dL/dw = 2·mean(x·(w·x − y)).
        let xs = [1.0, 2, 3, 4], ys = xs.map { 2 * $0 }
        var w = 0.0
        var referenceLosses: [Double] = []
        for _ in 0..<20 {
            referenceLosses.append(zip(xs, ys).map { x, y in (w * x - y) * (w * x - y) }.reduce(0, +) / 4)
            let gradient = 2 * zip(xs, ys).map { x, y in x * (w * x - y) }.reduce(0, +) / 4
            w -= 0.01 * gradient
        }
        let learned = try #require(Fixtures.values(session)["w"])
        #expect(Fixtures.isClose(learned, w, relative: 1e-12), "w = \(learned), reference \(w)")
        // The same recurrence in closed form: w_n = 2 − 2·0.85ⁿ.
        #expect(Fixtures.isClose(learned, 2 - 2 * Foundation.pow(0.85, 20), relative: 1e-12))
        for (got, expected) in zip(logged.map(\.loss), referenceLosses) {
            #expect(Fixtures.isClose(got, expected, relative: 1e-12))
        }
    }

    /// The best cubic for sin on the scene's 2000 points, and its sum of squared errors.
    static let leastSquaresCubic = SinData.optimum

    @Test func theReferenceSolverSolvesAKnownSystem() {
        let solution = solveLinearSystem([[2, 1, 0, 0], [1, 3, 1, 0], [0, 1, 4, 1], [0, 0, 1, 5]], [3, 5, 6, 6])
        for (got, expected) in zip(solution, [1.0, 1, 1, 1]) { #expect(abs(got - expected) < 1e-12) }
        // The best cubic for sin on [−π, π] is odd and close to, but not, x − x³/6.
        let c = Self.leastSquaresCubic.coefficients
        #expect(abs(c[0]) < 1e-9 && abs(c[2]) < 1e-9)
        #expect(c[1] > 0.8 && c[1] < 0.9 && c[3] < -0.08 && c[3] > -0.1)
    }

    @Test func sinCubicWithAdamEndsWithinATenthOfAPercentOfTheLeastSquaresOptimum() throws {
        let options = RunOptions(optimizer: .adam, learningRate: 1e-3, steps: 2000,
                                 initialValues: ["a": 0.1, "b": 0.2, "c": -0.1, "d": 0.05])
        let session = try Fixtures.session("sin-cubic", options)
        #expect(Fixtures.values(session) == ["a": 0.1, "b": 0.2, "c": -0.1, "d": 0.05])
        session.runToEnd()
        #expect(session.step == 2000)
        #expect(session.state == .done("2000 steps"))
        let optimum = Self.leastSquaresCubic.loss
        let final = session.currentLoss()
        #expect(final >= optimum * (1 - 1e-9), "no cubic beats least squares: \(final) < \(optimum)")
        #expect(final <= optimum * 1.001, "Adam ended at \(final), optimum \(optimum)")
    }

    @Test func sinCubicDefaultSGDLossesAtTheNotebooksLogStepsDecrease() throws {
        let run = try #require(SharedRuns.sinCubicDefault)
        let losses = run.losses
        let logged = [0] + Array(stride(from: 99, to: 2000, by: 100))
        #expect(logged.count == 21)
        #expect(logged.last == 1999)
        let values = logged.map { losses[$0] }
        for (earlier, later) in zip(values, values.dropFirst()) {
            #expect(later < earlier, "loss rose from \(earlier) to \(later)")
        }
        // And it ends close to (but above) the best possible cubic.
        let optimum = Self.leastSquaresCubic.loss
        #expect(run.final > optimum)
        #expect(run.final < optimum * 1.2)
    }
}
