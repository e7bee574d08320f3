import Foundation
import Grad
@testable import Lab
import LabFixtures
import Testing

/// The generated classification sets (`[data] dataset = …`) against their definitions
/// (TensorFlow Playground's dataset.ts, scikit-learn's make_moons, CS231n's spiral), the checks of
/// their scene keys, the classification losses in scene files, and accuracy.
@Suite struct ClassDatasetTests {
    static func scene(_ dataset: String, points: Int = 200, noise: Double = 0, layers: String = "[2, 8, 1]",
                      loss: String = "bce_with_logits", activation: String = "tanh", extra: String = "") -> String {
        """
        title = "t"
        description = "d"
        seed = 3
        [data]
        dataset = "\(dataset)"
        points = \(points)
        noise = \(noise)
        \(extra)
        [model]
        layers = \(layers)
        activation = "\(activation)"
        [training]
        loss = "\(loss)"
        optimizer = "adam"
        max_steps = 300
        [training.learning_rate]
        sgd = 0.1
        momentum = 0.1
        nesterov = 0.1
        rmsprop = 0.01
        adam = 0.03
        adamw = 0.03
        """
    }

    /// The error the scene `text` gives, as printed, or "no error".
    static func problem(_ text: String) -> String {
        do {
            _ = try Fixtures.parse(text)
            return "no error"
        } catch {
            return error.description
        }
    }

    static func session(_ text: String) throws -> Session {
        try Session(scene: try Fixtures.parse(text), options: RunOptions())
    }

    /// The points as (x1, x2, label).
    static func points(_ session: Session) -> [(Double, Double, Double)] {
        let x = session.inputs!.data, y = session.targets!.data
        return y.indices.map { (x[2 * $0], x[2 * $0 + 1], y[$0]) }
    }

    @Test("circle without noise: half the points inside radius 2.5 labelled 1, half in the ring 3.5…5 labelled 0")
    func circle() throws {
        let points = Self.points(try Self.session(Self.scene("circle", points: 201)))
        #expect(points.count == 201)
        let radius = points.map { ($0.0 * $0.0 + $0.1 * $0.1).squareRoot() }
        #expect(zip(points, radius).prefix(101).allSatisfy { $0.0.2 == 1 && $0.1 < 2.5 })
        #expect(zip(points, radius).dropFirst(101).allSatisfy { $0.0.2 == 0 && $0.1 >= 3.5 && $0.1 < 5 })
    }

    @Test("circle with noise: the label is the noisy point's side of radius 2.5, so some points near the edge switch")
    func noisyCircle() throws {
        let points = Self.points(try Self.session(Self.scene("circle", noise: 0.5)))
        let inside = points.prefix(100).filter { $0.2 == 1 }.count
        #expect(inside > 20 && inside < 100)
    }

    @Test("xor: every coordinate at least 0.3 from an axis, labelled 1 exactly where x1·x2 ≥ 0 without noise")
    func xor() throws {
        let points = Self.points(try Self.session(Self.scene("xor")))
        #expect(points.allSatisfy { abs($0.0) >= 0.3 && abs($0.1) >= 0.3 && abs($0.0) <= 5.3 && abs($0.1) <= 5.3 })
        #expect(points.allSatisfy { $0.2 == ($0.0 * $0.1 >= 0 ? 1 : 0) })
        let ones = points.filter { $0.2 == 1 }.count
        #expect(ones > 70 && ones < 130)
    }

    @Test("gauss: two blobs around (2, 2) labelled 1 and (−2, −2) labelled 0, of variance 0.5 without noise")
    func gauss() throws {
        let points = Self.points(try Self.session(Self.scene("gauss", points: 2000)))
        for (label, center) in [(1.0, 2.0), (0.0, -2.0)] {
            let blob = points.filter { $0.2 == label }
            #expect(blob.count == 1000)
            let mean = blob.map(\.0).reduce(0, +) / 1000
            let variance = blob.map { ($0.0 - mean) * ($0.0 - mean) }.reduce(0, +) / 999
            #expect(abs(mean - center) < 0.1, "mean \(mean)")
            #expect(abs(variance - 0.5) < 0.1, "variance \(variance)")
        }
    }

