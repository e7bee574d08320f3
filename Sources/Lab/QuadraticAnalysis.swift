import Grad

/// Whether a scene's loss is an exact quadratic function of its parameters and, where it is, its
/// Hessian H, the optimum θ* with its loss L*, the eigenvalues of H and the stable learning rates.
///
/// **The decision is numerical.** A loss is quadratic exactly when its gradient is affine in θ,
/// g(θ) = g(θ₀) + H(θ − θ₀), that is when the difference quotients (g(θ + h·eᵢ) − g(θ))/h do not
/// depend on θ nor on the step h. `analyze` computes them at the current parameters (h of one unit,
/// giving H column by column: the differences are exact up to rounding, since g is linear) and again
/// at two random points around them with steps of 1/16 and 4 units (a unit is max(1, |θᵢ|)); the
/// loss is quadratic when all three agree within `tolerance` × the largest entry of H, H is
/// symmetric to the same tolerance, and the losses at the random points match the quadratic model
/// L(θ₀) + g(θ₀)ᵀΔ + ½ΔᵀHΔ. Rounding alone stays near 1e-13 here; a polynomial of higher degree, a
/// sine or a ReLU differs by many orders more.
///
/// **Where it is quadratic**, H is symmetrised, θ* solves H·(θ* − θ₀) = −g(θ₀) (Gaussian elimination
/// with partial pivoting), refined once with the gradient measured at θ*, and L* is the loss
/// evaluated there. A singular or indefinite H has no unique minimum: `optimum` is then nil and
/// `noOptimumReason` says why. The eigenvalues come from Jacobi rotations.
public struct QuadraticAnalysis: Sendable {
    /// The minimum of a quadratic loss.
    public struct Optimum: Equatable, Sendable {
        /// θ*, flat: all parameter values in order (`QuadraticAnalysis.parameterNames`).
        public let parameters: [Double]
        /// L* = loss(θ*), evaluated over the data.
        public let loss: Double
    }

    /// Relative disagreement below which the difference quotients count as equal.
    public static let tolerance = 1e-7

    /// The name of each scalar in the flat parameter vector: `a`, or `0.weight[3]` inside a tensor.
    public let parameterNames: [String]
    /// Whether the loss is an exact quadratic function of the parameters (checked numerically).
    public let isQuadratic: Bool
    /// Why the loss is not quadratic; nil when it is.
    public let reason: String?
    /// H, the symmetric matrix of second derivatives (row and column per flat parameter); nil when
    /// the loss is not quadratic.
    public let hessian: [[Double]]?
    /// H's eigenvalues, ascending; empty when the loss is not quadratic.
    public let eigenvalues: [Double]
    /// θ* and L*; nil when the loss is not quadratic or has no unique minimum.
    public let optimum: Optimum?
    /// Why a quadratic loss has no unique optimum (singular or indefinite H); nil otherwise.
    public let noOptimumReason: String?
    /// The largest relative disagreement the check measured (rounding level for a quadratic).
    public let measuredDeviation: Double

    /// The point the exact quadratic form is written around (θ* when it exists), with the loss and
    /// gradient measured there.
    let center: [Double]
    let centerLoss: Double
    let centerGradient: [Double]

    /// λmax(H), which sets the stable learning rates; nil when the loss is not quadratic.
    public var largestEigenvalue: Double? { eigenvalues.last }

    /// The largest learning rate at which `kind` converges on this loss, with where the bound comes
    /// from (see `StableLearningRate`); nil when the loss is not quadratic, for the adaptive
    /// optimizers, and when H has no positive eigenvalue.
    public func stableLearningRate(for kind: OptimizerKind, momentum: Double = 0.9,
                                   weightDecay: Double = 0) -> StableLearningRate? {
        guard isQuadratic, let lambda = largestEigenvalue else { return nil }
        return StableLearningRate.bound(for: kind, largestEigenvalue: lambda, momentum: momentum, weightDecay: weightDecay)
    }

    /// The bound for the optimizer as configured (its momentum and weight decay).
    public func stableLearningRate(for optimizer: Optimizer) -> StableLearningRate? {
        stableLearningRate(for: optimizer.kind, momentum: optimizer.momentum, weightDecay: optimizer.weightDecay)
    }

