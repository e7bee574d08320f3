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

    private var states: [UInt64: ParameterState] = [:]

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
            let key = parameter.id
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

    /// One update of `p` in place, element by element, in PyTorch's order of operations.
    private func update(_ p: inout [Double], gradient: [Double], state: inout ParameterState) {
        let n = p.count
        let lr = learningRate, decay = weightDecay, decoupled = kind == .adamw
        state.step += 1
        let usesFirst = kind != .sgd && kind != .rmsprop
        let usesSecond = kind == .rmsprop || kind == .adam || kind == .adamw
        let isFirstStep = state.first == nil
        var first = state.first ?? (usesFirst ? [Double](repeating: 0, count: n) : [])
        var second = state.second ?? (usesSecond ? [Double](repeating: 0, count: n) : [])
        state.first = nil
        state.second = nil
        let mu = momentum, alpha = self.alpha, eps = epsilon
        let b1 = beta1, b2 = beta2
        let t = Double(state.step)
        let adaptive = kind == .adam || kind == .adamw
        let stepSize = adaptive ? lr / (1 - Foundation.pow(beta1, t)) : 0
        let correction2Root = adaptive ? Foundation.pow(1 - Foundation.pow(beta2, t), 0.5) : 1
        let kind = self.kind
        p.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { gradient in
                first.withUnsafeMutableBufferPointer { m in
                    second.withUnsafeMutableBufferPointer { v in
                        for i in 0..<n {
                            var g = gradient[i]
                            if decay != 0, !decoupled { g = g.addingProduct(p[i], decay) }
                            switch kind {
                            case .sgd:
                                p[i] = p[i].addingProduct(g, -lr)
                            case .momentum, .nesterov:
                                let buffer = isFirstStep ? g : m[i] * mu + g
                                m[i] = buffer
                                let direction = kind == .nesterov ? g.addingProduct(buffer, mu) : buffer
                                p[i] = p[i].addingProduct(direction, -lr)
                            case .rmsprop:
                                let average = (v[i] * alpha).addingProduct((1 - alpha) * g, g)
                                v[i] = average
                                p[i] = p[i] + (-lr * g) / (average.squareRoot() + eps)
                            case .adam, .adamw:
                                if decoupled { p[i] = p[i] * (1 - lr * decay) }
                                let mean = m[i].addingProduct(1 - b1, g - m[i])
                                let square = (v[i] * b2).addingProduct((1 - b2) * g, g)
                                m[i] = mean
                                v[i] = square
                                p[i] = p[i] + (-stepSize * mean) / (square.squareRoot() / correction2Root + eps)
                            }
                        }
                    }
                }
            }
        }
        if usesFirst { state.first = first }
        if usesSecond { state.second = second }
    }
}
