import CGradKernels
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
    private func corrections(step t: Int, cache: inout (step: Int, first: Double, secondRoot: Double)?) -> (first: Double, secondRoot: Double) {
        if let cached = cache, cached.step == t { return (cached.first, cached.secondRoot) }
        let first = 1 - Foundation.pow(beta1, Double(t))
        let secondRoot = Foundation.pow(1 - Foundation.pow(beta2, Double(t)), 0.5)
        cache = (t, first, secondRoot)
        return (first, secondRoot)
    }

    /// One update of `p` in place, element by element, in PyTorch's order of operations.
    private func update(_ p: inout [Double], gradient: [Double], state: inout ParameterState,
                        cache: inout (step: Int, first: Double, secondRoot: Double)?) {
        state.step += 1
        let usesFirst = kind != .sgd && kind != .rmsprop
        let usesSecond = kind == .rmsprop || kind == .adam || kind == .adamw
        let isFirstStep = state.first == nil
        var first = state.first ?? (usesFirst ? [Double](repeating: 0, count: p.count) : [])
        var second = state.second ?? (usesSecond ? [Double](repeating: 0, count: p.count) : [])
        state.first = nil
        state.second = nil
        var g = gradient
        if weightDecay != 0, kind != .adamw {
            let decay = weightDecay
            g = Kernels.zip(gradient, p) { g, p in g.addingProduct(p, decay) }
        }
        let step = state.step
        Self.withBuffers(&p, g, &first, &second) { p, g, m, v, n in
            switch kind {
            case .sgd: sgd(p, g, n)
            case .momentum, .nesterov: momentum(p, g, m, n, isFirstStep: isFirstStep)
            case .rmsprop: rmsprop(p, g, v, n)
            case .adam, .adamw: adam(p, g, m, v, n, corrections: corrections(step: step, cache: &cache))
            }
        }
        if usesFirst { state.first = first }
        if usesSecond { state.second = second }
    }

    /// Calls `body` with the storage of the parameter, the gradient and the two state buffers (nil
    /// for a buffer the rule does not keep) and the number of values.
    private static func withBuffers(_ p: inout [Double], _ g: [Double], _ first: inout [Double], _ second: inout [Double],
                                    _ body: (UnsafeMutablePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>?,
                                             UnsafeMutablePointer<Double>?, Int) -> Void) {
        let n = p.count
        p.withUnsafeMutableBufferPointer { p in
            g.withUnsafeBufferPointer { g in
                first.withUnsafeMutableBufferPointer { m in
                    second.withUnsafeMutableBufferPointer { v in body(p.baseAddress!, g.baseAddress!, m.baseAddress, v.baseAddress, n) }
                }
            }
        }
    }

    /// torch.optim.sgd's `_single_tensor_sgd` without momentum: `param.add_(grad, alpha=-lr)`.
    private func sgd(_ p: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ n: Int) {
        tl_sgd(p, g, learningRate, n)
    }

    /// `_single_tensor_sgd` with momentum: `buf.mul_(momentum).add_(grad)` (buf = grad at first), then
    /// `param.add_(buf, alpha=-lr)`, or with nesterov `param.add_(grad.add(buf, alpha=momentum), alpha=-lr)`.
    private func momentum(_ p: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ buffer: UnsafeMutablePointer<Double>?,
                          _ n: Int, isFirstStep: Bool) {
        tl_momentum(p, g, buffer, momentum, learningRate, isFirstStep ? 1 : 0, kind == .nesterov ? 1 : 0, n)
    }

    /// torch.optim.rmsprop's `_single_tensor_rmsprop` (not centered, no momentum).
    private func rmsprop(_ p: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ v: UnsafeMutablePointer<Double>?, _ n: Int) {
        tl_rmsprop(p, g, v, alpha, learningRate, epsilon, n)
    }

    /// torch.optim.adam's `_single_tensor_adam` (no amsgrad); AdamW's (`adamw.py`) first does
    /// `param.mul_(1 - lr * weight_decay)`.
    private func adam(_ p: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ m: UnsafeMutablePointer<Double>?,
                      _ v: UnsafeMutablePointer<Double>?, _ n: Int, corrections: (first: Double, secondRoot: Double)) {
        let shrink = kind == .adamw ? 1 - learningRate * weightDecay : 1
        tl_adam(p, g, m, v, beta1, beta2, learningRate / corrections.first, corrections.secondRoot, epsilon, shrink, n)
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
