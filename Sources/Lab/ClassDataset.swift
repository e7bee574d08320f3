import Foundation
import Grad

/// A generated data set of points in the plane with class labels (`[data] dataset = "circle"`):
/// TensorFlow Playground's four classification sets as its `dataset.ts` defines them (`circle`,
/// `xor`, `gauss`, `spiral`), scikit-learn's `make_moons`, and the three-armed spiral of CS231n's
/// softmax notes (`spiral3`). The Playground labels its classes 1 and −1; here they are 1 and 0, as
/// PyTorch's binary cross-entropy takes them. Draws come from the scene's generator, one point after
/// another in the order the originals draw them (their `Math.random()` is not reproduced).
public struct ClassDataset: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case circle, xor, gauss, spiral, moons, spiral3
    }

    public var kind: Kind
    public var points: Int
    /// The Playground's noise (0…0.5 on its slider: a share of the set's radius), or for `moons`
    /// and `spiral3` the σ of normal noise (make_moons' `noise`; CS231n uses 0.2 on the angle).
    public var noise: Double

    /// The most points a generated set may have.
    public static let largestPoints = 100_000
    /// The most noise a generated set takes (beyond it the classes are pure noise).
    public static let largestNoise = 1.0

    public init(kind: Kind, points: Int, noise: Double) {
        self.kind = kind
        self.points = points
        self.noise = noise
    }

    public var classes: Int { kind == .spiral3 ? 3 : 2 }

    /// The points (`points` rows of x1, x2) and their labels (0, 1 or 2).
    func draw(_ rng: inout SeededDraws) -> (inputs: Tensor, labels: Tensor) {
        var x: [Double] = [], labels: [Double] = []
        x.reserveCapacity(2 * points)
        labels.reserveCapacity(points)
        func add(_ x1: Double, _ x2: Double, _ label: Double) {
            x.append(x1)
            x.append(x2)
            labels.append(label)
        }
        /// `Math.random() * (b − a) + a`, as dataset.ts's `randUniform`.
        func uniform(_ a: Double, _ b: Double) -> Double { rng.scalarUniform() * (b - a) + a }
        let first = (points + 1) / 2, second = points / 2
        switch kind {
        case .circle:
            let radius = 5.0
            func label(_ x1: Double, _ x2: Double) -> Double { (x1 * x1 + x2 * x2).squareRoot() < radius * 0.5 ? 1 : 0 }
            for (count, low, high) in [(first, 0, radius * 0.5), (second, radius * 0.7, radius)] {
                for _ in 0..<count {
                    let r = uniform(low, high), angle = uniform(0, 2 * Double.pi)
                    let x1 = r * Foundation.sin(angle), x2 = r * Foundation.cos(angle)
                    let noise1 = uniform(-radius, radius) * noise, noise2 = uniform(-radius, radius) * noise
                    add(x1, x2, label(x1 + noise1, x2 + noise2))
                }
            }
        case .xor:
            let padding = 0.3
            for _ in 0..<points {
                var x1 = uniform(-5, 5)
                x1 += x1 > 0 ? padding : -padding
                var x2 = uniform(-5, 5)
                x2 += x2 > 0 ? padding : -padding
                let noise1 = uniform(-5, 5) * noise, noise2 = uniform(-5, 5) * noise
                add(x1, x2, (x1 + noise1) * (x2 + noise2) >= 0 ? 1 : 0)
            }
        case .gauss:
            // d3.scale.linear().domain([0, .5]).range([0.5, 4]), extrapolated past 0.5 as d3 does.
            let variance = 0.5 + noise / 0.5 * 3.5
            /// dataset.ts's `normalRandom`: Marsaglia's polar method, the first of the pair.
            func normal(_ mean: Double) -> Double {
                var v1 = 0.0, s = 0.0
                repeat {
                    v1 = 2 * rng.scalarUniform() - 1
                    let v2 = 2 * rng.scalarUniform() - 1
                    s = v1 * v1 + v2 * v2
                } while s > 1 || s == 0
                return mean + variance.squareRoot() * ((-2 * Foundation.log(s) / s).squareRoot() * v1)
            }
            for (count, center, label) in [(first, 2.0, 1.0), (second, -2.0, 0.0)] {
                for _ in 0..<count {
                    let x1 = normal(center)
                    add(x1, normal(center), label)
                }
            }
        case .spiral:
            for (count, shift, label) in [(first, 0.0, 1.0), (second, Double.pi, 0.0)] {
                let n = Double(count)
                for i in 0..<count {
                    let r = Double(i) / n * 5
                    let t = 1.75 * Double(i) / n * 2 * Double.pi + shift
                    let x1 = r * Foundation.sin(t) + uniform(-1, 1) * noise
                    add(x1, r * Foundation.cos(t) + uniform(-1, 1) * noise, label)
                }
            }
        case .moons:
            // make_moons(n_samples, noise, shuffle=False): the outer moon (label 0), then the inner.
            let outer = points / 2, inner = points - outer
            let outerAngles = Tensor.linspaceValues(0, Double.pi, count: outer)
            let innerAngles = Tensor.linspaceValues(0, Double.pi, count: inner)
            for t in outerAngles { add(Foundation.cos(t), Foundation.sin(t), 0) }
            for t in innerAngles { add(1 - Foundation.cos(t), 1 - Foundation.sin(t) - 0.5, 1) }
            if noise > 0 {
                let jitter = rng.normal([points, 2]).data
                for i in x.indices { x[i] += noise * jitter[i] }
            }
        case .spiral3:
            // CS231n: for class j, r = linspace(0, 1, N), t = linspace(4j, 4(j + 1), N) + N(0, 1)·noise.
            for label in 0..<3 {
                let count = points / 3 + (label < points % 3 ? 1 : 0)
                let radii = Tensor.linspaceValues(0, 1, count: count)
                let angles = Tensor.linspaceValues(Double(4 * label), Double(4 * (label + 1)), count: count)
                let jitter = rng.normal([count]).data
                for i in 0..<count {
                    let t = angles[i] + jitter[i] * noise
                    add(radii[i] * Foundation.sin(t), radii[i] * Foundation.cos(t), Double(label))
                }
            }
        }
        return (Tensor(x, shape: [points, 2]), Tensor(labels, shape: [points, 1]))
    }
}
