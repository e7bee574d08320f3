import Grad

/// The last optimizer update of a session: Δθ = θ after − θ before for every parameter value, the
/// first value before the update (exactly: `after − change` may round differently), and the
/// learning rate the update used (a person may change it after the step).
public struct LastUpdate: Sendable {
    /// θ after − θ before, one array per parameter, in `Session.parameters` order; empty when the
    /// session did not record them (a large model outside the optimizer view).
    public let changes: [[Double]]
    /// The first parameter's first value before the update.
    public let firstValueBefore: Double
    public let learningRate: Double

    /// Models with at most this many parameter values record their changes at every step. Beyond
    /// it the copy and subtraction cost a measurable share of a step (two-layer-net, 101 110
    /// values: about 7 % of headless time), so they are recorded only while the optimizer view is shown.
    public static let alwaysRecordedValues = 10_000

    static func isSmall(_ parameters: [Tensor]) -> Bool {
        parameters.reduce(0) { $0 + $1.count } <= alwaysRecordedValues
    }

    /// Copies the parameters' values into `changes`, reusing its arrays when their sizes match (so
    /// a training step allocates nothing here once the first step is taken).
    static func copyValues(of parameters: [Tensor], into changes: inout [[Double]]) {
        guard changes.count == parameters.count, zip(changes, parameters).allSatisfy({ $0.count == $1.count }) else {
            changes = parameters.map(\.data)
            return
        }
        for index in changes.indices {
            changes[index].withUnsafeMutableBufferPointer { target in
                parameters[index].data.withUnsafeBufferPointer { source in
                    _ = target.update(fromContentsOf: source)
                }
            }
        }
    }

    /// Turns the values before the update in `changes` into after − before.
    static func subtract(from parameters: [Tensor], into changes: inout [[Double]]) {
        for index in changes.indices {
            changes[index].withUnsafeMutableBufferPointer { change in
                parameters[index].data.withUnsafeBufferPointer { after in
                    for i in 0..<change.count { change[i] = after[i] - change[i] }
                }
            }
        }
    }
}
