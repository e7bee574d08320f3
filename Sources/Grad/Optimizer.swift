import Foundation

/// The update rules tinylab offers, in the order the lab cycles through them.
public enum OptimizerKind: String, CaseIterable, Sendable {
    case sgd, momentum, nesterov, rmsprop, adam, adamw

    /// The name shown to people (`SGD`, `Momentum`, …).
    public var displayName: String {
        switch self {
        case .sgd: "SGD"
        case .momentum: "Momentum"
        case .nesterov: "Nesterov"
        case .rmsprop: "RMSprop"
        case .adam: "Adam"
        case .adamw: "AdamW"
        }
    }

    /// The next kind in the cycle sgd → momentum → nesterov → rmsprop → adam → adamw → sgd.
    public var next: OptimizerKind {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// A gradient-descent optimizer with the update rules and defaults of `torch.optim`, written in the
/// order PyTorch's float64 CPU kernels evaluate them (fused multiply-adds included), so trajectories
/// agree with PyTorch's step for step.
///
/// - `sgd`: `p ← p − lr·g` (torch.optim.SGD).
/// - `momentum`, `nesterov`: torch.optim.SGD with momentum 0.9 (Polyak; Sutskever et al. 2013 for
///   Nesterov): `buf ← g` on the first step, then `buf ← μ·buf + g`; the direction is `buf`, or
///   `g + μ·buf` with Nesterov.
/// - `rmsprop`: torch.optim.RMSprop (Hinton, lecture 6e): `v ← α·v + (1−α)·g²`, `p ← p − lr·g/(√v + ε)`.
/// - `adam`: torch.optim.Adam (Kingma & Ba 2014) with bias correction.
/// - `adamw`: torch.optim.AdamW (Loshchilov & Hutter 2017): `p ← p·(1 − lr·λ)`, then the Adam step.
///
/// The learning rate may change between steps and keeps the state; a new `Optimizer` starts fresh.
public struct Optimizer: Sendable {
    public let kind: OptimizerKind
    public var learningRate: Double
    public var momentum = 0.9
    public var alpha = 0.99
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    /// L2 penalty added to the gradient (sgd, momentum, rmsprop, adam) or decoupled decay (adamw).
    public var weightDecay: Double

    private var states: [ObjectIdentifier: ParameterState] = [:]

    private struct ParameterState: Sendable {
        var step = 0
        var first: [Double]?
        var second: [Double]?
    }

    public init(_ kind: OptimizerKind, learningRate: Double, weightDecay: Double? = nil) {
        self.kind = kind
        self.learningRate = learningRate
        self.weightDecay = weightDecay ?? (kind == .adamw ? 0.01 : 0)
    }

    public static func sgd(learningRate: Double) -> Optimizer { Optimizer(.sgd, learningRate: learningRate) }
    public static func momentum(learningRate: Double) -> Optimizer { Optimizer(.momentum, learningRate: learningRate) }
    public static func nesterov(learningRate: Double) -> Optimizer { Optimizer(.nesterov, learningRate: learningRate) }
    public static func rmsprop(learningRate: Double) -> Optimizer { Optimizer(.rmsprop, learningRate: learningRate) }
    public static func adam(learningRate: Double) -> Optimizer { Optimizer(.adam, learningRate: learningRate) }
    public static func adamw(learningRate: Double, weightDecay: Double = 0.01) -> Optimizer {
        Optimizer(.adamw, learningRate: learningRate, weightDecay: weightDecay)
    }

    /// Updates every parameter that has a gradient, in place.
    public mutating func step(_ parameters: [Tensor]) {
        for parameter in parameters {
            guard let grad = parameter.grad?.data else { continue }
            let key = ObjectIdentifier(parameter)
            var state = states[key] ?? ParameterState()
            states[key] = nil
            update(&parameter.data, gradient: grad, state: &state)
            states[key] = state
        }
    }

    /// Sets every parameter's gradient to `nil` (`optimizer.zero_grad()`).
    public func zeroGrad(_ parameters: [Tensor]) {
        for parameter in parameters { parameter.zeroGrad() }
    }

    private func update(_ p: inout [Double], gradient: [Double], state: inout ParameterState) {
        let lr = learningRate
        var g = gradient
        if weightDecay != 0, kind != .adamw {
            let decay = weightDecay
            g = Kernels.zip(g, p) { g, p in g.addingProduct(p, decay) }
        }
        state.step += 1
        let n = p.count
        switch kind {
        case .sgd:
            p = Kernels.zip(p, g) { p, g in p.addingProduct(g, -lr) }
        case .momentum, .nesterov:
            let mu = momentum
            let buffer = state.first.map { buffer in Kernels.zip(buffer, g) { b, g in b * mu + g } } ?? g
            state.first = buffer
            let direction = kind == .nesterov ? Kernels.zip(g, buffer) { g, b in g.addingProduct(b, mu) } : buffer
            p = Kernels.zip(p, direction) { p, d in p.addingProduct(d, -lr) }
        case .rmsprop:
            let a = alpha, rest = 1 - alpha, eps = epsilon
            let v = Kernels.zip(state.second ?? [Double](repeating: 0, count: n), g) { v, g in
                (v * a).addingProduct(rest * g, g)
            }
            state.second = v
            p = Kernels.zip3(p, g, v) { p, g, v in p + (-lr * g) / (v.squareRoot() + eps) }
        case .adam, .adamw:
            if kind == .adamw { p = Kernels.map(p) { $0 * (1 - lr * weightDecay) } }
            let w1 = 1 - beta1, b2 = beta2, rest2 = 1 - beta2, eps = epsilon
            let m = Kernels.zip(state.first ?? [Double](repeating: 0, count: n), g) { m, g in m.addingProduct(w1, g - m) }
            let v = Kernels.zip(state.second ?? [Double](repeating: 0, count: n), g) { v, g in (v * b2).addingProduct(rest2 * g, g) }
            state.first = m
            state.second = v
            let t = Double(state.step)
            let correction1 = 1 - Foundation.pow(beta1, t)
            let correction2Root = Foundation.pow(1 - Foundation.pow(beta2, t), 0.5)
            let stepSize = lr / correction1
            p = Kernels.zip3(p, m, v) { p, m, v in p + (-stepSize * m) / (v.squareRoot() / correction2Root + eps) }
        }
    }
}