    /// The loss at flat parameters `theta` from the exact quadratic form
    /// L(θ) = L* + ½(θ − θ*)ᵀH(θ − θ*) (written around θ₀ with its gradient when there is no
    /// optimum): no pass over the data. Nil when the loss is not quadratic.
    public func quadraticLoss(at theta: [Double]) -> Double? {
        guard isQuadratic, let hessian else { return nil }
        let delta = zip(theta, center).map { $0 - $1 }
        return centerLoss + SymmetricAlgebra.dot(centerGradient, delta)
            + 0.5 * SymmetricAlgebra.dot(delta, SymmetricAlgebra.multiply(hessian, delta))
    }

    /// The quadratic's restriction to the plane `origin + α·u + β·v`: a quadratic in (α, β) whose
    /// six coefficients are worked out once, so each point of a landscape grid costs a handful of
    /// operations instead of a pass over the Hessian (the same value as `quadraticLoss` to rounding).
    public func planeForm(origin: [Double], u: [Double], v: [Double]) -> PlaneQuadratic? {
        guard isQuadratic, let hessian else { return nil }
        let d = zip(origin, center).map { $0 - $1 }
        let hd = SymmetricAlgebra.multiply(hessian, d), hu = SymmetricAlgebra.multiply(hessian, u)
        let hv = SymmetricAlgebra.multiply(hessian, v)
        return PlaneQuadratic(constant: centerLoss + SymmetricAlgebra.dot(centerGradient, d) + 0.5 * SymmetricAlgebra.dot(d, hd),
                              alpha: SymmetricAlgebra.dot(centerGradient, u) + SymmetricAlgebra.dot(u, hd),
                              beta: SymmetricAlgebra.dot(centerGradient, v) + SymmetricAlgebra.dot(v, hd),
                              alphaAlpha: 0.5 * SymmetricAlgebra.dot(u, hu), alphaBeta: SymmetricAlgebra.dot(u, hv),
                              betaBeta: 0.5 * SymmetricAlgebra.dot(v, hv))
    }

    /// `constant + alpha·α + beta·β + alphaAlpha·α² + alphaBeta·αβ + betaBeta·β²`.
    public struct PlaneQuadratic: Sendable {
        let constant, alpha, beta, alphaAlpha, alphaBeta, betaBeta: Double

        public func loss(alpha a: Double, beta b: Double) -> Double {
            constant + alpha * a + beta * b + alphaAlpha * a * a + alphaBeta * a * b + betaBeta * b * b
        }
    }

    /// θ* by parameter name, for scalar parameters.
    public var optimumByName: [String: Double]? {
        optimum.map { Dictionary(uniqueKeysWithValues: zip(parameterNames, $0.parameters)) }
    }

    /// An analysis that found the loss not quadratic for `reason`.
    static func notQuadratic(_ names: [String], _ reason: String, deviation: Double = .infinity) -> QuadraticAnalysis {
        QuadraticAnalysis(parameterNames: names, isQuadratic: false, reason: reason, hessian: nil, eigenvalues: [],
                          optimum: nil, noOptimumReason: nil, measuredDeviation: deviation,
                          center: [], centerLoss: .nan, centerGradient: [])
    }

