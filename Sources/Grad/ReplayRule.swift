import CGradKernels

/// What an operation computes, kept beside its backward closure so that a `LossPlan` can run it
/// again on new values, into buffers it owns, without building a graph. Each case evaluates with
/// the same kernels and in the same order as the operation and its backward rule, so a replayed
/// step has the bits of a freshly built one. Operations without a rule (general broadcasting,
/// matmul, concatenation, custom functions) make a graph that is not replayed.
enum ReplayRule {
    /// `a op b` where each side has the output's shape or is one value (see `Broadcasting.arithmetic`);
    /// `aMatches`/`bMatches`: whether that side's shape is the output's (else its gradient is summed).
    case binary(tl_operation, aMatches: Bool, bMatches: Bool)
    /// `meanSquaredError` of two tensors of one shape.
    case squaredError(Reduction)
    /// `Tensor.linear` of an N×in input, an out×in weight and, when there are three operands, a bias.
    case linear(rows: Int, inputs: Int, outputs: Int)
    case elementwise(ElementwiseFunction)
    case power(Double)
    case negate
    case sum, mean
    /// The same values in another shape (reshape, unsqueeze, squeeze, flatten).
    case view
}

/// Pointers to one recorded operation's operands, output and output gradient during a replay.
struct ReplayBuffers {
    var operands: (UnsafePointer<Double>, UnsafePointer<Double>?, UnsafePointer<Double>?)
    var counts: (Int, Int, Int)
    var output: UnsafeMutablePointer<Double>
    var outputCount: Int
    var outputGrad: UnsafePointer<Double>
    /// Which operands need a gradient (the operation's `requiresGrad` of each input).
    var needs: (Bool, Bool, Bool)
    /// Room for intermediate values: at least as many as the largest operand, output or weight, and
    /// a linear step's `tl_gemm_sparse` scratch.
    var work: UnsafeMutablePointer<Double>
}

extension ReplayRule {
    /// Computes the output's values from the operands'.
    func forward(_ r: ReplayBuffers) {
        let a = r.operands.0, out = r.output, n = r.outputCount
        switch self {
        case .binary(let operation, _, _):
            tl_binary(Int32(operation.rawValue), a, r.counts.0 == n ? 1 : 0, r.operands.1!, r.counts.1 == n ? 1 : 0, out, n)
        case .squaredError(let reduction):
            var total = tl_squared_error_sum(a, r.operands.1!, r.counts.0)
            if reduction == .mean { total /= Double(r.counts.0) }
            out[0] = total
        case .linear(let rows, let inputs, let outputs):
            Kernels.transpose(r.operands.1!, r.work, m: outputs, n: inputs)
            Kernels.gemm(a, rowStride: inputs, columnStride: 1, r.work, out, m: rows, k: inputs, n: outputs)
            if let bias = r.operands.2 { Self.addBias(bias, to: out, rows: rows, columns: outputs) }
        case .elementwise(let function):
            function.values(a, out, n)
        case .power(let exponent):
            if exponent == 1 { out.update(from: a, count: n) } else { Self.loop(a, out, n) { Tensor.power($0, exponent) } }
        case .negate:
            Self.loop(a, out, n) { -$0 }
        case .sum:
            out[0] = tl_sum(a, r.counts.0)
        case .mean:
            out[0] = tl_sum(a, r.counts.0) / Double(r.counts.0)
        case .view:
            out.update(from: a, count: n)
        }
    }

    /// Whether operand `index`'s gradient is the output's gradient itself (a plan then lets the
    /// operand share the output's gradient buffer instead of copying it).
    func passesGradient(operand index: Int) -> Bool {
        switch self {
        case .binary(TL_ADD, let aMatches, let bMatches): index == 0 ? aMatches : bMatches
        case .binary(TL_SUBTRACT, let aMatches, _): index == 0 && aMatches
        case .power(1), .view: true
        default: false
        }
    }

