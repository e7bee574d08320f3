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

    /// Updates every parameter that has a gradient, in place. Returns whether every parameter was
    /// updated and all its values are now finite and at most `limit` in magnitude, checked in the
    /// update's own pass (false only says that a caller who cares must look).
    @discardableResult
    public mutating func step(_ parameters: [Tensor], limit: Double = .infinity) -> Bool {
        var corrections: (step: Int, first: Double, secondRoot: Double)?
        var within = true
        let limit = Swift.min(limit, .greatestFiniteMagnitude)  // an infinity is never within
        for position in parameters.indices {
            let parameter = parameters[position]
            guard let grad = parameter.grad else {
                within = false
                continue
            }
            let index = stateIndex(of: parameter, at: position)
            // Moved out and back, so the state's buffers stay uniquely held and update in place.
            var state = ParameterState(id: parameter.id)
            swap(&state, &states[index])
            if !update(parameter, gradient: grad, state: &state, cache: &corrections, limit: limit) { within = false }
            swap(&state, &states[index])
        }
        return within
    }

    /// Where `parameter`'s state is (made on its first update); `position` is where it usually is.
    private mutating func stateIndex(of parameter: Tensor, at position: Int) -> Int {
        if position < states.count, states[position].id == parameter.id { return position }
        if let found = stateIndex[parameter.id] { return found }
        states.append(ParameterState(id: parameter.id))
        stateIndex[parameter.id] = states.count - 1
        return states.count - 1
    }

    /// What the optimizer keeps for `parameter` after the updates so far, by torch.optim's names;
    /// nil before its first update. Read-only: the values are exactly the ones the next update uses.
    public func state(of parameter: Tensor) -> OptimizerStateSnapshot? {
        guard let index = stateIndex[parameter.id], states[index].step > 0 else { return nil }
        let state = states[index]
        return OptimizerStateSnapshot(kind: kind, step: state.step, first: state.first, second: state.second)
    }

    /// Gives `parameter` (usually at `position` in the parameters `step` is passed) the state a
    /// `state(of:)` snapshot showed, by torch.optim's names (`momentum_buffer`, `square_avg`,
    /// `exp_avg`, `exp_avg_sq`), after `step` updates: the next update goes on exactly as it would
    /// have. A buffer this optimizer does not keep, or of the wrong length, is ignored.
    public mutating func restoreState(of parameter: Tensor, at position: Int, step: Int, buffers: [String: [Double]]) {
        let index = stateIndex(of: parameter, at: position)
        let n = parameter.count
        func buffer(_ name: String) -> [Double]? { buffers[name].flatMap { $0.count == n ? $0 : nil } }
        var state = ParameterState(id: parameter.id)
        state.step = max(step, 1)
        switch kind {
        case .sgd: break
        case .momentum, .nesterov: state.first = buffer("momentum_buffer")
        case .rmsprop: state.second = buffer("square_avg")
        case .adam, .adamw:
            state.first = buffer("exp_avg")
            state.second = buffer("exp_avg_sq")
        }
        states[index] = state
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

    /// One update of `parameter` in place, element by element, in PyTorch's order of operations.
    private func update(_ parameter: Tensor, gradient: Tensor, state: inout ParameterState,
                        cache: inout (step: Int, first: Double, secondRoot: Double)?, limit: Double) -> Bool {
        state.step += 1
        let isFirstStep = state.first == nil
        let n = parameter.count
        if state.first == nil, kind != .sgd, kind != .rmsprop { state.first = [Double](repeating: 0, count: n) }
        if state.second == nil, kind == .rmsprop || kind == .adam || kind == .adamw { state.second = [Double](repeating: 0, count: n) }
        // L2 weight decay (not AdamW's) updates with `grad + decay * param` in place of the gradient.
        let decayed = weightDecay != 0 && kind != .adamw
            ? Kernels.zip(gradient.data, parameter.data) { [weightDecay] g, p in g.addingProduct(p, weightDecay) } : nil
        let step = state.step
        var within = false
        Self.withBuffers(of: parameter, gradient: decayed ?? gradient.data, state: &state) { buffers in
            switch kind {
            case .sgd: within = sgd(buffers, limit: limit)
            case .momentum, .nesterov: within = momentum(buffers, isFirstStep: isFirstStep, limit: limit)
            case .rmsprop: within = rmsprop(buffers, limit: limit)
            case .adam, .adamw: within = adam(buffers, corrections: corrections(step: step, cache: &cache), limit: limit)
            }
        }
        return within
    }

    /// The storage an update rule works on, `count` values each: the parameter, its gradient and
    /// the rule's two state buffers (nil for a buffer the rule does not keep).
    private struct UpdateBuffers {
        let p: UnsafeMutablePointer<Double>
        let g: UnsafePointer<Double>
        let first: UnsafeMutablePointer<Double>?
        let second: UnsafeMutablePointer<Double>?
        let count: Int
    }

    /// Calls `body` with the buffers of `parameter`, `gradient` and `state` (in place).
    private static func withBuffers(of parameter: Tensor, gradient: [Double], state: inout ParameterState,
                                    _ body: (UpdateBuffers) -> Void) {
        parameter.data.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in
                withBuffer(&state.first) { m in
                    withBuffer(&state.second) { v in
                        body(UpdateBuffers(p: p.baseAddress!, g: g.baseAddress!, first: m, second: v, count: p.count))
                    }
                }
            }
        }
    }

    private static func withBuffer(_ buffer: inout [Double]?, _ body: (UnsafeMutablePointer<Double>?) -> Void) {
        if buffer == nil { return body(nil) }
        buffer!.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }

    /// torch.optim.sgd's `_single_tensor_sgd` without momentum: `param.add_(grad, alpha=-lr)`.
    private func sgd(_ b: UpdateBuffers, limit: Double) -> Bool {
        tl_sgd(b.p, b.g, learningRate, limit, b.count) != 0
    }

    /// torch.optim.sgd's `_single_tensor_sgd` with momentum: `buf.mul_(momentum).add_(grad)` (buf = grad
    /// at first), then `param.add_(buf, alpha=-lr)`, or with nesterov `param.add_(grad.add(buf, alpha=momentum), alpha=-lr)`.
    private func momentum(_ b: UpdateBuffers, isFirstStep: Bool, limit: Double) -> Bool {
        tl_momentum(b.p, b.g, b.first, momentum, learningRate, isFirstStep ? 1 : 0, kind == .nesterov ? 1 : 0, limit, b.count) != 0
    }

    /// torch.optim.rmsprop's `_single_tensor_rmsprop` (not centered, no momentum).
    private func rmsprop(_ b: UpdateBuffers, limit: Double) -> Bool {
        tl_rmsprop(b.p, b.g, b.second, alpha, learningRate, epsilon, limit, b.count) != 0
    }

    /// torch.optim.adam's `_single_tensor_adam` (no amsgrad); AdamW's (adamw.py, `_single_tensor_adamw`)
    /// first does `param.mul_(1 - lr * weight_decay)`.
    private func adam(_ b: UpdateBuffers, corrections: (first: Double, secondRoot: Double), limit: Double) -> Bool {
        let shrink = kind == .adamw ? 1 - learningRate * weightDecay : 1
        return tl_adam(b.p, b.g, b.first, b.second, beta1, beta2, learningRate / corrections.first, corrections.secondRoot, epsilon,
                       shrink, limit, b.count) != 0
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
