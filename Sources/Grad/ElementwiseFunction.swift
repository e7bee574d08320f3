import Foundation

/// The one-input elementwise functions of the engine, each with the derivative rule its
/// backward pass uses. Operations and replayed plans both evaluate them through here, so the
/// two compute the same bits.
enum ElementwiseFunction {
    case sin, cos, exp, log, tanh
    /// `1 / (1 + exp(−x))`, as PyTorch's CPU kernel computes it.
    case sigmoid
    /// `max(x, 0)`, keeping NaN.
    case relu
    /// `max(x, minimum)`, keeping NaN.
    case clamp(minimum: Double)
    /// `|x|`.
    case abs

    /// PyTorch's `grad_fn` name.
    var nodeName: String {
        switch self {
        case .sin: "SinBackward0"
        case .cos: "CosBackward0"
        case .exp: "ExpBackward0"
        case .log: "LogBackward0"
        case .tanh: "TanhBackward0"
        case .sigmoid: "SigmoidBackward0"
        case .relu: "ReluBackward0"
        case .clamp: "ClampBackward1"
        case .abs: "AbsBackward0"
        }
    }

    @inline(__always)
    func value(_ x: Double) -> Double {
        switch self {
        case .sin: Foundation.sin(x)
        case .cos: Foundation.cos(x)
        case .exp: Foundation.exp(x)
        case .log: Foundation.log(x)
        case .tanh: Foundation.tanh(x)
        case .sigmoid: 1 / (1 + Foundation.exp(-x))
        case .relu: x <= 0 ? 0 : x
        case .clamp(let minimum): x.isNaN ? x : Swift.max(x, minimum)
        case .abs: Swift.abs(x)
        }
    }

    /// The gradient of the input from the output's gradient `g`, the input `x` and the output `y`.
    /// ReLU's is PyTorch's `threshold_backward(grad, result, 0)`; the sigmoid's is its
    /// `sigmoid_backward`, `(grad · (1 − y)) · y`; clamp passes the gradient only
    /// strictly above the minimum; abs's is PyTorch's `grad * self.sgn()`, with sgn(0) = 0.
    @inline(__always)
    func derivative(_ g: Double, _ x: Double, _ y: Double) -> Double {
        switch self {
        case .sin: g * Foundation.cos(x)
        case .cos: g * -Foundation.sin(x)
        case .exp: g * y
        case .log: g / x
        case .tanh: g * (1 - y * y)
        case .sigmoid: g * (1 - y) * y
        case .relu: y <= 0 ? 0 : g
        case .clamp(let minimum): x > minimum ? g : 0
        case .abs: g * ((x > 0 ? 1 : 0) - (x < 0 ? 1 : 0))
        }
    }

    /// out[i] = value(a[i]) for i < n.
    @inline(__always)
    func values(_ a: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ n: Int) {
        switch self {
        case .sin: Self.loop(a, out, n) { Foundation.sin($0) }
        case .cos: Self.loop(a, out, n) { Foundation.cos($0) }
        case .exp: Self.loop(a, out, n) { Foundation.exp($0) }
        case .log: Self.loop(a, out, n) { Foundation.log($0) }
        case .tanh: Self.loop(a, out, n) { Foundation.tanh($0) }
        case .sigmoid: Self.loop(a, out, n) { 1 / (1 + Foundation.exp(-$0)) }
        case .relu: Self.loop(a, out, n) { $0 <= 0 ? 0 : $0 }
        case .clamp(let minimum): Self.loop(a, out, n) { $0.isNaN ? $0 : Swift.max($0, minimum) }
        case .abs: Self.loop(a, out, n) { Swift.abs($0) }
        }
    }

    /// out[i] = derivative(grad[i], x[i], y[i]) for i < n.
    @inline(__always)
    func gradients(_ grad: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
                   _ out: UnsafeMutablePointer<Double>, _ n: Int) {
        var i = 0
        switch self {
        case .relu: while i < n { out[i] = y[i] <= 0 ? 0 : grad[i]; i &+= 1 }
        case .exp: while i < n { out[i] = grad[i] * y[i]; i &+= 1 }
        case .tanh: while i < n { out[i] = grad[i] * (1 - y[i] * y[i]); i &+= 1 }
        default: while i < n { out[i] = derivative(grad[i], x[i], y[i]); i &+= 1 }
        }
    }

    @inline(__always)
    private static func loop(_ a: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ n: Int,
                             _ f: (Double) -> Double) {
        var i = 0
        while i < n { out[i] = f(a[i]); i &+= 1 }
    }
}
