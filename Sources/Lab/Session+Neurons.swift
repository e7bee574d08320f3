import Grad

/// The first layer of a layered model that classifies points of the plane, neuron by neuron: what
/// the neurons view draws.
public struct FirstLayer: Sendable {
    /// One neuron: its weights (one an input), its bias, and its output at each point asked for.
    public struct Neuron: Sendable {
        public var weights: [Double]
        public var bias: Double?
        public var outputs: [Double]
    }

    public var neurons: [Neuron]
    /// The names of the layer's inputs: `x1`, `x2`, or the features' formulas (`x1^2`).
    public var inputNames: [String]
    /// The activation after the layer (`tanh`), or nil when the layer is the model's last (its
    /// outputs are then the logits).
    public var activation: ModelSpec.Activation?
    /// The layer sizes, input to output.
    public var sizes: [Int]
}

/// Why the neurons view cannot draw a scene of this data and model, or nil when it can, in the
/// words the lab, the command line and the scene and lesson loaders all use. The view maps a
/// layered model's first layer over the plane of the data's input columns (features included).
enum NeuronsView {
    static func unavailableReason(data: DataSpec?, model: ModelSpec) -> String? {
        guard case .layers = model else {
            return "the neurons view draws the first layer of a layered model (layers = [2, 8, 1]); this model is a formula"
        }
        let shape = data?.inputs.shape ?? []
        let width = shape.count == 2 ? shape[1] : (shape.isEmpty ? 0 : 1)
        guard width != 2 else { return nil }
        return "the neurons view maps each neuron over the plane of two inputs, x1 and x2; this scene's data is not 2-D "
            + (width == 0 ? "(it has no data)" : "(\(width) input\(width == 1 ? "" : "s") a point)")
    }
}

extension Session {
    /// Why the neurons view has nothing to draw for this scene, or nil when it has.
    public var neuronsUnavailableReason: String? { NeuronsView.unavailableReason(data: scene.data, model: scene.model) }

    /// The first layer's neurons at `points` (x1, x2 pairs), at the current parameters; nil when
    /// `neuronsUnavailableReason` says why not.
    public func firstLayer(at points: [Double]) -> FirstLayer? {
        guard neuronsUnavailableReason == nil, points.count % 2 == 0, case .layers(let sizes, let activation, _) = scene.model else { return nil }
        var grid = Tensor(points, shape: [points.count / 2, 2])
        if let features = scene.data?.features { grid = TrainingData.features(features, of: grid) }
        guard let layer = modelFirstLayer(grid) else { return nil }
        let count = points.count / 2, width = layer.weight.shape[1], outputs = layer.weight.shape[0]
        let weights = layer.weight.data, values = layer.outputs.data
        var neurons: [FirstLayer.Neuron] = []
        for j in 0..<outputs {
            var column = [Double](repeating: 0, count: count)
            for row in 0..<count { column[row] = values[row * outputs + j] }
            neurons.append(FirstLayer.Neuron(weights: Array(weights[(j * width)..<((j + 1) * width)]), bias: layer.bias?.data[j],
                                             outputs: column))
        }
        let names = scene.data?.features?.map(\.formulaText) ?? ["x1", "x2"]
        return FirstLayer(neurons: neurons, inputNames: names, activation: layer.activated ? activation : nil, sizes: sizes)
    }
}
