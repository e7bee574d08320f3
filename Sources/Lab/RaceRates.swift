import Grad

/// The learning rate a runner of `tinylab race` gets when `--lr` gives none: a rate at which its
/// optimizer shows what it is known for, rather than the scene's rate for a solo run.
///
/// - Where the loss is an exact quadratic (its stable bounds are known), SGD, momentum and Nesterov
///   each run at `boundFraction` of their own stable bound: the same margin for each, so the race
///   compares the methods and not the choice of rate. In a narrow valley momentum then wins by far;
///   in a round bowl (the parabola) its velocity overshoots and SGD wins.
/// - Adam, AdamW and RMSprop take steps of about lr in every parameter whatever the gradient's
///   scale, so where the optimum is known they run at the largest distance a parameter must travel
///   from the start to it, divided by `adaptiveStepsToOptimum` steps (or a quarter of the scene's
///   `max_steps` when that is fewer).
/// - Otherwise SGD keeps the scene's rate, momentum and Nesterov run at SGD's rate (their velocity
///   then takes steps up to 1/(1 − β) = 10 times longer), and the adaptive methods keep the scene's.
public enum RaceRates {
    public static let boundFraction = 0.25
    public static let adaptiveStepsToOptimum = 100.0

    /// The race's rate for every optimizer of `scene`, from a session at the race's start.
    public static func rates(for session: Session) -> [OptimizerKind: Double] {
        let analysis = session.quadraticAnalysis()
        let scene = session.scene.learningRates
        let start = session.flatParameterValues
        let steps = max(1, min(adaptiveStepsToOptimum, Double(session.scene.stop.maxSteps) / 4))
        var rates: [OptimizerKind: Double] = [:]
        for kind in OptimizerKind.allCases {
            rates[kind] = rate(for: kind, analysis: analysis, start: start, steps: steps, sceneRates: scene)
        }
        return rates
    }

    static func rate(for kind: OptimizerKind, analysis: QuadraticAnalysis, start: [Double], steps: Double,
                     sceneRates: [OptimizerKind: Double]) -> Double? {
        switch kind {
        case .sgd, .momentum, .nesterov:
            let defaults = Optimizer(kind, learningRate: 1)
            if let bound = analysis.stableLearningRate(for: defaults)?.bound, bound.isFinite, bound > 0 {
                return boundFraction * bound
            }
            return sceneRates[.sgd]
        case .rmsprop, .adam, .adamw:
            if let optimum = analysis.optimum?.parameters, optimum.count == start.count {
                let distance = zip(optimum, start).map { abs($0 - $1) }.max() ?? 0
                if distance.isFinite, distance > 0 { return distance / steps }
            }
            return sceneRates[kind]
        }
    }
}
