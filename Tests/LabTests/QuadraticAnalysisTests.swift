import LabFixtures
import Foundation
import Grad
import ReferenceMath
import Testing
@testable import Lab

/// The quadratic analysis (Hessian, optimum, λmax) against closed forms worked out here from the
/// scenes' definitions: the normal equations, and eigenvalues by methods independent of the code.
@Suite("quadratic analysis")
struct QuadraticAnalysisTests {
    /// The Gram matrix Σ fᵢ(x)·fⱼ(x) of features over points, scaled.
    static func gram(_ x: [Double], features: [(Double) -> Double], scale: Double) -> [[Double]] {
        let columns = features.map { f in x.map(f) }
        return columns.map { a in columns.map { b in scale * zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } } }
    }

    static var cubic: [(Double) -> Double] { [{ _ in 1 }, { $0 }, { $0 * $0 }, { $0 * $0 * $0 }] }

    /// The largest eigenvalue of a symmetric positive semidefinite matrix by power iteration.
    static func powerIteration(_ m: [[Double]]) -> Double {
        var v = [Double](repeating: 1, count: m.count)
        var lambda = 0.0
        for _ in 0..<5000 {
            let w = m.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            lambda = norm / v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v = w.map { $0 / norm }
        }
        return lambda
    }

    /// The determinant by elimination without pivoting (fine for these positive definite matrices).
    static func determinant(_ m: [[Double]]) -> Double {
        var a = m
        var det = 1.0
        for c in a.indices {
            det *= a[c][c]
            for r in (c + 1)..<a.count {
                let f = a[r][c] / a[c][c]
                for j in c..<a.count { a[r][j] -= f * a[c][j] }
            }
        }
        return det
    }

    static func expectMatrix(_ actual: [[Double]]?, _ expected: [[Double]], relative: Double,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        guard let actual else {
            Issue.record("no Hessian", sourceLocation: sourceLocation)
            return
        }
        let scale = expected.joined().reduce(0) { max($0, abs($1)) }
        for (r, row) in expected.enumerated() {
            for (c, value) in row.enumerated() {
                #expect(abs(actual[r][c] - value) <= relative * scale, "H[\(r)][\(c)] = \(actual[r][c]), expected \(value)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test("the loss is quadratic for linear, noisy-quadratic, sin-cubic and parabola, and not for the others",
          arguments: ["linear", "noisy-quadratic", "sin-cubic", "parabola", "legendre", "dynamic-net", "two-layer-net"])
    func verdict(_ name: String) throws {
        let session = try Fixtures.session(name)
        let analysis = session.quadraticAnalysis()
        let quadratic = ["linear", "noisy-quadratic", "sin-cubic", "parabola"].contains(name)
        #expect(analysis.isQuadratic == quadratic, "\(name): \(analysis.reason ?? "quadratic"), deviation \(analysis.measuredDeviation)")
        if quadratic {
            #expect(analysis.measuredDeviation < 1e-10, "rounding only: \(analysis.measuredDeviation)")
            #expect(analysis.reason == nil)
            #expect(analysis.optimum != nil, "\(analysis.noOptimumReason ?? "")")
        } else {
            #expect(analysis.reason != nil)
            #expect(analysis.hessian == nil && analysis.optimum == nil && analysis.eigenvalues.isEmpty)
            #expect(analysis.stableLearningRate(for: .sgd) == nil)
        }
    }

    @Test("legendre is found not quadratic by measurement: its gradient's differences change by far more than rounding")
    func legendreMeasured() throws {
        let analysis = try Fixtures.session("legendre").quadraticAnalysis()
        #expect(analysis.measuredDeviation > 1e-2, "\(analysis.measuredDeviation)")
        #expect(analysis.reason?.contains("not linear") == true, "\(analysis.reason ?? "")")
    }

    @Test("sin-cubic: H = 2XᵀX, θ* is the least-squares cubic, L* its sum of squares")
    func sinCubic() throws {
        let analysis = try Fixtures.session("sin-cubic").quadraticAnalysis()
        let expected = Self.gram(SinData.x, features: Self.cubic, scale: 2)
        Self.expectMatrix(analysis.hessian, expected, relative: 1e-12)
        let optimum = try #require(analysis.optimum)
        // a and c are zero up to rounding (sin is odd): compare relative to the size of θ*.
        let size = SinData.optimum.coefficients.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for (value, reference) in zip(optimum.parameters, SinData.optimum.coefficients) {
            #expect(abs(value - reference) <= 1e-9 * size, "θ* \(optimum.parameters) vs \(SinData.optimum.coefficients)")
        }
        #expect(Fixtures.isClose(optimum.parameters[1], SinData.optimum.coefficients[1], relative: 1e-9))
        #expect(Fixtures.isClose(optimum.parameters[3], SinData.optimum.coefficients[3], relative: 1e-9))
        #expect(Fixtures.isClose(optimum.loss, SinData.optimum.loss, relative: 1e-12), "\(optimum.loss) vs \(SinData.optimum.loss)")
        #expect(analysis.parameterNames == ["a", "b", "c", "d"])
        #expect(analysis.optimumByName?["d"].map { Fixtures.isClose($0, SinData.optimum.coefficients[3], relative: 1e-9) } == true)
    }

    @Test("sin-cubic's eigenvalues: λmax by power iteration, their sum the trace and their product the determinant")
    func sinCubicEigenvalues() throws {
        let analysis = try Fixtures.session("sin-cubic").quadraticAnalysis()
        let h = Self.gram(SinData.x, features: Self.cubic, scale: 2)
        let lambdaMax = try #require(analysis.largestEigenvalue)
        #expect(Fixtures.isClose(lambdaMax, Self.powerIteration(h), relative: 1e-10), "\(lambdaMax)")
        let trace = (0..<4).reduce(0) { $0 + h[$1][$1] }
        #expect(Fixtures.isClose(analysis.eigenvalues.reduce(0, +), trace, relative: 1e-12))
        #expect(Fixtures.isClose(analysis.eigenvalues.reduce(1, *), Self.determinant(h), relative: 1e-8))
        #expect(analysis.eigenvalues == analysis.eigenvalues.sorted())
        #expect(analysis.eigenvalues.allSatisfy { $0 > 0 })
    }

    @Test("the stable SGD rates the issue names: sin-cubic 3.558e-6, noisy-quadratic 2.916e-3")
    func issueBounds() throws {
        let sin = try #require(try Fixtures.session("sin-cubic").quadraticAnalysis().stableLearningRate(for: .sgd))
        #expect(abs(sin.bound - 3.558e-6) < 0.0005e-6, "\(sin.bound)")
        #expect(sin.explanation.contains("2/λmax"))
        let noisy = try #require(try Fixtures.session("noisy-quadratic").quadraticAnalysis().stableLearningRate(for: .sgd))
        #expect(abs(noisy.bound - 2.916e-3) < 0.0005e-3, "\(noisy.bound)")
        #expect(2 * 1e-6 < sin.bound && 4 * 1e-6 > sin.bound, "+ once from 1e-6 stays stable, + twice does not")
    }

    @Test("noisy-quadratic: H = (2/N)XᵀX over the scene's x, θ* the normal equations' solution with its noisy targets")
    func noisyQuadratic() throws {
        let session = try Fixtures.session("noisy-quadratic")
        let analysis = session.quadraticAnalysis()
        let x = torchLinspace(-5, 7, 200)
        let features: [(Double) -> Double] = [{ $0 * $0 }, { $0 }, { _ in 1 }]
        Self.expectMatrix(analysis.hessian, Self.gram(x, features: features, scale: 2.0 / 200), relative: 1e-12)
        let y = try #require(session.targets).data
        let reference = leastSquares(x: x, y: y, features: features)
        let optimum = try #require(analysis.optimum)
        for (value, expected) in zip(optimum.parameters, reference.coefficients) {
            #expect(Fixtures.isClose(value, expected, relative: 1e-9), "\(optimum.parameters) vs \(reference.coefficients)")
        }
        #expect(Fixtures.isClose(optimum.loss, reference.loss / 200, relative: 1e-10))
    }

    @Test("parabola: H = 6, x* = −1/3, L* = −23/15; linear: H = 2·mean(x²) = 15, w* = 2, L* = 0")
    func oneParameter() throws {
        let parabola = try Fixtures.session("parabola").quadraticAnalysis()
        Self.expectMatrix(parabola.hessian, [[6]], relative: 1e-14)
        #expect(abs(try #require(parabola.optimum).parameters[0] + 1.0 / 3) < 1e-15)
        #expect(abs(try #require(parabola.optimum).loss + 23.0 / 15) < 1e-14)
        #expect(parabola.stableLearningRate(for: .sgd)?.bound == 1.0 / 3, "the scene's text says lr = 1/3")
        let linear = try Fixtures.session("linear").quadraticAnalysis()
        Self.expectMatrix(linear.hessian, [[15]], relative: 1e-14)
        #expect(abs(try #require(linear.optimum).parameters[0] - 2) < 1e-14)
        #expect(abs(try #require(linear.optimum).loss) < 1e-25)
    }

    /// A scene file whose model is `formula` (a function to minimize, no data) in `x` and `y`.
    static func minimizing(_ formula: String) throws -> Session {
        let text = """
        title = "t"
        description = "d"
        seed = 1
        [model]
        formula = "\(formula)"
        [parameters]
        x = 0.5
        y = -0.25
        [training]
        loss = "minimize"
        optimizer = "sgd"
        max_steps = 10
        [training.learning_rate]
        sgd = 0.01
        momentum = 0.01
        nesterov = 0.01
        rmsprop = 0.01
        adam = 0.01
        adamw = 0.01
        """
        return try Session(scene: try Fixtures.parse(text, file: "t.toml"))
    }

    @Test("quadratics without a unique minimum are named as such: singular H, negative eigenvalue")
    func noOptimum() throws {
        let saddle = try Self.minimizing("x^2 - 3*y^2 + x*y").quadraticAnalysis()
        #expect(saddle.isQuadratic)
        #expect(saddle.optimum == nil)
        #expect(saddle.noOptimumReason?.contains("negative eigenvalue") == true, "\(saddle.noOptimumReason ?? "")")
        let valley = try Self.minimizing("(x + y)^2 + 1").quadraticAnalysis()
        #expect(valley.isQuadratic)
        #expect(valley.optimum == nil)
        #expect(valley.noOptimumReason?.contains("singular") == true, "\(valley.noOptimumReason ?? "")")
        Self.expectMatrix(valley.hessian, [[2, 2], [2, 2]], relative: 1e-14)
        #expect(abs(try #require(valley.largestEigenvalue) - 4) < 1e-13)
        let bowl = try Self.minimizing("(x - 1)^2 + 10*(y + 2)^2 + x*y").quadraticAnalysis()
        #expect(bowl.isQuadratic)
        // ∂/∂x: 2(x − 1) + y = 0, ∂/∂y: 20(y + 2) + x = 0 → x = 80/39, y = −82/39.
        let optimum = try #require(bowl.optimum).parameters
        #expect(abs(optimum[0] - 80.0 / 39) < 1e-14 && abs(optimum[1] + 82.0 / 39) < 1e-14, "\(optimum)")
        // Eigenvalues of [[2, 1], [1, 20]]: 11 ± √82.
        #expect(abs(bowl.eigenvalues[0] - (11 - 82.0.squareRoot())) < 1e-12)
        #expect(abs(bowl.eigenvalues[1] - (11 + 82.0.squareRoot())) < 1e-12)
    }

    @Test("formulas of higher degree or with sines are not quadratic", arguments: ["x^3 + y^2", "x^2*y", "sin(x) + y^2", "x^4 + y^2"])
    func notQuadratic(_ formula: String) throws {
        let analysis = try Self.minimizing(formula).quadraticAnalysis()
        #expect(!analysis.isQuadratic, "\(formula): deviation \(analysis.measuredDeviation)")
    }

    @Test("the analysis leaves the run untouched: parameters, gradients and the trajectory are bit-identical")
    func doesNotDisturb() throws {
        for name in ["sin-cubic", "dynamic-net", "legendre"] {
            let plain = try Fixtures.session(name), analysed = try Fixtures.session(name)
            _ = Fixtures.losses(plain, limit: 5)
            _ = Fixtures.losses(analysed, limit: 5)
            let gradients = analysed.currentGradients()
            let pending = Tensor(7.0)
            analysed.parameters[0].tensor.grad = pending
            _ = analysed.quadraticAnalysis()
            #expect(analysed.parameters[0].tensor.grad === pending, "an accumulated gradient is kept")
            #expect(analysed.parameters.dropFirst().allSatisfy { $0.tensor.grad == nil })
            analysed.parameters[0].tensor.grad = nil
            _ = analysed.lossSlice(parameters: 0, 1, firstValues: [0, 1], secondValues: [2, 3])
            #expect(analysed.currentGradients() == gradients)
            #expect(Fixtures.flatParameters(analysed) == Fixtures.flatParameters(plain))
            #expect(Fixtures.losses(plain, limit: 20) == Fixtures.losses(analysed, limit: 20), "\(name)")
            #expect(Fixtures.flatParameters(analysed) == Fixtures.flatParameters(plain))
        }
    }

    /// The landscape view fills its grid from `lossPlane`: for an exact quadratic it must take the
    /// quadratic form (no pass over the 2,000 points per grid point, which made a frame ~15 ms).
    @Test("the loss plane of an exact quadratic comes from its quadratic form and agrees with the data's loss")
    func lossPlaneOfAQuadraticUsesTheForm() throws {
        let session = try Fixtures.session("sin-cubic")
        let analysis = session.quadraticAnalysis()
        let origin = session.flatParameterValues
        let u = [0.0, 1, 0, 0], v = [0.0, 0, 0, 1]
        let plane = session.lossPlane(origin: origin, directions: u, v)
        for (alpha, beta) in [(0.4, -0.2), (-1.0, 0.05), (0.0, 0.0)] {
            let theta = (0..<4).map { origin[$0] + alpha * u[$0] + beta * v[$0] }
            let form = try #require(analysis.quadraticLoss(at: theta))
            let planeForm = try #require(analysis.planeForm(origin: origin, u: u, v: v))
            #expect(plane.loss(alpha: alpha, beta: beta) == planeForm.loss(alpha: alpha, beta: beta))
            #expect(Fixtures.isClose(plane.loss(alpha: alpha, beta: beta), form, relative: 1e-12))
            #expect(Fixtures.isClose(plane.loss(alpha: alpha, beta: beta), session.loss(at: theta), relative: 1e-9))
        }
    }

    @Test("the exact quadratic form and the slice agree with the loss evaluated over the data")
    func quadraticForm() throws {
        let session = try Fixtures.session("sin-cubic")
        let analysis = session.quadraticAnalysis()
        var rng = RandomSource(seed: 9)
        for _ in 0..<5 {
            let theta = (0..<4).map { _ in rng.normal() }
            let form = try #require(analysis.quadraticLoss(at: theta))
            #expect(Fixtures.isClose(form, session.loss(at: theta), relative: 1e-9), "\(theta)")
        }
        let slice = session.lossSlice(parameters: 1, 3, firstValues: [0.5, 0.9, 1.3], secondValues: [-0.2, 0, 0.1])
        #expect(slice.isExact)
        var theta = session.flatParameterValues
        for (j, d) in [-0.2, 0, 0.1].enumerated() {
            for (i, b) in [0.5, 0.9, 1.3].enumerated() {
                theta[1] = b
                theta[3] = d
                #expect(Fixtures.isClose(slice.values[j][i], session.loss(at: theta), relative: 1e-9))
            }
        }
        let curve = try Fixtures.session("parabola").lossCurve(parameter: 0, values: [-1, 0, 2])
        #expect(zip(curve, [-0.2, -1.2, 14.8]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(curve)")
    }

    @Test("a slice of a loss that is not quadratic is evaluated point by point")
    func evaluatedSlice() throws {
        let session = try Fixtures.session("legendre")
        let slice = session.lossSlice(parameters: 2, 3, firstValues: [0, 0.1], secondValues: [0.3, 0.4])
        #expect(!slice.isExact)
        #expect(slice.values[0][0] == session.loss(at: [0, -1, 0, 0.3]))
        #expect(slice.values[1][1] == session.loss(at: [0, -1, 0.1, 0.4]))
        #expect(slice.values[0][0] == session.currentLoss())
    }

    @Test("random directions for nets are filter-normalised: each weight row as long as the weights' row")
    func randomDirections() throws {
        let session = try Fixtures.session("two-layer-net")
        let (u, v) = session.randomDirections(seed: 3)
        #expect(u.count == session.flatParameterValues.count && u != v)
        let weights = session.parameters[0].tensor
        let width = weights.shape[1]
        for row in [0, 17, 99] {
            let theta = weights.data[(row * width)..<((row + 1) * width)]
            let direction = u[(row * width)..<((row + 1) * width)]
            #expect(Fixtures.isClose(l2Norm(Array(theta)), l2Norm(Array(direction)), relative: 1e-12))
        }
        #expect(session.randomDirections(seed: 3) == (u, v))
    }

    @Test("Jacobi eigenvalues of a 3×3 matrix with known spectrum")
    func jacobi() {
        // [[2, −1, 0], [−1, 2, −1], [0, −1, 2]] has eigenvalues 2 − √2, 2, 2 + √2.
        let values = SymmetricAlgebra.eigenvalues([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
        let expected = [2 - 2.0.squareRoot(), 2, 2 + 2.0.squareRoot()]
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) < 1e-14 }, "\(values)")
        #expect(SymmetricAlgebra.solve([[1, 2], [2, 4]], [1, 1]) == nil, "singular")
    }
}
