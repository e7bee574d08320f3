/// The neurons view: each neuron of a net's first layer as a small map of its output over the
/// plane, with its weights and bias, and the chosen neuron's formula with its numbers
/// (`h3 = tanh(0.83·x1 − 1.2·x2 + 0.05)`) (`MainPanel.neurons`).
public struct NeuronsPicture: Sendable {
    /// One neuron: a weight for each input, its bias, and its output at each sample.
    public struct Neuron: Hashable, Sendable {
        public var weights: [Double]
        public var bias: Double?
        /// The output at each sample, row by row from the bottom (as `DecisionMapPicture`).
        public var values: [Double]

        public init(weights: [Double], bias: Double?, values: [Double]) {
            self.weights = weights
            self.bias = bias
            self.values = values
        }
    }

    /// What follows the layer: the activation the maps show (their colour scale follows it), or
    /// `logit` when the layer is the model's last.
    public enum Output: String, Sendable {
        case tanh, relu, sigmoid, linear, logit
    }

    public var viewport: Viewport
    /// Samples across and up of every map (see `DecisionMapPicture.columns`).
    public var columns: Int
    public var rows: Int
    public var neurons: [Neuron]
    /// The neuron whose formula is written out (an index into `neurons`).
    public var selected: Int
    public var output: Output
    /// The names of the layer's inputs: `x1`, `x2`, or the features (`x1^2`).
    public var inputNames: [String]
    /// The net's layer sizes, `2-16-16-1`.
    public var layers: String
    /// Why there is nothing to draw, in place of the maps.
    public var note: String?

    public init(viewport: Viewport, columns: Int, rows: Int, neurons: [Neuron], selected: Int, output: Output,
                inputNames: [String], layers: String, note: String? = nil) {
        self.viewport = viewport
        self.columns = columns
        self.rows = rows
        self.neurons = neurons
        self.selected = selected
        self.output = output
        self.inputNames = inputNames
        self.layers = layers
        self.note = note
    }

    /// A picture with nothing to draw but `note`.
    public static func unavailable(_ note: String) -> NeuronsPicture {
        NeuronsPicture(viewport: Viewport(x: Scale(-1, 1), y: Scale(-1, 1)), columns: 0, rows: 0, neurons: [], selected: 0,
                       output: .linear, inputNames: [], layers: "", note: note)
    }

    /// Neuron `index`'s name: `h3` in a hidden layer, `z` (`z2` of several) for the model's outputs.
    public func name(_ index: Int) -> String {
        output == .logit ? (neurons.count == 1 ? "z" : "z\(index + 1)") : "h\(index + 1)"
    }

    /// Neuron `index` written out with its numbers: `h3 = tanh(0.83·x1 − 1.2·x2 + 0.05)`.
    public func formula(_ index: Int, unicode: Bool) -> String {
        guard neurons.indices.contains(index) else { return "" }
        let neuron = neurons[index]
        let (times, minus) = unicode ? ("·", "−") : ("*", "-")
        var text = ""
        func term(_ value: Double, _ name: String?) {
            let magnitude = NumberFormat.significant(Swift.abs(value), digits: 3, keepTrailingZeros: false)
            let body = name.map { magnitude + times + $0 } ?? magnitude
            if text.isEmpty { text = (value < 0 ? minus : "") + body } else { text += (value < 0 ? " \(minus) " : " + ") + body }
        }
        for (weight, input) in zip(neuron.weights, inputNames) { term(weight, input) }
        if let bias = neuron.bias { term(bias, nil) }
        let wrapped: String
        switch output {
        case .logit, .linear: wrapped = text
        case .sigmoid: wrapped = (unicode ? "σ(" : "sigmoid(") + text + ")"
        case .tanh, .relu: wrapped = "\(output.rawValue)(" + text + ")"
        }
        return "\(name(index)) = " + wrapped
    }

    /// Where `value` lies on the maps' colour scale: −1 … 1 around the activation's middle (0 for
    /// tanh, 0.5 for the sigmoid; ±the largest magnitude of any map for linear outputs), 0 … 1 for
    /// ReLU (0 to the largest output of any map).
    func position(_ value: Double, largest: Double) -> Double {
        guard value.isFinite else { return 0 }
        let t: Double
        switch output {
        case .tanh: t = value
        case .sigmoid: t = 2 * value - 1
        case .relu, .linear, .logit: t = largest > 0 ? value / largest : 0
        }
        return min(max(t, -1), 1)
    }

    /// The largest magnitude of any map's output (the scale of ReLU and linear maps).
    var largestMagnitude: Double {
        neurons.reduce(0) { partial, neuron in neuron.values.reduce(partial) { $1.isFinite ? Swift.max($0, Swift.abs($1)) : $0 } }
    }

    /// The sample nearest to (x, y), clamped to the grid: its index into a neuron's `values`.
    func sample(x: Double, y: Double) -> Int {
        let i = Int(((x - viewport.x.lower) / (viewport.x.upper - viewport.x.lower) * Double(columns)).rounded(.down))
        let j = Int(((y - viewport.y.lower) / (viewport.y.upper - viewport.y.lower) * Double(rows)).rounded(.down))
        return min(max(j, 0), rows - 1) * columns + min(max(i, 0), columns - 1)
    }
}