    /// Writes the gradient of operand `index` (which needs one) into `into`, as the operation's
    /// backward closure computes it.
    func backward(_ r: ReplayBuffers, operand index: Int, into: UnsafeMutablePointer<Double>) {
        let g = r.outputGrad, n = r.outputCount
        switch self {
        case .binary(let operation, let aMatches, let bMatches):
            let matches = index == 0 ? aMatches : bMatches
            switch operation {
            case TL_ADD:
                if matches { into.update(from: g, count: n) } else { into[0] = tl_sum(g, n) }
            case TL_SUBTRACT where index == 0:
                if matches { into.update(from: g, count: n) } else { into[0] = tl_sum(g, n) }
            case TL_SUBTRACT:
                let negated = matches ? into : r.work
                Self.loop(g, negated, n) { -$0 }
                if !matches { into[0] = tl_sum(r.work, n) }
            case TL_MULTIPLY:
                let other = index == 0 ? r.operands.1! : r.operands.0
                let otherCount = index == 0 ? r.counts.1 : r.counts.0
                let otherMatches = index == 0 ? bMatches : aMatches
                let count = index == 0 ? r.counts.0 : r.counts.1
                if count == 1, otherMatches {
                    into[0] = tl_dot(g, other, n)
                    return
                }
                let scaled = matches ? into : r.work
                tl_binary(Int32(TL_MULTIPLY.rawValue), g, 1, other, otherCount == n ? 1 : 0, scaled, n)
                if !matches { into[0] = tl_sum(r.work, n) }
            default:
                let x = r.operands.0, y = r.operands.1!
                let xStep = aMatches ? 1 : 0, yStep = bMatches ? 1 : 0
                let full = matches ? into : r.work
                var i = 0
                if index == 0 {
                    while i < n { full[i] = g[i] / y[i &* yStep]; i &+= 1 }
                } else {
                    while i < n { full[i] = -g[i] * ((x[i &* xStep] / y[i &* yStep]) / y[i &* yStep]); i &+= 1 }
                }
                if !matches { into[0] = tl_sum(r.work, n) }
            }
        case .squaredError(let reduction):
            let count = r.counts.0
            let norm = reduction == .sum ? 2 : 2 / Double(count)
            let p = r.operands.0, t = r.operands.1!, scale = g[0]
            if index == 0 {
                tl_squared_error_gradient(p, t, norm, scale, into, count)
            } else if r.needs.0 {
                tl_squared_error_gradient(p, t, norm, scale, r.work, count)
                Self.loop(r.work, into, count) { -$0 }
            } else {
                var i = 0
                while i < count { into[i] = -(norm * (p[i] - t[i]) * scale); i &+= 1 }
            }
        case .linear(let rows, let inputs, let outputs):
            switch index {
            case 0: Kernels.gemm(g, rowStride: outputs, columnStride: 1, r.operands.1!, into, m: rows, k: outputs, n: inputs)
            // The weight's gradient gᵀ·x; g is about half zeros after a ReLU (`work` holds the
            // sparse product's scratch: see `LossPlan`).
            case 1: tl_gemm_sparse(g, 1, outputs, r.operands.0, into, outputs, rows, inputs, r.work)
            default: Self.columnSums(g, into: into, rows: rows, columns: outputs)
            }
        case .elementwise(let function):
            function.gradients(g, r.operands.0, r.output, into, n)
        case .power(let exponent):
            Self.powerGradient(g, r.operands.0, exponent: exponent, into: into, n)
        case .negate:
            Self.loop(g, into, n) { -$0 }
        case .sum:
            into.update(repeating: g[0], count: r.counts.0)
        case .mean:
            into.update(repeating: g[0] / Double(r.counts.0), count: r.counts.0)
        case .view:
            into.update(from: g, count: n)
        }
    }

    /// `grad · (exponent · x^(exponent − 1))` elementwise, as PyTorch's `pow_backward`, with the
    /// engine's special cases for exponents 0 to 3.
    @inline(__always)
    static func powerGradient(_ grad: UnsafePointer<Double>, _ x: UnsafePointer<Double>, exponent: Double,
                              into out: UnsafeMutablePointer<Double>, _ n: Int) {
        var i = 0
        switch exponent {
        case 0: out.update(repeating: 0, count: n)
        case 1: out.update(from: grad, count: n)
        case 2: while i < n { out[i] = grad[i] * (2 * x[i]); i &+= 1 }
        case 3: while i < n { out[i] = grad[i] * (3 * (x[i] * x[i])); i &+= 1 }
        default:
            let lowered = exponent - 1
            while i < n { out[i] = grad[i] * (exponent * Tensor.power(x[i], lowered)); i &+= 1 }
        }
    }

    /// r[i·columns + j] += bias[j] for every row i.
    @inline(__always)
    static func addBias(_ bias: UnsafePointer<Double>, to r: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        var i = 0
        while i < rows {
            var j = 0
            while j < columns { r[i &* columns &+ j] += bias[j]; j &+= 1 }
            i &+= 1
        }
    }

    /// The column sums of a row-major rows×columns matrix, each added up from the first row down.
    @inline(__always)
    static func columnSums(_ d: UnsafePointer<Double>, into result: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        result.update(repeating: 0, count: columns)
        var i = 0
        while i < rows {
            var j = 0
            while j < columns { result[j] += d[i &* columns &+ j]; j &+= 1 }
            i &+= 1
        }
    }

    @inline(__always)
    private static func loop(_ a: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ n: Int,
                             _ f: (Double) -> Double) {
        var i = 0
        while i < n { out[i] = f(a[i]); i &+= 1 }
    }
}
