/// The pictures the lab's main panel can show (keys 1–5, v for the next; `--view` picks the first
/// and the one `--snapshot` prints). The loss panel and the status line stay in every view.
public enum LabView: String, CaseIterable, Sendable {
    /// The data and the model's curve (or the parabola, or the parity plot).
    case fit
    /// The loss over a 2-D slice through parameter space, with the optimizer's path.
    case landscape
    /// Each parameter's value, gradient and optimizer state, and the update rule with numbers.
    case optimizer
    /// The last step's autograd graph as a text tree.
    case graph
    /// Each neuron of a net's first layer as a map over the plane (2-D classification scenes).
    case neurons

    /// The view after this one (v).
    public var next: LabView {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
