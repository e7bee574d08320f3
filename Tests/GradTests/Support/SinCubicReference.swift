import ReferenceMath
import Foundation

/// Notebook 000's numpy loop, in plain Swift: the cubic's sum of squares and its gradient written
/// out by hand (y_grad = 2(y_pred − y); a_grad = Σ y_grad, b_grad = Σ y_grad·x, …).
enum HandCubic {
    static func lossAndGradient(_ p: [Double], x: [Double] = SinData.x, y: [Double] = SinData.y) -> (loss: Double, gradient: [Double]) {
        var loss = 0.0
        var gradient = [0.0, 0.0, 0.0, 0.0]
        for i in x.indices {
            let x1 = x[i], x2 = x1 * x1, x3 = x1 * x1 * x1
            let residual = p[0] + p[1] * x1 + p[2] * x2 + p[3] * x3 - y[i]
            loss += residual * residual
            let g = 2 * residual
            gradient[0] += g
            gradient[1] += g * x1
            gradient[2] += g * x2
            gradient[3] += g * x3
        }
        return (loss, gradient)
    }

    /// Trains [a, b, c, d] with `optimizer` for `steps` steps; returns the loss before each step and
    /// the final parameters.
    static func train(_ start: [Double], _ optimizer: TorchOptimReference, steps: Int) -> (losses: [Double], parameters: [Double]) {
        var optimizer = optimizer
        var p = start
        var losses: [Double] = []
        for _ in 0..<steps {
            let (loss, gradient) = lossAndGradient(p)
            losses.append(loss)
            optimizer.update(&p, grad: gradient)
        }
        return (losses, p)
    }
}

/// The notebooks' Legendre model y = a + b·P3(c + d·x) with its gradient derived by hand:
/// P3(t) = ½(5t³ − 3t), P3'(t) = 1.5(5t² − 1).
enum HandLegendre {
    static func p3(_ t: Double) -> Double { 0.5 * (5 * t * t * t - 3 * t) }
    static func p3Derivative(_ t: Double) -> Double { 1.5 * (5 * t * t - 1) }

    static func lossAndGradient(_ p: [Double]) -> (loss: Double, gradient: [Double]) {
        let (a, b, c, d) = (p[0], p[1], p[2], p[3])
        var loss = 0.0
        var gradient = [0.0, 0.0, 0.0, 0.0]
        for (x, y) in zip(SinData.x, SinData.y) {
            let t = c + d * x
            let residual = a + b * p3(t) - y
            loss += residual * residual
            let g = 2 * residual
            gradient[0] += g
            gradient[1] += g * p3(t)
            gradient[2] += g * b * p3Derivative(t)
            gradient[3] += g * b * p3Derivative(t) * x
        }
        return (loss, gradient)
    }
}
