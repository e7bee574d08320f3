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

    /// The kind before this one in the same cycle.
    public var previous: OptimizerKind {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + all.count - 1) % all.count]
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

    /// Per-parameter state, usually in the order parameters are passed to `step`.
    private var states: [ParameterState] = []
    /// Where each parameter's state is in `states`, by tensor id (for parameters passed in a new order).
    private var stateIndex: [UInt64: Int] = [:]

    private struct ParameterState: Sendable {
        let id: UInt64
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
        var corrections: (step: Int, first: Double, secondRoot: Double)?
        for (position, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad?.data else { continue }
            let index: Int
            if position < states.count, states[position].id == parameter.id {
                index = position
            } else if let found = stateIndex[parameter.id] {
                index = found
            } else {
                index = states.count
                states.append(ParameterState(id: parameter.id))
                stateIndex[parameter.id] = index
            }
            var state = states[index]
            states[index].first = nil
            states[index].second = nil
            update(&parameter.data, gradient: grad, state: &state, cache: &corrections)
            states[index] = state
        }
    }

    /// What the optimizer keeps for `parameter` after the updates so far, by torch.optim's names;
    /// nil before its first update. Read-only: the values are exactly the ones the next update uses.
    public func state(of parameter: Tensor) -> OptimizerStateSnapshot? {
        guard let index = stateIndex[parameter.id], states[index].step > 0 else { return nil }
        let state = states[index]
        return OptimizerStateSnapshot(kind: kind, step: state.step, first: state.first, second: state.second)
    }

    /// Sets every parameter's gradient to `nil` (`optimizer.zero_grad()`).
    public func zeroGrad(_ parameters: [Tensor]) {
        for parameter in parameters { parameter.zeroGrad() }
    }

    /// Adam's bias corrections `1 − β₁ᵗ` and `(1 − β₂ᵗ)^½` for step t; `cache` keeps the last ones
    /// during one `step` call, since every parameter is usually at the same t.
    private func corrections(step t: Int, cache: inout (step: Int, first: Double, secondRoot: Double)?) -> (Double, Double) {
        if let cached = cache, cached.step == t { return (cached.first, cached.secondRoot) }
        let first = 1 - Foundation.pow(beta1, Double(t))
        let secondRoot = Foundation.pow(1 - Foundation.pow(beta2, Double(t)), 0.5)
        cache = (t, first, secondRoot)
        return (first, secondRoot)
    }

    /// One update of `p` in place, element by element, in PyTorch's order of operations.
    private func update(_ p: inout [Double], gradient: [Double], state: inout ParameterState,
                        cache: inout (step: Int, first: Double, secondRoot: Double)?) {
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
        let adaptive = kind == .adam || kind == .adamw
        let (correction1, correction2Root) = adaptive ? corrections(step: state.step, cache: &cache) : (1, 1)
        let stepSize = lr / correction1
        let kind = self.kind
        var g = gradient
        if decay != 0, !decoupled {
            g = Kernels.zip(gradient, p) { g, p in g.addingProduct(p, decay) }
        }
        p.withUnsafeMutableBufferPointer { p in
            g.withUnsafeBufferPointer { g in
                first.withUnsafeMutableBufferPointer { m in
                    second.withUnsafeMutableBufferPointer { v in
                        let p = p.baseAddress!, g = g.baseAddress!
                        switch kind {
                        case .sgd:
                            for i in 0..<n { p[i] = p[i].addingProduct(g[i], -lr) }
                        case .momentum, .nesterov:
                            let m = m.baseAddress!
                            if isFirstStep {
                                for i in 0..<n { m[i] = g[i] }
                            } else {
                                for i in 0..<n { m[i] = m[i] * mu + g[i] }
                            }
                            if kind == .nesterov {
                                for i in 0..<n { p[i] = p[i].addingProduct(g[i].addingProduct(m[i], mu), -lr) }
                            } else {
                                for i in 0..<n { p[i] = p[i].addingProduct(m[i], -lr) }
                            }
                        case .rmsprop:
                            let v = v.baseAddress!
                            let rest = 1 - alpha
                            var i = 0
                            while i &+ 4 <= n {
                                let gi = SIMD4(load: g + i)
                                let average = (SIMD4(load: v + i) * alpha).addingProduct(rest * gi, gi)
                                average.store(to: v + i)
                                (SIMD4(load: p + i) + (-lr * gi) / (average.squareRoot() + eps)).store(to: p + i)
                                i &+= 4
                            }
                            while i < n {
                                let average = (v[i] * alpha).addingProduct(rest * g[i], g[i])
                                v[i] = average
                                p[i] = p[i] + (-lr * g[i]) / (average.squareRoot() + eps)
                                i &+= 1
                            }
                        case .adam, .adamw:
                            let m = m.baseAddress!, v = v.baseAddress!
                            if decoupled {
                                let shrink = 1 - lr * decay
                                for i in 0..<n { p[i] = p[i] * shrink }
                            }
                            let w1 = 1 - b1, rest2 = 1 - b2, negativeStep = -stepSize
                            var i = 0
                            while i &+ 4 <= n {
                                let gi = SIMD4(load: g + i), mi = SIMD4(load: m + i), vi = SIMD4(load: v + i)
                                let mean = mi.addingProduct(w1, gi - mi)
                                let square = (vi * b2).addingProduct(rest2 * gi, gi)
                                mean.store(to: m + i)
                                square.store(to: v + i)
                                let update = (negativeStep * mean) / (square.squareRoot() / correction2Root + eps)
                                (SIMD4(load: p + i) + update).store(to: p + i)
                                i &+= 4
                            }
                            while i < n {
                                let mean = m[i].addingProduct(w1, g[i] - m[i])
                                let square = (v[i] * b2).addingProduct(rest2 * g[i], g[i])
                                m[i] = mean
                                v[i] = square
                                p[i] = p[i] + (negativeStep * mean) / (square.squareRoot() / correction2Root + eps)
                                i &+= 1
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

extension SIMD4 where Scalar == Double {
    @inline(__always)
    init(load pointer: UnsafePointer<Double>) {
        self = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    init(load pointer: UnsafeMutablePointer<Double>) {
        self.init(load: UnsafePointer(pointer))
    }

    @inline(__always)
    func store(to pointer: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: SIMD4<Double>.self)
    }
}


/// One parameter's optimizer state as torch.optim's `optimizer.state[p]` names it:
/// `momentum_buffer` (momentum, nesterov); `step` and `square_avg` (rmsprop); `step`, `exp_avg` and
/// `exp_avg_sq` (adam, adamw). Plain SGD keeps nothing.
public struct OptimizerStateSnapshot: Equatable, Sendable {
    /// A named buffer, with as many values as the parameter.
    public struct Buffer: Equatable, Sendable {
        public let name: String
        public let values: [Double]
    }

    /// Updates taken (torch's `step`); nil for SGD with momentum, whose state has no step count.
    public let step: Int?
    /// The buffers in torch's order.
    public let buffers: [Buffer]

    init(kind: OptimizerKind, step: Int, first: [Double]?, second: [Double]?) {
        switch kind {
        case .sgd:
            self.step = nil
            buffers = []
        case .momentum, .nesterov:
            self.step = nil
            buffers = first.map { [Buffer(name: "momentum_buffer", values: $0)] } ?? []
        case .rmsprop:
            self.step = step
            buffers = second.map { [Buffer(name: "square_avg", values: $0)] } ?? []
        case .adam, .adamw:
            self.step = step
            buffers = [first.map { Buffer(name: "exp_avg", values: $0) }, second.map { Buffer(name: "exp_avg_sq", values: $0) }]
                .compactMap { $0 }
        }
    }

    /// The buffer named `name` (`"exp_avg"`, …), if this state has it.
    public subscript(name: String) -> [Double]? {
        buffers.first { $0.name == name }?.values
    }

    /// Whether there is nothing to show (plain SGD).
    public var isEmpty: Bool { step == nil && buffers.isEmpty }
}
