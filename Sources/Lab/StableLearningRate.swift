import Grad

/// The largest learning rate at which an optimizer still converges on a quadratic loss with
/// Hessian H, from the classical eigen-analysis, and where the bound comes from.
///
/// On L(θ) = L* + ½(θ − θ*)ᵀH(θ − θ*) the gradient is H(θ − θ*), so every rule below acts on each
/// eigen-direction of H separately: with x the distance to θ* along an eigenvector of eigenvalue λ,
/// g = λx. Write a = lr·λ and β for the momentum (0.9 in tinylab). A rule converges iff every
/// direction does; the largest eigenvalue λmax binds, so each bound reads lr < c/λmax.
///
/// - **Plain gradient descent** (torch.optim.SGD): x ← x − a·x = (1 − a)·x. It shrinks iff
///   |1 − a| < 1, that is 0 < a < 2: **lr < 2/λmax**.
/// - **Heavy ball** (torch.optim.SGD with momentum: buf ← β·buf + g, p ← p − lr·buf): eliminating
///   buf gives x₊ = (1 + β − a)·x − β·x₋, whose characteristic polynomial is
///   z² − (1 + β − a)·z + β. Both roots lie inside the unit circle iff (Jury's test for
///   z² − T·z + D: |D| < 1 and |T| < 1 + D) |1 + β − a| < 1 + β, that is 0 < a < 2(1 + β):
///   **lr < 2(1 + β)/λmax**.
/// - **Nesterov** in torch's form (buf ← β·buf + g, p ← p − lr·(g + β·buf), with the new buf):
///   with u = lr·buf the step is the linear map (x, u) ↦ ((1 − a(1 + β))·x − β²·u, a·x + β·u),
///   whose trace is T = (1 + β)(1 − a) and determinant D = β(1 − a); its characteristic polynomial
///   is z² − (1 + β)(1 − a)·z + β(1 − a). Jury's conditions: 1 − T + D = a > 0;
///   1 + T + D = 2(1 + β) − a(1 + 2β) > 0, i.e. a < 2(1 + β)/(1 + 2β); and |D| < 1, i.e.
///   a < 1 + 1/β, which for 0 < β < 1 is weaker (1 + 1/β > 2 ≥ 2(1 + β)/(1 + 2β)). So
///   **lr < 2(1 + β)/((1 + 2β)·λmax)** — 1.357/λmax at β = 0.9, smaller than heavy ball's 3.8/λmax
///   because the look-ahead applies the gradient with weight 1 + β at once.
/// - **RMSprop, Adam, AdamW** divide by a running gradient scale, so the step is not linear in the
///   gradient and no such bound exists: `bound` returns nil.
///
/// A weight decay wd (L2 penalty added to the gradient) shifts every eigenvalue to λ + wd; the
/// bounds then use λmax + wd.
public struct StableLearningRate: Equatable, Sendable {
    /// Training converges for learning rates below this, and diverges above it.
    public let bound: Double
    /// One sentence: the rule, its bound and where the bound comes from.
    public let explanation: String

    /// The bound for `kind` on a quadratic whose Hessian has largest eigenvalue `largestEigenvalue`;
    /// nil for the adaptive optimizers, and when the largest eigenvalue (plus weight decay) is not
    /// positive (the loss then has no minimum and no rate converges).
    public static func bound(for kind: OptimizerKind, largestEigenvalue: Double, momentum beta: Double = 0.9,
                             weightDecay: Double = 0) -> StableLearningRate? {
        let lambda = largestEigenvalue + weightDecay
        guard lambda > 0, lambda.isFinite else { return nil }
        let shown = "λmax = \(Magnitude.short(lambda))"
        switch kind {
        case .sgd:
            return StableLearningRate(
                bound: 2 / lambda,
                explanation: "gradient descent multiplies the distance to the optimum along each eigenvector of the Hessian "
                    + "by 1 − lr·λ per step, which shrinks only if lr < 2/λmax (\(shown))")
        case .momentum:
            return StableLearningRate(
                bound: 2 * (1 + beta) / lambda,
                explanation: "heavy-ball momentum β = \(beta): per eigenvalue λ the roots of z² − (1 + β − lr·λ)z + β "
                    + "lie inside the unit circle only if lr < 2(1 + β)/λmax (\(shown))")
        case .nesterov:
            return StableLearningRate(
                bound: 2 * (1 + beta) / ((1 + 2 * beta) * lambda),
                explanation: "Nesterov momentum β = \(beta) (torch's form, step along g + β·buf): per eigenvalue λ, with "
                    + "a = lr·λ, the roots of z² − (1 + β)(1 − a)z + β(1 − a) lie inside the unit circle only if "
                    + "lr < 2(1 + β)/((1 + 2β)·λmax) (\(shown))")
        case .rmsprop, .adam, .adamw:
            return nil
        }
    }
}