    @Test("spiral without noise: two arms r = 5i/n at t = 3.5π·i/n and t + π, labelled 1 and 0")
    func spiral() throws {
        let points = Self.points(try Self.session(Self.scene("spiral", points: 100)))
        for (index, point) in points.enumerated() {
            let i = Double(index % 50), arm = index / 50
            let r = i / 50 * 5, t = 1.75 * i / 50 * 2 * Double.pi + (arm == 0 ? 0 : Double.pi)
            #expect(abs(point.0 - r * sin(t)) < 1e-12 && abs(point.1 - r * cos(t)) < 1e-12)
            #expect(point.2 == (arm == 0 ? 1 : 0))
        }
    }

    @Test("moons without noise are make_moons(n, noise=0, shuffle=False): the outer half circle (0), then the inner (1)")
    func moons() throws {
        let points = Self.points(try Self.session(Self.scene("moons", points: 11)))
        let outer = 5, inner = 6
        for i in 0..<outer {
            let t = Double.pi * Double(i) / Double(outer - 1)
            #expect(abs(points[i].0 - cos(t)) < 1e-12 && abs(points[i].1 - sin(t)) < 1e-12 && points[i].2 == 0)
        }
        for i in 0..<inner {
            let t = Double.pi * Double(i) / Double(inner - 1), point = points[outer + i]
            #expect(abs(point.0 - (1 - cos(t))) < 1e-12 && abs(point.1 - (1 - sin(t) - 0.5)) < 1e-12 && point.2 == 1)
        }
    }

    @Test("spiral3: three arms of equal size (one more for the first when it does not divide), radius 0…1, labels 0, 1, 2")
    func spiral3() throws {
        let points = Self.points(try Self.session(Self.scene("spiral3", points: 301, noise: 0.2, layers: "[2, 8, 3]", loss: "cross_entropy")))
        #expect([0.0, 1, 2].map { label in points.filter { $0.2 == label }.count } == [101, 100, 100])
        #expect(points.allSatisfy { ($0.0 * $0.0 + $0.1 * $0.1).squareRoot() <= 1 + 1e-12 })
        #expect(points[0].0 == 0 && points[0].1 == 0)
    }

    @Test("the seed makes the set: the same seed the same points, another seed others")
    func seeded() throws {
        let text = Self.scene("circle", noise: 0.2)
        #expect(try Self.session(text).inputs!.data == Self.session(text).inputs!.data)
        let other = text.replacingOccurrences(of: "seed = 3", with: "seed = 4")
        #expect(try Self.session(text).inputs!.data != Self.session(other).inputs!.data)
    }

    @Test("test_fraction holds out points of a generated set as of any data")
    func heldOut() throws {
        let run = try Self.session(Self.scene("xor", extra: "test_fraction = 0.25"))
        #expect(run.inputs!.shape == [150, 2] && run.heldOutInputs!.shape == [50, 2] && run.heldOutTargets!.shape == [50, 1])
    }

    @Test("accuracy: one output is class 1 where the logit is above 0; several, the largest score (the first of equals)")
    func accuracyRule() {
        #expect(Session.accuracy([2, -1, 0, 0.5], labels: [1, 0, 1, 0]) == 0.5)
        #expect(Session.accuracy([1, 3, 2, 5, 5, 0, 0, 0, 9], labels: [1, 1, 2]) == 2.0 / 3)
    }

    @Test("a tanh net learns circle: the loss falls and training accuracy reaches 100 %, test accuracy above 90 %")
    func circleLearns() throws {
        let run = try Self.session(Self.scene("circle", extra: "test_fraction = 0.5"))
        let start = try #require(run.accuracy())
        let losses = Fixtures.losses(run)
        #expect(losses.count == 300 && losses.last! < losses.first! / 10)
        #expect(start < 0.9)
        #expect(run.accuracy() == 1)
        #expect(try #require(run.testAccuracy()) > 0.9)
    }

    @Test("regression scenes have no accuracy")
    func noAccuracyForRegression() throws {
        let run = try Fixtures.session("sin-cubic")
        #expect(run.accuracy() == nil && run.testAccuracy() == nil)
    }

