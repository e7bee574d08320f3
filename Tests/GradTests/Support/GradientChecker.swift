import Foundation
import Grad
import Testing

/// Where the random test values of one input are drawn from.
enum Domain: Sendable {
    /// ±[0.2, 2]: both signs, kept away from 0 (for relu, division, negative powers).
    case symmetric
    /// [0.5, 2] (for log, fractional powers).
    case positive
    /// `point` ± [0.1, 1.5]: kept away from a kink.
    case away(from: Double)
    /// Exactly these values.
    case fixed([Double])

    func sample(_ count: Int, _ rng: inout TestRandom) -> [Double] {
        switch self {
        case .symmetric: return (0..<count).map { _ in rng.signed(magnitude: 0.2, 2) }
        case .positive: return rng.values(count, 0.5, 2)
        case .away(let point): return (0..<count).map { _ in point + rng.signed(magnitude: 0.1, 1.5) }
        case .fixed(let values):
            precondition(values.count == count, "fixed domain: \(values.count) values for \(count) elements")
            return values
        }
    }
}

/// One input of an operation under test.
struct Input: Sendable {
    var shape: [Int]
    var domain: Domain = .symmetric
    var requiresGrad = true

    static func grad(_ shape: [Int], _ domain: Domain = .symmetric) -> Input { Input(shape: shape, domain: domain) }
    static func constant(_ shape: [Int], _ domain: Domain = .symmetric) -> Input {
        Input(shape: shape, domain: domain, requiresGrad: false)
    }
}

/// An operation to check: the engine's version, an independent reference forward on plain arrays,
/// and the output shape the engine must produce.
struct OpCase: Sendable, CustomTestStringConvertible {
    let name: String
    let inputs: [Input]
    let outputShape: [Int]
    let engine: @Sendable ([Tensor]) -> Tensor
    let reference: @Sendable ([[Double]]) -> [Double]

    var testDescription: String { name }

    init(_ name: String, _ inputs: [Input], output: [Int],
         engine: @escaping @Sendable ([Tensor]) -> Tensor,
         reference: @escaping @Sendable ([[Double]]) -> [Double]) {
        self.name = name
        self.inputs = inputs
        self.outputShape = output
        self.engine = engine
        self.reference = reference
    }

    /// An elementwise function of one tensor.
    static func unary(_ name: String, _ input: Input = .grad([3, 4]),
                      _ engine: @escaping @Sendable (Tensor) -> Tensor,
                      _ f: @escaping @Sendable (Double) -> Double) -> OpCase {
        OpCase(name, [input], output: input.shape, engine: { engine($0[0]) }, reference: { $0[0].map(f) })
    }

    /// An elementwise function of two broadcast tensors.
    static func binary(_ name: String, _ a: Input, _ b: Input,
                       _ engine: @escaping @Sendable (Tensor, Tensor) -> Tensor,
                       _ f: @escaping @Sendable (Double, Double) -> Double) -> OpCase {
        let shape = Reference.broadcastShape(a.shape, b.shape)!
        return OpCase(name, [a, b], output: shape, engine: { engine($0[0], $0[1]) },
                      reference: { Reference.binary($0[0], a.shape, $0[1], b.shape, f) })
    }

    /// An operation that keeps the values in row-major order and only changes the shape.
    static func view(_ name: String, _ input: Input, output: [Int], _ engine: @escaping @Sendable (Tensor) -> Tensor) -> OpCase {
        OpCase(name, [input], output: output, engine: { engine($0[0]) }, reference: { $0[0] })
    }
}

/// The gradient check: every input's gradient from `backward()` must match central differences of
/// the *reference* forward, for the scalar loss `Σ op(x) ⊙ W` with fixed random weights W (so every
/// output element matters with its own weight). The engine's forward values are compared with the
/// reference too.
enum GradientChecker {
    static func check(_ op: OpCase, seed: UInt64 = 0x5EED,
                      forwardTolerance: Double = 1e-12, gradientTolerance: Double = 1e-6,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        var rng = TestRandom(seed: seed)
        let values = op.inputs.map { $0.domain.sample(Reference.count($0.shape), &rng) }
        let tensors = zip(op.inputs, values).map { input, data in
            Tensor(data, shape: input.shape, requiresGrad: input.requiresGrad)
        }

        let output = op.engine(tensors)
        #expect(output.shape == op.outputShape, "\(op.name): output shape", sourceLocation: sourceLocation)
        let expected = op.reference(values)
        expectClose(output.data, expected, relative: forwardTolerance, "\(op.name): forward", sourceLocation: sourceLocation)
        guard output.data.count == expected.count else { return }

        let anyGrad = op.inputs.contains { $0.requiresGrad }
        #expect(output.requiresGrad == anyGrad, "\(op.name): requiresGrad of the result", sourceLocation: sourceLocation)
        #expect((output.gradFunction != nil) == anyGrad, "\(op.name): gradFunction recorded", sourceLocation: sourceLocation)
        guard anyGrad else { return }

        let weights = rng.values(expected.count, -1.5, 1.5)
        let loss = (output * Tensor(weights, shape: output.shape)).sum()
        loss.backward()

        for (i, input) in op.inputs.enumerated() {
            guard input.requiresGrad else {
                #expect(tensors[i].grad == nil, "\(op.name): input \(i) needs no gradient but got one",
                        sourceLocation: sourceLocation)
                continue
            }
            guard let grad = tensors[i].grad else {
                Issue.record("\(op.name): input \(i) got no gradient", sourceLocation: sourceLocation)
                continue
            }
            #expect(grad.shape == input.shape, "\(op.name): gradient shape of input \(i)", sourceLocation: sourceLocation)
            let numeric = centralDifferences(at: values[i]) { x in
                var perturbed = values
                perturbed[i] = x
                return dot(op.reference(perturbed), weights)
            }
            let scale = max(1, numeric.map(abs).max() ?? 0)
            expectClose(grad.data, numeric, relative: gradientTolerance, scale: scale,
                        "\(op.name): gradient of input \(i)", sourceLocation: sourceLocation)
        }
    }
}
