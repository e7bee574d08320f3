import Foundation
import FrameTesting
import Grad
@testable import Lab
@testable import LabApp
import LabFixtures
@testable import Plot
import Testing

/// The neurons view: each first-layer neuron's output over the plane, its formula with its numbers,
/// the keys that choose a neuron, and what it says where a scene has no such layer.
@Suite struct NeuronsViewTests {
    static func problem(_ text: String) -> String {
        do {
            _ = try Fixtures.parse(text)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test("the first layer's outputs are tanh(w·x + b) of its own weights at each point, worked out by hand")
    func outputsByHand() throws {
        let session = try Fixtures.session("xor")
        for _ in 0..<20 { session.trainStep() }
        let points = [0.5, -1.0, 3.0, 2.5, -4.0, 0.0]
        let layer = try #require(session.firstLayer(at: points))
        #expect(layer.neurons.count == 8 && layer.activation == .tanh && layer.inputNames == ["x1", "x2"] && layer.sizes == [2, 8, 1])
        let weight = session.parameters[0].tensor.data, bias = session.parameters[1].tensor.data
        for (j, neuron) in layer.neurons.enumerated() {
            #expect(neuron.weights == [weight[2 * j], weight[2 * j + 1]] && neuron.bias == bias[j])
            for k in 0..<3 {
                let expected = Foundation.tanh(points[2 * k] * weight[2 * j] + points[2 * k + 1] * weight[2 * j + 1] + bias[j])
                #expect(abs(neuron.outputs[k] - expected) <= 1e-15, "h\(j + 1) at point \(k)")
            }
        }
    }

    @Test("with features the neurons read the features of each point (x1·x2 of xor), and name them")
    func features() throws {
        let text = """
            title = "t"
            description = "d"
            [data]
            dataset = "xor"
            points = 20
            features = ["x1", "x2", "x1*x2"]
            [model]
            layers = [3, 2, 1]
            activation = "tanh"
            [training]
            loss = "bce_with_logits"
            optimizer = "sgd"
            max_steps = 5
            [training.learning_rate]
            sgd = 0.1
            """
        let session = try Session(scene: try Fixtures.parse(text), options: RunOptions())
        let layer = try #require(session.firstLayer(at: [2, 3]))
        #expect(layer.inputNames == ["x1", "x2", "x1*x2"])
        let neuron = layer.neurons[0]
        let z = 2 * neuron.weights[0] + 3 * neuron.weights[1] + 6 * neuron.weights[2] + neuron.bias!
        #expect(abs(neuron.outputs[0] - Foundation.tanh(z)) <= 1e-15)
    }

    @Test("a neuron's formula is written with its numbers, signs folded in, in Unicode and ASCII")
    func formulaText() {
        let neuron = NeuronsPicture.Neuron(weights: [0.8312, -1.2], bias: 0.05, values: [0])
        var picture = NeuronsPicture(viewport: Viewport(x: Scale(-1, 1), y: Scale(-1, 1)), columns: 1, rows: 1,
                                     neurons: [neuron, neuron], selected: 1, output: .tanh, inputNames: ["x1", "x2"], layers: "2-2-1")
        #expect(picture.formula(1, unicode: true) == "h2 = tanh(0.831·x1 − 1.2·x2 + 0.05)")
        #expect(picture.formula(0, unicode: false) == "h1 = tanh(0.831*x1 - 1.2*x2 + 0.05)")
        picture.output = .sigmoid
        #expect(picture.formula(0, unicode: true) == "h1 = σ(0.831·x1 − 1.2·x2 + 0.05)")
        picture.output = .logit
        picture.neurons = [NeuronsPicture.Neuron(weights: [-0.5, 2], bias: nil, values: [0])]
        #expect(picture.formula(0, unicode: true) == "z = −0.5·x1 + 2·x2")
    }

    @Test("the grid gives each map the most cells: 8 maps in 50 × 16 cells are 4 across and 2 down")
    func grid() {
        #expect(NeuronsChart.grid(count: 8, width: 50, height: 16) == NeuronsChart.Grid(columns: 4, rows: 2, mapWidth: 11, mapHeight: 6))
        #expect(NeuronsChart.grid(count: 1, width: 50, height: 16) == NeuronsChart.Grid(columns: 1, rows: 1, mapWidth: 30, mapHeight: 15))
        #expect(NeuronsChart.grid(count: 100, width: 10, height: 4) == nil)
    }

    @Test("j and p choose the next neuron, k the one before, round the layer; elsewhere they keep their jobs")
    func choosing() throws {
        var lab = LabModel(solo: try Fixtures.session("xor"), view: .neurons)
        lab.apply(.scroll(1))
        lab.apply(.nextParameterPair)
        #expect(lab.selectedNeuron == 2 && lab.parameterPair == 0 && lab.graphScroll == 0)
        lab.apply(.scroll(-3))
        #expect(lab.selectedNeuron == 7)
        guard case .neurons(let picture) = lab.picture(unicode: true).main else { Issue.record("not the neurons view"); return }
        #expect(picture.selected == 7 && picture.formula(7, unicode: true).hasPrefix("h8 = tanh("))
        lab.apply(.showView(.graph))
        lab.apply(.scroll(1))
        #expect(lab.graphScroll == 1 && lab.selectedNeuron == 7)
    }

    @Test("v passes over the neurons view where a scene has none; 5 shows why")
    func unavailable() throws {
        var lab = LabModel(solo: try Fixtures.session("sin-cubic"), view: .graph)
        lab.apply(.nextView)
        #expect(lab.view == .fit)
        var xor = LabModel(solo: try Fixtures.session("xor"), view: .graph)
        xor.apply(.nextView)
        #expect(xor.view == .neurons)
        lab.apply(.showView(.neurons))
        let frame = lab.frame(width: 80, height: 24, options: .standard)
        #expect(frame.text.contains("the neurons view draws the first layer of a"), "\(frame.text)")
    }

    @Test("view = \"neurons\" in a scene file is a located error for data that is not 2-D and for a formula; other views open the lab")
    func sceneView() throws {
        let formula = """
            title = "t"
            description = "d"
            view = "neurons"
            [data]
            x = { linspace = [0, 1, 8] }
            y = "2*x"
            [model]
            formula = "a*x"
            [parameters]
            a = 0.0
            [training]
            loss = "mean_squares"
            optimizer = "sgd"
            max_steps = 5
            [training.learning_rate]
            sgd = 0.1
            """
        #expect(Self.problem(formula) == "bad.toml:3: view: the neurons view draws the first layer of a layered model (layers = [2, 8, 1]); this model is a formula")
        let wide = formula.replacingOccurrences(of: "x = { linspace = [0, 1, 8] }\ny = \"2*x\"", with: "x = { normal = [8, 3] }\ny = { normal = [8, 1] }")
            .replacingOccurrences(of: "formula = \"a*x\"", with: "layers = [3, 1]").replacingOccurrences(of: "a = 0.0", with: "")
        #expect(Self.problem(wide) == "bad.toml:3: view: the neurons view maps each neuron over the plane of two inputs, x1 and x2; this scene's data is not 2-D (3 inputs a point)")
        let landscape = try Fixtures.parse(formula.replacingOccurrences(of: "view = \"neurons\"", with: "view = \"landscape\""))
        #expect(landscape.view == .landscape)
        #expect(Self.problem(formula.replacingOccurrences(of: "view = \"neurons\"", with: "view = \"map\""))
                == "bad.toml:3: view: unknown view 'map'; expected one of: fit, landscape, optimizer, graph, neurons")
    }
}
