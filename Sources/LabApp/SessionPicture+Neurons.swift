import Lab
import Plot

extension SessionPicture {
    /// Samples of each neuron's map across and up: enough for two samples a cell of one map that
    /// fills the largest main panel.
    static let neuronColumns = 96
    static let neuronRows = 72

    /// The neurons view of a session: its first layer over the window of the decision map, with
    /// neuron `selected` (modulo the layer's size) written out; a note where there is no such layer.
    static func neurons(_ session: Session, selected: Int) -> NeuronsPicture {
        if let reason = session.neuronsUnavailableReason { return .unavailable(reason) }
        guard let (window, _) = planeWindow(session),
              let layer = session.firstLayer(at: planeGrid(window, columns: neuronColumns, rows: neuronRows)), !layer.neurons.isEmpty else {
            return .unavailable("the first layer could not be evaluated over the plane")
        }
        let output: NeuronsPicture.Output = switch layer.activation {
        case nil: .logit
        case .tanh?: .tanh
        case .relu?: .relu
        case .sigmoid?: .sigmoid
        case .linear?: .linear
        }
        let count = layer.neurons.count
        return NeuronsPicture(viewport: window, columns: neuronColumns, rows: neuronRows,
                              neurons: layer.neurons.map { NeuronsPicture.Neuron(weights: $0.weights, bias: $0.bias, values: $0.outputs) },
                              selected: ((selected % count) + count) % count, output: output, inputNames: layer.inputNames,
                              layers: layer.sizes.map(String.init).joined(separator: "-"))
    }
}
