import CGradKernels
import Foundation

extension Tensor {
    /// The gradient rule shared by the broadcasting binary operations: each input receives
    /// `rule(grad)` summed back down to its own shape.
    @inline(__always)
    private static func binary(_ name: String, _ a: Tensor, _ b: Tensor,
                               forward: tl_operation,
                               gradA: @escaping (_ grad: [Double]) -> [Double],
                               gradB: @escaping (_ grad: [Double]) -> [Double]) -> Tensor {
        let (data, shape) = Broadcasting.arithmetic(forward, a.data, a.shape, b.data, b.shape)
        let needA = a.requiresGrad, needB = b.requiresGrad
        let aShape = a.shape, bShape = b.shape
        let node = Tensor.node(name, a, b, rule: elementwiseRule(forward, a, b, shape)) { grad in
            [needA ? Broadcasting.reduce(gradA(grad), from: shape, to: aShape) : nil,
             needB ? Broadcasting.reduce(gradB(grad), from: shape, to: bShape) : nil]
        }
        return Tensor(result: data, shape: shape, node: node)
    }

    /// The replay rule of `a op b` with result `shape`, when each side is the result's shape or one
    /// value (the cases `Broadcasting.arithmetic` hands to one kernel call).
    private static func elementwiseRule(_ operation: tl_operation, _ a: Tensor, _ b: Tensor, _ shape: [Int]) -> ReplayRule? {
        guard Broadcasting.isElementwise(a.shape, a.count, b.shape, b.count) else { return nil }
        return .binary(operation, aMatches: a.shape == shape, bMatches: b.shape == shape)
    }