    /// Decides whether the loss is quadratic around the flat parameters `base` and analyses it.
    /// `evaluate` gives the loss and its flat gradient at any flat parameter vector; the random
    /// points come from `seed`.
    static func analyze(names: [String], at base: [Double], seed: UInt64 = 0x71ab,
                        evaluate: ([Double]) -> (loss: Double, gradient: [Double])) -> QuadraticAnalysis {
        let n = base.count
        let start = evaluate(base)
        guard start.loss.isFinite, allFinite(start.gradient) else {
            return notQuadratic(names, "the loss or its gradient is not a finite number at the current parameters")
        }
        let units = base.map { max(1, abs($0)) }

        /// Difference quotients column by column: `matrix[r][i]` = (g_r(θ + h·eᵢ) − g_r(θ))/h.
        func quotients(at point: [Double], gradient: [Double], step: Double) -> [[Double]]? {
            var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0..<n {
                var moved = point
                moved[i] += step * units[i]
                let h = moved[i] - point[i]
                let shifted = evaluate(moved)
                guard shifted.loss.isFinite, allFinite(shifted.gradient) else { return nil }
                for r in 0..<n { matrix[r][i] = (shifted.gradient[r] - gradient[r]) / h }
            }
            return matrix
        }

        guard let first = quotients(at: base, gradient: start.gradient, step: 1) else {
            return notQuadratic(names, "the loss is not finite one unit away from the current parameters")
        }
        let scale = first.joined().reduce(0) { max($0, abs($1)) }
        var deviation = 0.0
        func compare(_ a: Double, _ b: Double, scale: Double) {
            let difference = abs(a - b)
            if difference > 0 { deviation = max(deviation, scale > 0 ? difference / scale : .infinity) }
        }
        for r in 0..<n { for c in 0..<n { compare(first[r][c], first[c][r], scale: scale) } }

        var rng = RandomSource(seed: seed)
        for step in [1.0 / 16, 4] {
            let point = zip(base, units).map { $0 + $1 * rng.normal() }
            let here = evaluate(point)
            guard here.loss.isFinite, allFinite(here.gradient),
                  let other = quotients(at: point, gradient: here.gradient, step: step) else {
                return notQuadratic(names, "the loss is not a finite number near the current parameters")
            }
            let otherScale = max(scale, other.joined().reduce(0) { max($0, abs($1)) })
            for r in 0..<n { for c in 0..<n { compare(other[r][c], first[r][c], scale: otherScale) } }
            let delta = zip(point, base).map { $0 - $1 }
            let linear = SymmetricAlgebra.dot(start.gradient, delta)
            let curvature = 0.5 * SymmetricAlgebra.dot(delta, SymmetricAlgebra.multiply(first, delta))
            let predicted = start.loss + linear + curvature
            compare(here.loss, predicted, scale: abs(start.loss) + abs(linear) + abs(curvature) + abs(here.loss))
        }
        guard deviation <= tolerance else {
            let percent = deviation >= 1e-2 ? "\(Magnitude.short(deviation * 100))%" : "a fraction \(Magnitude.short(deviation))"
            return notQuadratic(names, "the gradient is not linear in the parameters: its differences change by \(percent) "
                                + "from point to point", deviation: deviation)
        }

        var hessian = first
        for r in 0..<n { for c in 0..<n { hessian[r][c] = 0.5 * (first[r][c] + first[c][r]) } }
        let eigenvalues = SymmetricAlgebra.eigenvalues(hessian)
        let largest = eigenvalues.reduce(0) { max($0, abs($1)) }
        let smallest = eigenvalues.first ?? 0
        let threshold = 1e-10 * largest

        var optimum: Optimum?
        var noOptimumReason: String?
        var center = base, centerLoss = start.loss, centerGradient = start.gradient
        if largest == 0 {
            noOptimumReason = "H is zero: the loss is linear (or constant) in the parameters and has no unique minimum"
        } else if smallest < -threshold {
            noOptimumReason = "H has a negative eigenvalue (\(Magnitude.short(smallest))): the loss has no minimum"
        } else if smallest <= threshold {
            noOptimumReason = "H is singular (smallest eigenvalue ≈ 0): the minimum is not unique"
        } else if let step = SymmetricAlgebra.solve(hessian, start.gradient.map { -$0 }) {
            var theta = zip(base, step).map { $0 + $1 }
            var there = evaluate(theta)
            if allFinite(there.gradient), let correction = SymmetricAlgebra.solve(hessian, there.gradient.map { -$0 }) {
                let refined = zip(theta, correction).map { $0 + $1 }
                let check = evaluate(refined)
                if check.loss.isFinite, allFinite(check.gradient) {
                    theta = refined
                    there = check
                }
            }
            if there.loss.isFinite, allFinite(there.gradient) {
                optimum = Optimum(parameters: theta, loss: there.loss)
                (center, centerLoss, centerGradient) = (theta, there.loss, there.gradient)
            } else {
                noOptimumReason = "the loss is not a finite number at the solution of H·θ = H·θ₀ − g"
            }
        } else {
            noOptimumReason = "H is singular to working precision: the minimum is not unique"
        }
        return QuadraticAnalysis(parameterNames: names, isQuadratic: true, reason: nil, hessian: hessian,
                                 eigenvalues: eigenvalues, optimum: optimum, noOptimumReason: noOptimumReason,
                                 measuredDeviation: deviation, center: center, centerLoss: centerLoss,
                                 centerGradient: centerGradient)
    }
}