    @Test("mistakes in a classification scene are located errors", arguments: [
        (scene("circle", points: 0), "bad.toml:6: [data] points: expected a whole number of points from 1 to 100000, e.g. points = 200"),
        (scene("circle", noise: 3), "bad.toml:7: [data] noise: expected noise from 0 to 1.0 (the Playground's slider goes to 0.5), found 3.0"),
        (scene("square"), "bad.toml:5: [data] dataset: unknown data set 'square'; expected one of: circle, xor, gauss, spiral, moons, spiral3"),
        (scene("spiral3", layers: "[2, 8, 3]"),
         "bad.toml:13: [training] loss: the spiral3 data set has 3 classes; bce_with_logits tells two apart. Use loss = \"cross_entropy\" with layers ending in 3"),
        (scene("spiral3", layers: "[2, 8, 2]", loss: "cross_entropy"),
         "bad.toml:10: [model] layers: the spiral3 data set has 3 classes, so the last layer needs 3 outputs for cross_entropy; found 2"),
        (scene("circle", layers: "[2, 8, 2]"),
         "bad.toml:10: [model] layers: bce_with_logits scores one class against the other with one output; the last layer has 2 (for one output a class, use loss = \"cross_entropy\")"),
        (scene("circle", layers: "[3, 8, 1]"), "bad.toml:10: [model] layers: the circle data set gives 2 inputs a point (x1, x2), so layers start with 2; found 3"),
        (scene("circle", extra: "x = { linspace = [0, 1, 5] }"), "bad.toml:8: [data] x: unknown key; expected one of: dataset, points, noise, test_fraction, features"),
    ])
    func mistakes(text: String, message: String) {
        #expect(ClassDatasetTests.problem(text) == message)
    }

    @Test("labels that are not classes of the loss, from a list or a CSV column, are located errors")
    func labelsMustBeClasses() {
        let base = """
        title = "t"
        description = "d"
        [data]
        x = { normal = [4, 2] }
        y = { values = [0, 1, 2, 1] }
        [model]
        layers = [2, 3, 1]
        [training]
        loss = "bce_with_logits"
        optimizer = "sgd"
        max_steps = 10
        [training.learning_rate]
        sgd = 0.1
        momentum = 0.1
        nesterov = 0.1
        rmsprop = 0.1
        adam = 0.1
        adamw = 0.1
        """
        for (text, message) in [
            (base, "bad.toml:5: [data] y: 2.0 is not a class of bce_with_logits: every label must be 0 or 1"),
            (base.replacingOccurrences(of: "[2, 3, 1]", with: "[2, 3, 2]").replacingOccurrences(of: "bce_with_logits", with: "cross_entropy"),
             "bad.toml:5: [data] y: 2.0 is not a class of cross_entropy: every label must be a class number from 0 to 1 (one a model output)"),
            (base.replacingOccurrences(of: "{ values = [0, 1, 2, 1] }", with: "{ normal = [4, 1] }"),
             "bad.toml:5: [data] y: bce_with_logits needs class labels (0, 1, …) as y: a column of a CSV file, a list of numbers, or a data set; random or formula values are not classes"),
        ] {
            #expect(Self.problem(text) == message)
        }
    }
}

/// The README's classification example is a working scene once given a title and a training table's
/// other keys.
@Suite struct ClassificationReadmeTests {
    @Test("the README's [data]/[model]/[training] block of the classification section loads and trains to over 90 % on circle")
    func readmeBlock() throws {
        let readme = try String(contentsOf: Fixtures.scenesFolder.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Classification: points in the plane").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```toml\n").dropFirst().first?.components(separatedBy: "```").first)
        let text = "title = \"readme\"\ndescription = \"d\"\n" + block + """
            optimizer = "adam"
            max_steps = 400
            [training.learning_rate]
            adam = 0.03
            """
        let session = try Session(scene: try Fixtures.parse(text), options: RunOptions())
        #expect(session.classifiesPlane && session.scene.data?.dataset?.kind == .circle)
        while session.trainStep() {}
        #expect(try #require(session.accuracy()) > 0.9)
    }
}

