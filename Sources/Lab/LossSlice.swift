import Grad

/// The loss over a grid in a plane through parameter space, for contour plots: the point
/// `origin + alphas[i]·u + betas[j]·v` has loss `values[j][i]`.
public struct LossSlice: Equatable, Sendable {
    /// Coordinates along the first direction (the horizontal axis).
    public let alphas: [Double]
    /// Coordinates along the second direction (the vertical axis).
    public let betas: [Double]
    /// One row per beta, one column per alpha.
    public let values: [[Double]]
    /// Whether the values come from the exact quadratic form (no pass over the data) rather than
    /// from evaluating the model at every grid point.
    public let isExact: Bool
}

extension Session {
    /// The loss over the plane `origin + α·u + β·v` (flat parameter vectors, as
    /// `flatParameterValues`) at every α in `alphas` and β in `betas`.
    ///
    /// Where the loss is quadratic (`quadraticAnalysis()`), the grid comes from its exact form
    /// L(θ) = L* + ½(θ − θ*)ᵀH(θ − θ*), which along the plane is a quadratic in α and β with six
    /// coefficients: any grid size costs no data pass. Otherwise every grid point is one forward pass
    /// over the data (a net: the layers after the first per point, see `LossPlane`);
    /// random terms then take the same draw at every point (the one `currentLoss()` uses), so the
    /// grid is one smooth surface.
    public func lossSlice(origin: [Double], directions u: [Double], _ v: [Double],
                          alphas: [Double], betas: [Double]) -> LossSlice {
        let analysis = quadraticAnalysis()
        if analysis.isQuadratic, let hessian = analysis.hessian {
            let r = zip(origin, analysis.center).map { $0 - $1 }
            let g = analysis.centerGradient
            let hr = SymmetricAlgebra.multiply(hessian, r), hu = SymmetricAlgebra.multiply(hessian, u)
            let hv = SymmetricAlgebra.multiply(hessian, v)
            let constant = analysis.centerLoss + SymmetricAlgebra.dot(g, r) + 0.5 * SymmetricAlgebra.dot(r, hr)
            let alongU = SymmetricAlgebra.dot(g, u) + SymmetricAlgebra.dot(hr, u)
            let alongV = SymmetricAlgebra.dot(g, v) + SymmetricAlgebra.dot(hr, v)
            let uu = SymmetricAlgebra.dot(u, hu), uv = SymmetricAlgebra.dot(u, hv), vv = SymmetricAlgebra.dot(v, hv)
            let values = betas.map { b in
                alphas.map { a in constant + a * alongU + b * alongV + 0.5 * (a * a * uu + 2 * a * b * uv + b * b * vv) }
            }
            return LossSlice(alphas: alphas, betas: betas, values: values, isExact: true)
        }
        let plane = lossPlane(origin: origin, directions: u, v)
        let values = betas.map { b in alphas.map { a in plane.loss(alpha: a, beta: b) } }
        return LossSlice(alphas: alphas, betas: betas, values: values, isExact: false)
    }

    /// The loss over a grid of two parameters' values (flat indices into `flatParameterNames`),
    /// every other parameter held at its current value: `values[j][i]` is the loss with the first
    /// at `firstValues[i]` and the second at `secondValues[j]`.
    public func lossSlice(parameters first: Int, _ second: Int, firstValues: [Double], secondValues: [Double]) -> LossSlice {
        let plane = Self.plane(of: first, second, through: flatParameterValues)
        return lossSlice(origin: plane.origin, directions: plane.u, plane.v, alphas: firstValues, betas: secondValues)
    }

    /// The plane in which two parameters (flat indices) vary and the others stay at `values`: the
    /// point `origin + α·u + β·v` has the first parameter at α and the second at β.
    public static func plane(of first: Int, _ second: Int, through values: [Double]) -> (origin: [Double], u: [Double], v: [Double]) {
        var origin = values
        origin[first] = 0
        origin[second] = 0
        var u = [Double](repeating: 0, count: values.count), v = u
        u[first] = 1
        v[second] = 1
        return (origin, u, v)
    }

    /// The loss as a function of one parameter (a flat index), the others at their current values:
    /// for scenes with a single scalar parameter, the whole landscape.
    public func lossCurve(parameter index: Int, values: [Double]) -> [Double] {
        var origin = flatParameterValues
        origin[index] = 0
        var u = [Double](repeating: 0, count: origin.count)
        u[index] = 1
        return lossSlice(origin: origin, directions: u, u, alphas: values, betas: [0]).values[0]
    }

    /// Two random directions in parameter space for slicing a net (Li et al. 2018, "Visualizing the
    /// Loss Landscape of Neural Nets"), drawn from `seed`: standard-normal entries, each row of a
    /// weight matrix (a filter) scaled to the norm of the same row of the current weights; every
    /// other tensor scaled as a whole to its current norm (to unit length where that norm is 0).
    /// Flat vectors, as `flatParameterValues`.
    public func randomDirections(seed: UInt64) -> ([Double], [Double]) {
        var rng = RandomSource(seed: seed)
        func direction() -> [Double] {
            parameters.flatMap { named -> [Double] in
                let tensor = named.tensor
                let rows = tensor.rank == 2 ? tensor.shape[0] : 1
                let width = tensor.count / max(rows, 1)
                var result: [Double] = []
                result.reserveCapacity(tensor.count)
                for row in 0..<rows {
                    let slice = Array(tensor.data[(row * width)..<((row + 1) * width)])
                    let draw = (0..<width).map { _ in rng.normal() }
                    let target = l2Norm(slice), length = l2Norm(draw)
                    let factor = length > 0 ? (target > 0 ? target : 1) / length : 0
                    result += draw.map { $0 * factor }
                }
                return result
            }
        }
        let u = direction()
        return (u, direction())
    }
}
