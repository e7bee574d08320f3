import Lab
import Plot

extension SessionPicture {
    /// Where the loss is an exact quadratic of the parameters: the stable learning rate and the
    /// gap to the optimum in the status line, L* on the loss panel and, in a fit, the optimum's curve
    /// drawn faintly behind the model's.
    func addOptimum(_ session: Session, to picture: inout LabPicture) {
        picture.status.stableLearningRate = session.stableLearningRate?.bound
        guard let optimum = session.quadraticAnalysis().optimum else { return }
        picture.optimumLoss = optimum.loss
        if picture.status.loss.isFinite { picture.status.gapToOptimum = max(0, picture.status.loss - optimum.loss) }
        if case let .fit(_, curve, _, _, _) = picture.main,
           let ys = session.modelValues(at: curve.xs, flatParameters: optimum.parameters) {
            picture.optimumCurve = XYPoints(xs: curve.xs, ys: ys)
        }
    }
}