/// `features = [...]`: formulas of the input columns computed once a row, the model's inputs.
@Suite struct FeatureTests {
    @Test("features are the formulas of each row's x1 and x2, in order; the plane keeps the raw points for the map")
    func featuresOfEachRow() throws {
        let text = ClassDatasetTests.scene("xor", points: 10, layers: "[5, 1]",
                                           extra: "features = [\"x1\", \"x2\", \"x1*x2\", \"sin(x1)\", \"x2^2\"]")
        let session = try ClassDatasetTests.session(text)
        let raw = session.planeInputs!.data, features = session.inputs!.data
        #expect(session.inputs!.shape == [10, 5])
        for row in 0..<10 {
            let x1 = raw[2 * row], x2 = raw[2 * row + 1]
            #expect(Array(features[(5 * row)..<(5 * row + 5)]) == [x1, x2, x1 * x2, Foundation.sin(x1), x2 * x2])
        }
    }

    @Test("a feature naming an unknown input, a first layer that does not match the features, features of a formula model: located errors", arguments: [
        (ClassDatasetTests.scene("circle", layers: "[2, 1]", extra: "features = [\"x1\", \"x3^2\"]"),
         "bad.toml:8:20: [data] features: unknown input 'x3'; the inputs are x1, x2"),
        (ClassDatasetTests.scene("circle", layers: "[2, 1]", extra: "features = [\"x1\", \"x2\", \"x1^2\"]"),
         "bad.toml:10: [model] layers: the 3 features are the model's inputs, so layers start with 3; found 2"),
        (ClassDatasetTests.scene("circle", extra: "features = []"),
         "bad.toml:8: [data] features: expected a list of 1 to 64 formulas of x1, x2, e.g. [\"x1\", \"x2\", \"x1^2\", \"x1*x2\"]"),
    ])
    func mistakes(text: String, message: String) {
        #expect(ClassDatasetTests.problem(text) == message)
    }
}

/// The class probabilities a decision map draws: σ(z) for one output, the softmax for several.
@Suite struct ClassProbabilityTests {
    /// The scores of a tanh net at `points` (x1, x2 pairs), worked out from its parameters by hand.
    static func forward(_ session: Session, _ points: [Double]) -> [Double] {
        let tensors = session.parameters.map(\.tensor)
        var scores: [Double] = []
        for row in 0..<(points.count / 2) {
            var values = [points[2 * row], points[2 * row + 1]]
            for layer in stride(from: 0, to: tensors.count, by: 2) {
                let weight = tensors[layer], bias = tensors[layer + 1]
                let inputs = values.count, outputs = bias.count
                values = (0..<outputs).map { o in
                    (0..<inputs).reduce(bias.data[o]) { $0 + weight.data[o * inputs + $1] * values[$1] }
                }
                if layer + 2 < tensors.count { values = values.map { Foundation.tanh($0) } }
            }
            scores += values
        }
        return scores
    }

    @Test("one output: the pair 1 − σ(z), σ(z) at each point")
    func binary() throws {
        let session = try ClassDatasetTests.session(ClassDatasetTests.scene("xor"))
        let points = [0.5, -1.0, 2.0, 3.0]
        let (classes, probabilities) = try #require(session.classProbabilities(at: points))
        let logits = Self.forward(session, points)
        #expect(classes == 2 && probabilities.count == 4)
        for i in 0..<2 {
            let p = 1 / (1 + Foundation.exp(-logits[i]))
            #expect(abs(probabilities[2 * i + 1] - p) < 1e-14 && abs(probabilities[2 * i] - (1 - p)) < 1e-14)
        }
    }

    @Test("three outputs: each point's probabilities are the softmax of its scores, to 1e-15, and sum to 1")
    func softmax() throws {
        let session = try ClassDatasetTests.session(ClassDatasetTests.scene("spiral3", noise: 0.2, layers: "[2, 8, 3]", loss: "cross_entropy"))
        let points = [0.1, 0.2, -0.5, 0.7, 0.9, -0.9]
        let (classes, probabilities) = try #require(session.classProbabilities(at: points))
        let scores = Self.forward(session, points)
        #expect(classes == 3 && probabilities.count == 9)
        for row in 0..<3 {
            let exps = (0..<3).map { Foundation.exp(scores[3 * row + $0]) }
            let total = exps.reduce(0, +)
            for k in 0..<3 { #expect(abs(probabilities[3 * row + k] - exps[k] / total) < 1e-14) }
            #expect(abs(probabilities[(3 * row)..<(3 * row + 3)].reduce(0, +) - 1) < 1e-15)
        }
    }
}
