import Foundation
import Grad
import Lab
import Plot

extension SessionPicture {
    /// The optimizer view of `session` (see `OptimizerPicture`): the rule of its optimizer, the
    /// last update's numbers, and per parameter θ, the gradient the last update used, the state the
    /// optimizer keeps (bias-corrected too, for Adam), Δθ and |Δθ|/|g|.
    func optimizerTable(_ session: Session) -> OptimizerPicture {
        let optimizer = session.optimizer
        let kind = optimizer.kind
        let tensors = session.parameters.map(\.tensor)
        let states = tensors.map { optimizer.state(of: $0) }
        let step = states.lazy.compactMap { $0?.step }.first
        let corrections = step.map { t in (1 - pow(optimizer.beta1, Double(t)), 1 - pow(optimizer.beta2, Double(t))) }
        let update = session.lastUpdate
        let gradients = update == nil ? [] : session.gradients

        let bufferNames: [String] = switch kind {
        case .sgd: []
        case .momentum, .nesterov: ["momentum_buffer"]
        case .rmsprop: ["square_avg"]
        case .adam, .adamw: ["exp_avg", "exp_avg_sq"]
        }
        let corrected = kind == .adam || kind == .adamw
        var columns = [OptimizerPicture.Column(name: "θ", rank: 0), .init(name: "g", rank: 2)]
        columns += bufferNames.map { .init(name: $0, rank: 3) }
        if corrected { columns += [.init(name: "m̂", rank: 5), .init(name: "v̂", rank: 5)] }
        columns += [.init(name: "Δθ", rank: 1), .init(name: "|Δθ|/|g|", rank: 4)]

        /// The values of each column for parameter `index`, element by element (nil where unknown).
        func series(_ index: Int) -> [[Double]?] {
            let state = states[index]
            var result: [[Double]?] = [tensors[index].data, index < gradients.count ? gradients[index] : nil]
            result += bufferNames.map { state?[$0] }
            if corrected {
                let m = state?["exp_avg"], v = state?["exp_avg_sq"]
                result.append(corrections.flatMap { c in m.map { $0.map { $0 / c.0 } } })
                result.append(corrections.flatMap { c in v.map { $0.map { $0 / c.1 } } })
            }
            result.append(update.flatMap { index < $0.changes.count ? $0.changes[index] : nil })
            return result
        }

        var rows: [OptimizerPicture.Row] = []
        let scalars = session.hasScalarParameters
        for (index, named) in session.parameters.enumerated() {
            let values = series(index)
            let change = values.last ?? nil, gradient = values[1]
            if scalars {
                var row = values.map { $0?.first }
                row.append(Self.ratio(change.map { abs($0[0]) }, gradient.map { abs($0[0]) }))
                rows.append(.init(name: named.name, values: row))
            } else {
                var norms = values.map { $0.map(l2Norm) }
                norms.append(Self.ratio(change.map(l2Norm), gradient.map(l2Norm)))
                var means = values.map { $0.map(Self.mean) }
                means.append(nil)
                rows.append(.init(name: "‖\(named.name)‖", values: norms))
                rows.append(.init(name: "  mean", values: means, isSecondary: true))
            }
        }
        var picture = OptimizerPicture(optimizer: kind.displayName, step: step, rule: Self.rule(optimizer),
                                       lastStep: Self.stepNumbers(session, states.first ?? nil, corrections),
                                       columns: columns, rows: rows,
                                       note: scalars ? nil : "tensors: ‖·‖ L2 norm, then the mean")
        if let stable = session.stableLearningRate {
            picture.stability = "stable while lr < \(NumberFormat.significant(stable.bound, digits: 4, keepTrailingZeros: false)): "
                + stable.explanation
        }
        return picture
    }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    private static func ratio(_ change: Double?, _ gradient: Double?) -> Double? {
        guard let change, let gradient, gradient != 0 else { return nil }
        return change / gradient
    }

    /// The update rule of `optimizer` with its constants, as torch.optim computes it.
    static func rule(_ optimizer: Optimizer) -> [String] {
        let mu = number(optimizer.momentum), eps = NumberFormat.learningRate(optimizer.epsilon)
        switch optimizer.kind {
        case .sgd:
            return ["θ ← θ − lr·g"]
        case .momentum:
            return ["buf ← \(mu)·buf + g  (first step: buf ← g)", "θ ← θ − lr·buf", "buf: momentum_buffer"]
        case .nesterov:
            return ["buf ← \(mu)·buf + g  (first step: buf ← g)", "θ ← θ − lr·(g + \(mu)·buf)", "buf: momentum_buffer"]
        case .rmsprop:
            let alpha = number(optimizer.alpha), rest = number(1 - optimizer.alpha)
            return ["v ← \(alpha)·v + \(rest)·g²  (v: square_avg)", "θ ← θ − lr·g/(√v + \(eps))"]
        case .adam, .adamw:
            let b1 = number(optimizer.beta1), b2 = number(optimizer.beta2)
            let decay = optimizer.kind == .adamw ? "·(1 − lr·\(number(optimizer.weightDecay)))" : ""
            return ["m ← \(b1)·m + \(number(1 - optimizer.beta1))·g  (m: exp_avg)",
                    "v ← \(b2)·v + \(number(1 - optimizer.beta2))·g²  (v: exp_avg_sq)",
                    "m̂ = m/(1 − \(b1)ᵗ)  v̂ = v/(1 − \(b2)ᵗ)",
                    "θ ← θ\(decay) − lr·m̂/(√v̂ + \(eps))"]
        }
    }

    private static func number(_ value: Double) -> String {
        NumberFormat.significant(value, digits: 4, keepTrailingZeros: false)
    }

    /// The last update of the first parameter's first value, from the numbers the engine used.
    private static func stepNumbers(_ session: Session, _ state: OptimizerStateSnapshot?,
                                    _ corrections: (Double, Double)?) -> OptimizerPicture.StepNumbers? {
        guard let update = session.lastUpdate, let first = session.parameters.first,
              let after = first.tensor.data.first, let rawGradient = session.gradients.first?.first else { return nil }
        let optimizer = session.optimizer
        let before = update.firstValueBefore
        let decoupled = optimizer.kind == .adamw
        let g = optimizer.weightDecay != 0 && !decoupled ? rawGradient.addingProduct(before, optimizer.weightDecay) : rawGradient
        let kind: OptimizerPicture.StepNumbers.Update
        switch optimizer.kind {
        case .sgd:
            kind = .direction(g)
        case .momentum:
            guard let buffer = state?["momentum_buffer"]?.first else { return nil }
            kind = .direction(buffer)
        case .nesterov:
            guard let buffer = state?["momentum_buffer"]?.first else { return nil }
            kind = .nesterov(gradient: g, momentum: optimizer.momentum, buffer: buffer)
        case .rmsprop:
            guard let average = state?["square_avg"]?.first else { return nil }
            kind = .rmsprop(gradient: g, squareAverage: average, epsilon: optimizer.epsilon)
        case .adam, .adamw:
            guard let m = state?["exp_avg"]?.first, let v = state?["exp_avg_sq"]?.first, let corrections else { return nil }
            kind = .adam(mHat: m / corrections.0, vHat: v / corrections.1, epsilon: optimizer.epsilon,
                         decay: decoupled ? optimizer.weightDecay : nil)
        }
        let name = first.tensor.count == 1 ? first.name
            : first.name + "[" + Array(repeating: "0", count: max(1, first.tensor.rank)).joined(separator: ",") + "]"
        return .init(parameter: name, before: before, learningRate: update.learningRate, update: kind, after: after)
    }
}
