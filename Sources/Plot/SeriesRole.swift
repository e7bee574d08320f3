/// What a series on a chart stands for. The palette gives each role its own color and, for
/// terminals without color or without Unicode, a glyph of its own, so series stay apart by shape.
public enum SeriesRole: Hashable, Sendable, CaseIterable {
    /// Measured points (the data scatter).
    case data
    /// The points the model trains on, beside held-out ones (`heldOut`).
    case trainingData
    /// Points held out from training, drawn hollow.
    case heldOut
    /// The model's curve drawn over the data.
    case fit
    /// The function being minimized (parabola scene).
    case function
    /// The current point of an optimization.
    case point
    /// The points of earlier steps.
    case trail
    /// The tangent at the current point.
    case tangent
    /// The loss history.
    case loss
    /// The loss on the held-out points.
    case testLoss
    /// The loss curve of the run before the last reset, drawn faintly behind the current one.
    case ghost
    /// A scheduled learning rate's course, faint, on a scale of its own.
    case rate
    /// With mini-batches, the loss over every training row (the smooth curve beside the batches').
    case fullLoss
    /// A reference line such as y = x on a parity plot.
    case reference
    /// The optimum's curve, drawn faintly behind the fit.
    case optimum
}