    /// A primitive (`AddBackward0`): each input receives the gradient, summed down to its shape.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        binary("AddBackward0", a, b, forward: TL_ADD, gradA: { $0 }, gradB: { $0 })
    }

    /// `a + (−b)`, as tinygrad composes it: the rules of add and neg give `grad` and `−grad`
    /// (one node, `SubBackward0`, as PyTorch shows it).
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        binary("SubBackward0", a, b, forward: TL_SUBTRACT, gradA: { $0 }, gradB: { Kernels.map($0, -) })
    }

    /// A primitive (`MulBackward0`): each input receives `grad · other`, summed down to its shape.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let (data, shape) = Broadcasting.arithmetic(TL_MULTIPLY, a.data, a.shape, b.data, b.shape)
        let needA = a.requiresGrad, needB = b.requiresGrad
        let aValues = a.data, bValues = b.data, aShape = a.shape, bShape = b.shape
        let node = Tensor.node("MulBackward0", a, b, rule: elementwiseRule(TL_MULTIPLY, a, b, shape)) { grad in
            [needA ? productGrad(grad, other: bValues, otherShape: bShape, outShape: shape, shape: aShape) : nil,
             needB ? productGrad(grad, other: aValues, otherShape: aShape, outShape: shape, shape: bShape) : nil]
        }
        return Tensor(result: data, shape: shape, node: node)
    }

    /// `grad * other`, reduced to `shape`; a one-element operand against a full one is a dot product.
    private static func productGrad(_ grad: [Double], other: [Double], otherShape: [Int],
                                    outShape: [Int], shape: [Int]) -> [Double] {
        if shape.reduce(1, *) == 1, otherShape == outShape { return [Kernels.dot(grad, other)] }
        let scaled = Broadcasting.arithmetic(TL_MULTIPLY, grad, outShape, other, otherShape).data
        return Broadcasting.reduce(scaled, from: outShape, to: shape)
    }

    /// `a · b⁻¹`, as tinygrad composes it: mul's rule with the reciprocal's (`−1/b²`), written out
    /// in PyTorch's `div_backward` order, `grad / b` and `−grad · ((a / b) / b)` (one node, `DivBackward0`).
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let (data, shape) = Broadcasting.arithmetic(TL_DIVIDE, a.data, a.shape, b.data, b.shape)
        let needA = a.requiresGrad, needB = b.requiresGrad
        let aValues = a.data, bValues = b.data, aShape = a.shape, bShape = b.shape
        let node = Tensor.node("DivBackward0", a, b, rule: elementwiseRule(TL_DIVIDE, a, b, shape)) { grad in
            let bFull = Broadcasting.expand(bValues, from: bShape, to: shape)
            let gradA = needA ? Broadcasting.reduce(Kernels.zip(grad, bFull, /), from: shape, to: aShape) : nil
            var gradB: [Double]?
            if needB {
                let aFull = Broadcasting.expand(aValues, from: aShape, to: shape)
                let full = Kernels.zip3(grad, aFull, bFull) { g, x, y in -g * ((x / y) / y) }
                gradB = Broadcasting.reduce(full, from: shape, to: bShape)
            }
            return [gradA, gradB]
        }
        return Tensor(result: data, shape: shape, node: node)
    }

    /// `a · (−1)`: mul's rule with a constant, `−grad` (`NegBackward0`).
    public static prefix func - (a: Tensor) -> Tensor {
        let node = Tensor.node("NegBackward0", a, rule: .negate) { grad in [Kernels.map(grad, -)] }
        return Tensor(result: Kernels.map(a.data, -), shape: a.shape, node: node)
    }

    public static func + (a: Tensor, b: Double) -> Tensor { a + Tensor(b) }
    public static func + (a: Double, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Tensor, b: Double) -> Tensor { a - Tensor(b) }
    /// `a + (−b)` with a constant `a`: neg's rule (`RsubBackward1`, PyTorch's name for a reversed sub).
    public static func - (a: Double, b: Tensor) -> Tensor {
        let node = Tensor.node("RsubBackward1", b) { grad in [Kernels.map(grad, -)] }
        return Tensor(result: Kernels.map(b.data) { a - $0 }, shape: b.shape, node: node)
    }
    public static func * (a: Tensor, b: Double) -> Tensor { a * Tensor(b) }
    public static func * (a: Double, b: Tensor) -> Tensor { Tensor(a) * b }
    public static func / (a: Tensor, b: Double) -> Tensor { a / Tensor(b) }
    public static func / (a: Double, b: Tensor) -> Tensor { Tensor(a) / b }

    /// `self ** exponent`, computed as PyTorch's CPU kernel does for the common exponents
    /// (2 and 3 by multiplication, ½ by square root, −1 by reciprocal) and by `pow` otherwise.
    /// The gradient is `grad · (exponent · self^(exponent − 1))`, as PyTorch's `pow_backward`.
    public func pow(_ exponent: Double) -> Tensor {
        let values = data
        let node = Tensor.node("PowBackward0", self, rule: .power(exponent)) { grad in
            switch exponent {
            case 0: return [[Double](repeating: 0, count: grad.count)]
            case 1: return [grad]
            case 2: return [Kernels.zip(grad, values) { g, x in g * (2 * x) }]
            case 3: return [Kernels.zip(grad, values) { g, x in g * (3 * (x * x)) }]
            default:
                let lowered = exponent - 1
                return [Kernels.zip(grad, values) { g, x in g * (exponent * Tensor.power(x, lowered)) }]
            }
        }
        let result: [Double]
        switch exponent {
        case 1: result = data
        case 2: result = Kernels.map(data) { $0 * $0 }
        case 3: result = Kernels.map(data) { $0 * $0 * $0 }
        default: result = Kernels.map(data) { Tensor.power($0, exponent) }
        }
        return Tensor(result: result, shape: shape, node: node)
    }

    /// One value of `x ** exponent` with PyTorch's special cases.
    @inline(__always)
    static func power(_ x: Double, _ exponent: Double) -> Double {
        switch exponent {
        case 0: 1
        case 1: x
        case 2: x * x
        case 3: x * x * x
        case 0.5: x.squareRoot()
        case -0.5: 1 / x.squareRoot()
        case -1: 1 / x
        case -2: 1 / (x * x)
        default: Foundation.pow(x, exponent)
        }
    }

    /// Elementwise `self ** exponent` with a tensor of exponents, broadcast together
    /// (the notebook's `x.unsqueeze(-1).pow(p)` with `p = [1, 2, 3]`).
    public func pow(_ exponent: Tensor) -> Tensor {
        let (data, shape) = Broadcasting.zip(self.data, self.shape, exponent.data, exponent.shape, Foundation.pow)
        let needBase = requiresGrad, needExponent = exponent.requiresGrad
        let base = self.data, baseShape = self.shape, powers = exponent.data, powerShape = exponent.shape
        let node = Tensor.node("PowBackward1", self, exponent) { grad in
            let x = Broadcasting.expand(base, from: baseShape, to: shape)
            let e = Broadcasting.expand(powers, from: powerShape, to: shape)
            var gradBase: [Double]?
            if needBase {
                let full = Kernels.zip3(grad, x, e) { g, x, e in e == 0 ? 0 : g * (e * Foundation.pow(x, e - 1)) }
                gradBase = Broadcasting.reduce(full, from: shape, to: baseShape)
            }
            var gradExponent: [Double]?
            if needExponent {
                let full = (0..<grad.count).map { i in
                    x[i] == 0 && e[i] >= 0 ? 0 : grad[i] * (data[i] * Foundation.log(x[i]))
                }
                gradExponent = Broadcasting.reduce(full, from: shape, to: powerShape)
            }
            return [gradBase, gradExponent]
        }
        return Tensor(result: data, shape: shape, node: node)
    }

    /// `pow(2)`, with its rule (`PowBackward0`).
    public func square() -> Tensor { pow(2) }
}
