import Foundation
import Grad
import Lab

/// The limit that keeps the engine's own numbers: a sin-cubic SGD step (forward, sum of squared
/// errors, the four gradients, the update) as one loop over the 2,000 points with `SIMD8<Double>`,
/// summing in the engine's order — eight interleaved partial sums, lane j taking the points
/// i ≡ j (mod 8), the lanes then added 0…7 (`Kernels.sum`/`dot`) — so its parameters are the
/// engine's bit for bit. `bench/run` counts its instructions per step beside tinylab's.
struct SinCubicFloor {
    let x: [Double], x2: [Double], x3: [Double], y: [Double]
    var parameters: (a: Double, b: Double, c: Double, d: Double)
    let learningRate: Double

    /// The scene's data (`linspace(-pi, pi, 2000)`, `sin(x)`) and the bench's starting point.
    init(start: [String: Double], learningRate: Double, points: Int = 2000) {
        x = Tensor.linspaceValues(-Double.pi, Double.pi, count: points)
        x2 = x.map { $0 * $0 }
        x3 = x.map { $0 * $0 * $0 }
        y = x.map { Foundation.sin($0) }
        parameters = (start["a"]!, start["b"]!, start["c"]!, start["d"]!)
        self.learningRate = learningRate
    }

    /// One SGD step; returns the loss before it.
    @discardableResult
    mutating func step() -> Double {
        let (a, b, c, d) = parameters
        var loss = SIMD8<Double>(), ga = SIMD8<Double>(), gb = SIMD8<Double>(), gc = SIMD8<Double>(), gd = SIMD8<Double>()
        let n = x.count, whole = n & ~7
        var tail: (loss: Double, a: Double, b: Double, c: Double, d: Double) = (0, 0, 0, 0, 0)
        x.withUnsafeBytes { xs in x2.withUnsafeBytes { x2s in x3.withUnsafeBytes { x3s in y.withUnsafeBytes { ys in
            var offset = 0
            while offset < whole &* 8 {
                let xv = xs.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
                let x2v = x2s.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
                let x3v = x3s.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
                let yv = ys.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)
                let difference = (((a + b * xv) + c * x2v) + d * x3v) - yv
                loss += difference * difference
                let g = (2 * difference) * 1
                ga += g
                gb += g * xv
                gc += g * x2v
                gd += g * x3v
                offset &+= 64
            }
            tail = (Self.total(loss), Self.total(ga), Self.total(gb), Self.total(gc), Self.total(gd))
            for i in whole..<n {
                let xi = xs.load(fromByteOffset: i * 8, as: Double.self), x2i = x2s.load(fromByteOffset: i * 8, as: Double.self)
                let x3i = x3s.load(fromByteOffset: i * 8, as: Double.self), yi = ys.load(fromByteOffset: i * 8, as: Double.self)
                let difference = (((a + b * xi) + c * x2i) + d * x3i) - yi
                tail.loss += difference * difference
                let g = (2 * difference) * 1
                tail.a += g
                tail.b += g * xi
                tail.c += g * x2i
                tail.d += g * x3i
            }
        } } } }
        let lr = -learningRate
        parameters = (a.addingProduct(tail.a, lr), b.addingProduct(tail.b, lr), c.addingProduct(tail.c, lr), d.addingProduct(tail.d, lr))
        return tail.loss
    }

    /// The lanes added in order 0…7.
    @inline(__always)
    private static func total(_ lanes: SIMD8<Double>) -> Double {
        var sum = lanes[0]
        for lane in 1..<8 { sum += lanes[lane] }
        return sum
    }
}

extension SinCubicFloor {
    /// Whether `steps` floor steps end at the parameters (bit for bit) of a sin-cubic session that
    /// trained as many steps with SGD from the same start.
    static func matchesEngine(_ session: Session, start: [String: Double], learningRate: Double, steps: Int) -> Bool {
        var floor = SinCubicFloor(start: start, learningRate: learningRate)
        for _ in 0..<steps {
            floor.step()
            session.trainStep()
        }
        let engine = session.parameters.map { $0.tensor.item.bitPattern }
        let mine = [floor.parameters.a, floor.parameters.b, floor.parameters.c, floor.parameters.d].map(\.bitPattern)
        return engine == mine
    }
}

/// With `steps`, runs that many floor steps and prints the parameters; without, prints the
/// median µs per step of the floor and of tinylab's sin-cubic SGD step as JSON.
func runFloor(_ steps: Int?) {
    let start = ["a": 0.1, "b": 0.2, "c": -0.1, "d": 0.05]
    var floor = SinCubicFloor(start: start, learningRate: 1e-6)
    if let steps {
        for _ in 0..<steps { floor.step() }
        print(floor.parameters)
        return
    }
    let engine = session("sin-cubic", RunOptions(optimizer: .sgd, learningRate: 1e-6, steps: 100_000_000,
                                                 initialValues: start, rewindMemory: 0))
    let floorTime = microseconds(iterations: 5000, warmup: 500) { floor.step() }
    let engineTime = microseconds(iterations: 5000, warmup: 500) { engine.trainStep() }
    print("{\"floor us\": \(floorTime), \"tinylab sgd us\": \(engineTime)}")
}
