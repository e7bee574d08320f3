import Foundation

/// A learning-rate schedule as torch.optim.lr_scheduler runs it: an optional linear warmup
/// (`LinearLR` to a factor of 1) chained before an optional decay (`StepLR`, `ExponentialLR`,
/// `CosineAnnealingLR`), as `ChainedScheduler([warmup, decay])` steps them. Each rate comes from
/// the one before by PyTorch's chainable (recursive) forms, operation for operation, not from the
/// closed forms (they differ in the last bits), so the rates are torch's to the bit after the same
/// number of `scheduler.step()` calls. Being recursive, a rate set by hand between steps is where
/// the schedule goes on from, as when a torch loop assigns `param_group["lr"]`.
public struct LearningRateSchedule: Equatable, Sendable {
    public enum Decay: Equatable, Sendable {
        /// `StepLR(step_size, gamma)`: × gamma every `size` steps.
        case step(size: Int, gamma: Double)
        /// `ExponentialLR(gamma)`: × gamma every step.
        case exponential(gamma: Double)
        /// `CosineAnnealingLR(T_max, eta_min)`: half a cosine from the base rate down to `etaMin`
        /// over `tMax` steps, and back up over the next `tMax`.
        case cosine(tMax: Int, etaMin: Double)
    }

    /// `LinearLR(start_factor, end_factor = 1, total_iters = steps)`.
    public struct Warmup: Equatable, Sendable {
        public var steps: Int
        public var startFactor: Double
        public init(steps: Int, startFactor: Double = 1.0 / 3) {
            self.steps = steps
            self.startFactor = startFactor
        }
    }

    public var warmup: Warmup?
    public var decay: Decay?

    public init(warmup: Warmup? = nil, decay: Decay? = nil) {
        self.warmup = warmup
        self.decay = decay
    }

    /// The rate of the first step, from the optimizer's rate `base`: the schedulers' construction
    /// (only the warmup changes it, to `base · start_factor`).
    public func startingRate(_ base: Double) -> Double {
        warmup.map { base * $0.startFactor } ?? base
    }

    /// The rate after `epoch` scheduler steps (epoch ≥ 1, one per optimizer step), from `rate`, the
    /// rate of the step just taken; `base` is the rate the schedule started from (cosine's
    /// `base_lr`, the optimizer's rate before the warmup's factor).
    public func rate(after rate: Double, epoch: Int, base: Double) -> Double {
        var lr = rate
        if let warmup { lr = Self.linear(lr, epoch: epoch, warmup) }
        if let decay { lr = Self.decayed(lr, epoch: epoch, decay, base: base) }
        return lr
    }

    /// `LinearLR.get_lr` past its first step.
    private static func linear(_ lr: Double, epoch: Int, _ warmup: Warmup) -> Double {
        guard epoch <= warmup.steps else { return lr }
        let start = warmup.startFactor, end = 1.0
        return lr * (1.0 + (end - start) / (Double(warmup.steps) * start + Double(epoch - 1) * (end - start)))
    }

    /// `StepLR`, `ExponentialLR` and `CosineAnnealingLR.get_lr` past their first step.
    private static func decayed(_ lr: Double, epoch: Int, _ decay: Decay, base: Double) -> Double {
        switch decay {
        case .step(let size, let gamma):
            return epoch % size != 0 ? lr : lr * gamma
        case .exponential(let gamma):
            return lr * gamma
        case .cosine(let tMax, let etaMin):
            if (epoch - 1 - tMax) % (2 * tMax) == 0 {
                return lr + (base - etaMin) * (1 - cos(Double.pi / Double(tMax))) / 2
            }
            return (1 + cos(Double.pi * Double(epoch) / Double(tMax))) / (1 + cos(Double.pi * Double(epoch - 1) / Double(tMax)))
                * (lr - etaMin) + etaMin
        }
    }
}
