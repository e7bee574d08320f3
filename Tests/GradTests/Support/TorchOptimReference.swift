import Foundation
import Grad

/// torch.optim's update rules (SGD with optional momentum/Nesterov, RMSprop, Adam, AdamW), transcribed
/// straight from PyTorch's single-tensor implementations in float64, one parameter tensor at a time.
/// Written independently of the engine's `Optimizer`, in the plainest form of each formula.
struct TorchOptimReference {
    enum Rule { case sgd, momentum, nesterov, rmsprop, adam, adamw }

    let rule: Rule
    var lr: Double
    var weightDecay: Double
    let momentum = 0.9
    let alpha = 0.99
    let beta1 = 0.9, beta2 = 0.999
    let eps = 1e-8

    private var step = 0
    private var buffer: [Double]?      // SGD momentum_buffer
    private var squareAverage: [Double]?  // RMSprop square_avg
    private var expAvg: [Double]?, expAvgSq: [Double]?  // Adam

    init(_ rule: Rule, lr: Double, weightDecay: Double? = nil) {
        self.rule = rule
        self.lr = lr
        self.weightDecay = weightDecay ?? (rule == .adamw ? 0.01 : 0)
    }

    init(matching kind: OptimizerKind, lr: Double, weightDecay: Double? = nil) {
        let rule: Rule = switch kind {
        case .sgd: .sgd
        case .momentum: .momentum
        case .nesterov: .nesterov
        case .rmsprop: .rmsprop
        case .adam: .adam
        case .adamw: .adamw
        }
        self.init(rule, lr: lr, weightDecay: weightDecay)
    }

    mutating func update(_ param: inout [Double], grad: [Double]) {
        step += 1
        var g = grad
        let n = param.count
        // grad = grad.add(param, alpha=weight_decay)   (all but AdamW)
        if weightDecay != 0 && rule != .adamw {
            for i in 0..<n { g[i] = g[i] + weightDecay * param[i] }
        }
        switch rule {
        case .sgd:
            for i in 0..<n { param[i] = param[i] - lr * g[i] }
        case .momentum, .nesterov:
            // buf = clone(grad) on the first step, else buf.mul_(momentum).add_(grad)
            var buf = buffer ?? g
            if buffer != nil { for i in 0..<n { buf[i] = buf[i] * momentum + g[i] } }
            buffer = buf
            for i in 0..<n {
                let direction = rule == .nesterov ? g[i] + momentum * buf[i] : buf[i]
                param[i] = param[i] - lr * direction
            }
        case .rmsprop:
            // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
            // param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
            var v = squareAverage ?? [Double](repeating: 0, count: n)
            for i in 0..<n {
                v[i] = alpha * v[i] + (1 - alpha) * g[i] * g[i]
                param[i] = param[i] - lr * g[i] / (v[i].squareRoot() + eps)
            }
            squareAverage = v
        case .adam, .adamw:
            // AdamW: param.mul_(1 - lr * weight_decay)
            if rule == .adamw { for i in 0..<n { param[i] = param[i] * (1 - lr * weightDecay) } }
            var m = expAvg ?? [Double](repeating: 0, count: n)
            var v = expAvgSq ?? [Double](repeating: 0, count: n)
            let t = Double(step)
            let biasCorrection1 = 1 - pow(beta1, t)
            let biasCorrection2 = 1 - pow(beta2, t)
            let stepSize = lr / biasCorrection1
            for i in 0..<n {
                m[i] = m[i] + (1 - beta1) * (g[i] - m[i])     // exp_avg.lerp_(grad, 1 - beta1)
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                let denominator = v[i].squareRoot() / biasCorrection2.squareRoot() + eps
                param[i] = param[i] - stepSize * m[i] / denominator
            }
            expAvg = m
            expAvgSq = v
        }
    }
}
