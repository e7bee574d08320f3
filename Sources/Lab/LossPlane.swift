import Grad

/// The loss over one plane `origin + α·u + β·v` through parameter space, a point at a time: what
/// the landscape view fills its grid with.
///
/// For a layered model whose first layer is `Linear`, the first layer is linear in its weights, so
/// its output over the plane is `x·W₀ᵀ + α·x·Uᵀ + β·x·Vᵀ` (plus the bias, likewise): the three
/// products with the data are made once, and each point then costs only the layers after it (for
/// two-layer-net, 64×100×10 multiply-adds instead of 64×1000×100). The values agree with
/// `Session.loss(at:)` to rounding (the sums are grouped differently), which is all a contour plot
/// needs. A loss that is an exact quadratic (`quadraticAnalysis()`) comes from its quadratic form,
/// with no pass over the data; other models evaluate `Session.loss(at:)` at each point.
public final class LossPlane {
    public let origin: [Double]
    public let u: [Double]
    public let v: [Double]
    private let session: Session
    private let network: Model.NetworkPlane?
    private let quadratic: QuadraticAnalysis.PlaneQuadratic?

    init(session: Session, origin: [Double], u: [Double], v: [Double], network: Model.NetworkPlane?) {
        self.session = session
        self.origin = origin
        self.u = u
        self.v = v
        self.network = network
        let analysis = network == nil ? session.quadraticAnalysis() : nil
        quadratic = analysis?.planeForm(origin: origin, u: u, v: v)
    }

    /// The loss at `origin + alpha·u + beta·v`.
    public func loss(alpha: Double, beta: Double) -> Double {
        if let network { return network.loss(alpha: alpha, beta: beta) }
        if let quadratic { return quadratic.loss(alpha: alpha, beta: beta) }
        return session.loss(at: (0..<origin.count).map { origin[$0] + alpha * u[$0] + beta * v[$0] })
    }
}

extension Session {
    /// An evaluator of the loss over the plane `origin + α·u + β·v` (flat parameter vectors, as
    /// `flatParameterValues`); keep it while filling one grid.
    public func lossPlane(origin: [Double], directions u: [Double], _ v: [Double]) -> LossPlane {
        LossPlane(session: self, origin: origin, u: u, v: v, network: networkPlane(origin: origin, u: u, v: v))
    }
}

extension Model {
    /// The first `Linear` layer's output over a plane, made once, and the layers after it.
    final class NetworkPlane {
        let rest: [any Module]
        let restTensors: [Tensor]
        /// Each of `restTensors`' values at the origin and along u and v.
        let restSlices: [(origin: [Double], u: [Double], v: [Double])]
        let base: [Double], alongU: [Double], alongV: [Double]
        let bias: (origin: [Double], u: [Double], v: [Double])?
        let shape: [Int]
        let targets: Tensor
        let kind: LossKind
        let count: Int
        let l1: Double
        /// The plane's origin and directions over every parameter, and each tensor's size.
        let origin: [Double], u: [Double], v: [Double]
        let tensorSizes: [Int]

        init(first: Linear, rest: [any Module], inputs: Tensor, targets: Tensor, kind: LossKind, count: Int,
             origin: [Double], u: [Double], v: [Double], l1: Double = 0) {
            let weights = first.weight.count
            self.l1 = l1
            self.origin = origin
            self.u = u
            self.v = v
            tensorSizes = ([first.weight, first.bias].compactMap { $0 } + rest.flatMap { $0.parameters() }).map(\.count)
            func product(_ values: ArraySlice<Double>) -> Tensor {
                noGrad { Tensor.linear(inputs, weight: Tensor(Array(values), shape: first.weight.shape), bias: nil) }
            }
            let products = [origin, u, v].map { product($0[0..<weights]) }
            base = products[0].data
            alongU = products[1].data
            alongV = products[2].data
            shape = products[0].shape
            var offset = weights
            if let firstBias = first.bias {
                let range = offset..<(offset + firstBias.count)
                bias = (Array(origin[range]), Array(u[range]), Array(v[range]))
                offset += firstBias.count
            } else {
                bias = nil
            }
            self.rest = rest
            restTensors = rest.flatMap { $0.parameters() }
            var slices: [(origin: [Double], u: [Double], v: [Double])] = []
            for tensor in restTensors {
                let range = offset..<(offset + tensor.count)
                slices.append((Array(origin[range]), Array(u[range]), Array(v[range])))
                offset += tensor.count
            }
            restSlices = slices
            self.targets = targets
            self.kind = kind
            self.count = count
        }

        func loss(alpha: Double, beta: Double) -> Double {
            let width = shape.last ?? 1
            var hidden = [Double](repeating: 0, count: base.count)
            for i in 0..<base.count {
                var value = base[i] + alpha * alongU[i] + beta * alongV[i]
                if let bias {
                    let j = i % width
                    value += bias.origin[j] + alpha * bias.u[j] + beta * bias.v[j]
                }
                hidden[i] = value
            }
            let saved = restTensors.map(\.data)
            defer { for (tensor, data) in zip(restTensors, saved) { tensor.data = data } }
            for (tensor, slice) in zip(restTensors, restSlices) {
                tensor.data = (0..<tensor.count).map { slice.origin[$0] + alpha * slice.u[$0] + beta * slice.v[$0] }
            }
            return noGrad {
                let output = rest.reduce(Tensor(hidden, shape: shape)) { $1.forward($0) }
                return Model.loss(kind, output, targets, count: count).item + penalty(alpha: alpha, beta: beta)
            }
        }

        /// The L1 term at the plane's point (α, β), summed tensor by tensor as `l1Penalty` sums.
        private func penalty(alpha: Double, beta: Double) -> Double {
            guard l1 > 0 else { return 0 }
            var total = 0.0, offset = 0
            for size in tensorSizes {
                var sum = 0.0
                for i in offset..<(offset + size) { sum += Swift.abs(origin[i] + alpha * u[i] + beta * v[i]) }
                total += sum
                offset += size
            }
            return total * l1
        }
    }
}
