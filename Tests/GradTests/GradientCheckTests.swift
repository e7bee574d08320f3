import Foundation
import Grad
import Testing

/// Finite-difference gradient checks of every differentiable operation of the engine, with forward
/// values compared against the plain reference implementations in `Support/ReferenceOps.swift`.
@Suite("Gradient check")
struct GradientCheckTests {
    // MARK: - Arithmetic

    static let arithmeticCases: [OpCase] = [
        .binary("[3,4] + [3,4]", .grad([3, 4]), .grad([3, 4]), { $0 + $1 }, { $0 + $1 }),
        .binary("[3,4] − [3,4]", .grad([3, 4]), .grad([3, 4]), { $0 - $1 }, { $0 - $1 }),
        .binary("[3,4] × [3,4]", .grad([3, 4]), .grad([3, 4]), { $0 * $1 }, { $0 * $1 }),
        .binary("[3,4] ÷ [3,4]", .grad([3, 4]), .grad([3, 4], .symmetric), { $0 / $1 }, { $0 / $1 }),
        .unary("−x", .grad([3, 4]), { -$0 }, { -$0 }),
        // One operand constant: only the other one gets a gradient.
        .binary("[3,4] × constant [3,4]", .grad([3, 4]), .constant([3, 4]), { $0 * $1 }, { $0 * $1 }),
        .binary("constant [3,4] ÷ [3,4]", .constant([3, 4]), .grad([3, 4]), { $0 / $1 }, { $0 / $1 }),
        .binary("constant [3,4] − [3,4]", .constant([3, 4]), .grad([3, 4]), { $0 - $1 }, { $0 - $1 }),
    ]

    static let broadcastingCases: [OpCase] = [
        .binary("[3,1] + [1,4]", .grad([3, 1]), .grad([1, 4]), { $0 + $1 }, { $0 + $1 }),
        .binary("[3,1] − [1,4]", .grad([3, 1]), .grad([1, 4]), { $0 - $1 }, { $0 - $1 }),
        .binary("[3,1] × [1,4]", .grad([3, 1]), .grad([1, 4]), { $0 * $1 }, { $0 * $1 }),
        .binary("[3,1] ÷ [1,4]", .grad([3, 1]), .grad([1, 4]), { $0 / $1 }, { $0 / $1 }),
        .binary("[2,3] × [3]", .grad([2, 3]), .grad([3]), { $0 * $1 }, { $0 * $1 }),
        .binary("[3] × [2,3]", .grad([3]), .grad([2, 3]), { $0 * $1 }, { $0 * $1 }),
        .binary("[2,3] + [3]", .grad([2, 3]), .grad([3]), { $0 + $1 }, { $0 + $1 }),
        .binary("[] + [5]", .grad([]), .grad([5]), { $0 + $1 }, { $0 + $1 }),
        .binary("[5] − []", .grad([5]), .grad([]), { $0 - $1 }, { $0 - $1 }),
        .binary("[] − [5]", .grad([]), .grad([5]), { $0 - $1 }, { $0 - $1 }),
        .binary("[] × [5]", .grad([]), .grad([5]), { $0 * $1 }, { $0 * $1 }),
        .binary("[5] × []", .grad([5]), .grad([]), { $0 * $1 }, { $0 * $1 }),
        .binary("[] ÷ [5]", .grad([]), .grad([5]), { $0 / $1 }, { $0 / $1 }),
        .binary("[5] ÷ []", .grad([5]), .grad([]), { $0 / $1 }, { $0 / $1 }),
        .binary("[] × []", .grad([]), .grad([]), { $0 * $1 }, { $0 * $1 }),
        .binary("[3,4] × [1]", .grad([3, 4]), .grad([1]), { $0 * $1 }, { $0 * $1 }),
        .binary("[1,1] × [3,4]", .grad([1, 1]), .grad([3, 4]), { $0 * $1 }, { $0 * $1 }),
        .binary("[4,1] ÷ [4]", .grad([4, 1]), .grad([4]), { $0 / $1 }, { $0 / $1 }),
        .binary("[4] ÷ [4,1]", .grad([4]), .grad([4, 1]), { $0 / $1 }, { $0 / $1 }),
        .binary("[2,1,3] × [4,1]", .grad([2, 1, 3]), .grad([4, 1]), { $0 * $1 }, { $0 * $1 }),
        .binary("[2,1,3] − [4,3]", .grad([2, 1, 3]), .grad([4, 3]), { $0 - $1 }, { $0 - $1 }),
        .binary("[2,3] × constant [3]", .grad([2, 3]), .constant([3]), { $0 * $1 }, { $0 * $1 }),
        .binary("constant [] × [5]", .constant([]), .grad([5]), { $0 * $1 }, { $0 * $1 }),
    ]

    static let scalarsCases: [OpCase] = [
        .unary("x + 2.5", .grad([3, 4]), { $0 + 2.5 }, { $0 + 2.5 }),
        .unary("2.5 + x", .grad([3, 4]), { 2.5 + $0 }, { 2.5 + $0 }),
        .unary("x − 2.5", .grad([3, 4]), { $0 - 2.5 }, { $0 - 2.5 }),
        .unary("2.5 − x", .grad([3, 4]), { 2.5 - $0 }, { 2.5 - $0 }),
        .unary("x × 2.5", .grad([3, 4]), { $0 * 2.5 }, { $0 * 2.5 }),
        .unary("2.5 × x", .grad([3, 4]), { 2.5 * $0 }, { 2.5 * $0 }),
        .unary("x ÷ 2.5", .grad([3, 4]), { $0 / 2.5 }, { $0 / 2.5 }),
        .unary("2.5 ÷ x", .grad([3, 4]), { 2.5 / $0 }, { 2.5 / $0 }),
        .unary("scalar tensor × 2.5", .grad([]), { $0 * 2.5 }, { $0 * 2.5 }),
        .unary("1 − scalar tensor", .grad([]), { 1 - $0 }, { 1 - $0 }),
    ]

    @Test("arithmetic", arguments: arithmeticCases)
    func arithmetic(_ op: OpCase) { GradientChecker.check(op) }

    @Test("broadcasting", arguments: broadcastingCases)
    func broadcasting(_ op: OpCase) { GradientChecker.check(op) }

    @Test("with plain numbers on either side", arguments: scalarsCases)
    func scalars(_ op: OpCase) { GradientChecker.check(op) }

    // MARK: - Powers

    /// Exponents with the domain of bases on which x^e is real and smooth.
    static let exponents: [(Double, Domain)] = [
        (2, .symmetric), (3, .symmetric), (0.5, .positive), (-1, .symmetric), (1.7, .positive),
        (0, .symmetric), (1, .symmetric), (-0.5, .positive), (-2, .symmetric), (2.5, .positive), (-1.3, .positive),
    ]

    static let scalarPowersCases: [OpCase] = exponents.map { exponent, domain in
        .unary("x.pow(\(exponent))", .grad([3, 4], domain), { $0.pow(exponent) }, { Foundation.pow($0, exponent) })
    } + [
        .unary("x.square()", .grad([3, 4]), { $0.square() }, { $0 * $0 }),
        .unary("scalar.pow(3)", .grad([]), { $0.pow(3) }, { $0 * $0 * $0 }),
    ]

    static let tensorPowersCases: [OpCase] = [
        .binary("[2,3].pow([2,3]) both differentiable", .grad([2, 3], .positive), .grad([2, 3], .away(from: 0.5)),
                { $0.pow($1) }, { Foundation.pow($0, $1) }),
        // The notebook's features: x.unsqueeze(-1).pow(Tensor([1, 2, 3])), negative x included.
        OpCase("x.unsqueeze(-1).pow([1,2,3]) (notebook)", [.grad([5]), .constant([3], .fixed([1, 2, 3]))], output: [5, 3],
               engine: { $0[0].unsqueeze(-1).pow($0[1]) },
               reference: { Reference.binary($0[0], [5, 1], $0[1], [3], Foundation.pow) }),
        .binary("[4,1].pow([3]) exponent differentiable", .grad([4, 1], .positive), .grad([3], .away(from: 0.5)),
                { $0.pow($1) }, { Foundation.pow($0, $1) }),
        .binary("[].pow([5])", .grad([], .positive), .grad([5], .away(from: 0.5)), { $0.pow($1) }, { Foundation.pow($0, $1) }),
        OpCase("x.unsqueeze(-1).pow([0,1,2]) (exponent 0)", [.grad([5]), .constant([3], .fixed([0, 1, 2]))], output: [5, 3],
               engine: { $0[0].unsqueeze(-1).pow($0[1]) },
               reference: { Reference.binary($0[0], [5, 1], $0[1], [3], Foundation.pow) }),
        .binary("negative base, integer exponents", .grad([2, 3], .symmetric), .constant([2, 3], .fixed([1, 2, 3, -1, -2, 4])),
                { $0.pow($1) }, { Foundation.pow($0, $1) }),
    ]

    @Test("pow with a number", arguments: scalarPowersCases)
    func scalarPower(_ op: OpCase) { GradientChecker.check(op) }

    @Test("pow with a tensor of exponents", arguments: tensorPowersCases)
    func tensorPower(_ op: OpCase) { GradientChecker.check(op) }

    // MARK: - Reductions

    static let reductionsCases: [OpCase] = {
        var cases: [OpCase] = [
            OpCase("sum() of [3,4]", [.grad([3, 4])], output: [], engine: { $0[0].sum() }, reference: { [$0[0].reduce(0, +)] }),
            OpCase("mean() of [3,4]", [.grad([3, 4])], output: [], engine: { $0[0].mean() },
                   reference: { [$0[0].reduce(0, +) / 12] }),
            OpCase("sum() of [2,3,4]", [.grad([2, 3, 4])], output: [], engine: { $0[0].sum() }, reference: { [$0[0].reduce(0, +)] }),
            OpCase("sum() of a scalar", [.grad([])], output: [], engine: { $0[0].sum() }, reference: { $0[0] }),
            OpCase("mean() of [17] (odd, not a multiple of 8)", [.grad([17])], output: [], engine: { $0[0].mean() },
                   reference: { [$0[0].reduce(0, +) / 17] }),
            OpCase("sum(axis: 0) of [5]", [.grad([5])], output: [], engine: { $0[0].sum(axis: 0) },
                   reference: { [$0[0].reduce(0, +)] }),
        ]
        let shape = [2, 3, 4]
        for axis in [0, 1, 2, -1, -2, -3] {
            for keepDim in [false, true] {
                let normalized = axis < 0 ? axis + 3 : axis
                var output = shape
                if keepDim { output[normalized] = 1 } else { output.remove(at: normalized) }
                cases.append(OpCase("sum(axis: \(axis), keepDim: \(keepDim)) of [2,3,4]", [.grad(shape)], output: output,
                                    engine: { $0[0].sum(axis: axis, keepDim: keepDim) },
                                    reference: { Reference.reduce($0[0], shape, axis: normalized, mean: false) }))
                cases.append(OpCase("mean(axis: \(axis), keepDim: \(keepDim)) of [2,3,4]", [.grad(shape)], output: output,
                                    engine: { $0[0].mean(axis: axis, keepDim: keepDim) },
                                    reference: { Reference.reduce($0[0], shape, axis: normalized, mean: true) }))
            }
        }
        for (axis, keepDim) in [(0, false), (1, false), (-1, true), (0, true)] {
            let normalized = axis < 0 ? axis + 2 : axis
            var output = [3, 4]
            if keepDim { output[normalized] = 1 } else { output.remove(at: normalized) }
            cases.append(OpCase("mean(axis: \(axis), keepDim: \(keepDim)) of [3,4]", [.grad([3, 4])], output: output,
                                engine: { $0[0].mean(axis: axis, keepDim: keepDim) },
                                reference: { Reference.reduce($0[0], [3, 4], axis: normalized, mean: true) }))
        }
        return cases
    }()

    @Test("sum and mean", arguments: reductionsCases)
    func reduction(_ op: OpCase) { GradientChecker.check(op) }

    // MARK: - Matrix products

    static let productsCases: [OpCase] = [
        OpCase("[3,4] matmul [4,2]", [.grad([3, 4]), .grad([4, 2])], output: [3, 2], engine: { $0[0].matmul($0[1]) },
               reference: { Reference.matmul($0[0], $0[1], m: 3, k: 4, n: 2) }),
        OpCase("[3,4] matmul [4] (matrix × vector)", [.grad([3, 4]), .grad([4])], output: [3], engine: { $0[0].matmul($0[1]) },
               reference: { Reference.matmul($0[0], $0[1], m: 3, k: 4, n: 1) }),
        OpCase("[1,5] matmul [5,1]", [.grad([1, 5]), .grad([5, 1])], output: [1, 1], engine: { $0[0].matmul($0[1]) },
               reference: { Reference.matmul($0[0], $0[1], m: 1, k: 5, n: 1) }),
        OpCase("[9,11] matmul [11,10] (odd sizes)", [.grad([9, 11]), .grad([11, 10])], output: [9, 10],
               engine: { $0[0].matmul($0[1]) }, reference: { Reference.matmul($0[0], $0[1], m: 9, k: 11, n: 10) }),
        OpCase("[8,16] matmul [16,8] (whole 4×8 tiles)", [.grad([8, 16]), .grad([16, 8])], output: [8, 8],
               engine: { $0[0].matmul($0[1]) }, reference: { Reference.matmul($0[0], $0[1], m: 8, k: 16, n: 8) }),
        OpCase("[13,7] matmul [7,17] (tiles and remainders)", [.grad([13, 7]), .grad([7, 17])], output: [13, 17],
               engine: { $0[0].matmul($0[1]) }, reference: { Reference.matmul($0[0], $0[1], m: 13, k: 7, n: 17) }),
        OpCase("[4,0] matmul [0,3] (empty inner dimension: zeros)", [.grad([4, 0]), .grad([0, 3])], output: [4, 3],
               engine: { $0[0].matmul($0[1]) }, reference: { _ in [Double](repeating: 0, count: 12) }),
        OpCase("[12,9] matmul [9] (matrix × vector, 12 rows)", [.grad([12, 9]), .grad([9])], output: [12],
               engine: { $0[0].matmul($0[1]) }, reference: { Reference.matmul($0[0], $0[1], m: 12, k: 9, n: 1) }),
        OpCase("constant [3,4] matmul [4,2]", [.constant([3, 4]), .grad([4, 2])], output: [3, 2],
               engine: { $0[0].matmul($0[1]) }, reference: { Reference.matmul($0[0], $0[1], m: 3, k: 4, n: 2) }),
        OpCase("[3,4] matmul constant [4,2]", [.grad([3, 4]), .constant([4, 2])], output: [3, 2],
               engine: { $0[0].matmul($0[1]) }, reference: { Reference.matmul($0[0], $0[1], m: 3, k: 4, n: 2) }),
        OpCase("linear(input [5,3], weight [2,3], bias [2])", [.grad([5, 3]), .grad([2, 3]), .grad([2])], output: [5, 2],
               engine: { Tensor.linear($0[0], weight: $0[1], bias: $0[2]) },
               reference: { v in
                   let product = Reference.matmul(v[0], Reference.transpose(v[1], rows: 2, columns: 3), m: 5, k: 3, n: 2)
                   return Reference.binary(product, [5, 2], v[2], [2], +)
               }),
        OpCase("linear(input [12,16], weight [8,16], bias [8])", [.grad([12, 16]), .grad([8, 16]), .grad([8])], output: [12, 8],
               engine: { Tensor.linear($0[0], weight: $0[1], bias: $0[2]) },
               reference: { v in
                   let product = Reference.matmul(v[0], Reference.transpose(v[1], rows: 8, columns: 16), m: 12, k: 16, n: 8)
                   return Reference.binary(product, [12, 8], v[2], [8], +)
               }),
        OpCase("linear(input [5,3], weight [2,3]) without bias", [.grad([5, 3]), .grad([2, 3])], output: [5, 2],
               engine: { Tensor.linear($0[0], weight: $0[1], bias: nil) },
               reference: { Reference.matmul($0[0], Reference.transpose($0[1], rows: 2, columns: 3), m: 5, k: 3, n: 2) }),
        OpCase("linear(constant input [4,6], weight [3,6], bias [3])", [.constant([4, 6]), .grad([3, 6]), .grad([3])], output: [4, 3],
               engine: { Tensor.linear($0[0], weight: $0[1], bias: $0[2]) },
               reference: { v in
                   let product = Reference.matmul(v[0], Reference.transpose(v[1], rows: 3, columns: 6), m: 4, k: 6, n: 3)
                   return Reference.binary(product, [4, 3], v[2], [3], +)
               }),
        OpCase("linear with a constant bias", [.grad([4, 2]), .grad([3, 2]), .constant([3])], output: [4, 3],
               engine: { Tensor.linear($0[0], weight: $0[1], bias: $0[2]) },
               reference: { v in
                   let product = Reference.matmul(v[0], Reference.transpose(v[1], rows: 3, columns: 2), m: 4, k: 2, n: 3)
                   return Reference.binary(product, [4, 3], v[2], [3], +)
               }),
        OpCase("[3,4].transposed()", [.grad([3, 4])], output: [4, 3], engine: { $0[0].transposed() },
               reference: { Reference.transpose($0[0], rows: 3, columns: 4) }),
        OpCase("[40,33].transposed() (beyond one 32×32 block)", [.grad([40, 33])], output: [33, 40], engine: { $0[0].transposed() },
               reference: { Reference.transpose($0[0], rows: 40, columns: 33) }),
        OpCase("x.transposed() matmul x", [.grad([3, 2])], output: [2, 2], engine: { $0[0].transposed().matmul($0[0]) },
               reference: { Reference.matmul(Reference.transpose($0[0], rows: 3, columns: 2), $0[0], m: 2, k: 3, n: 2) }),
    ]

    @Test("matmul, linear, transpose", arguments: productsCases)
    func product(_ op: OpCase) { GradientChecker.check(op) }

    // MARK: - Elementwise functions

    static let elementwiseCases: [OpCase] = [
        .unary("relu", .grad([3, 4], .symmetric), { $0.relu() }, { max($0, 0) }),
        .unary("clamp(min: 0.3)", .grad([3, 4], .away(from: 0.3)), { $0.clamp(min: 0.3) }, { max($0, 0.3) }),
        .unary("clamp(min: 0)", .grad([3, 4], .symmetric), { $0.clamp(min: 0) }, { max($0, 0) }),
        .unary("clamp(min: -0.5)", .grad([3, 4], .away(from: -0.5)), { $0.clamp(min: -0.5) }, { max($0, -0.5) }),
        .unary("sin", .grad([3, 4]), { $0.sin() }, { Foundation.sin($0) }),
        .unary("cos", .grad([3, 4]), { $0.cos() }, { Foundation.cos($0) }),
        .unary("exp", .grad([3, 4]), { $0.exp() }, { Foundation.exp($0) }),
        .unary("log", .grad([3, 4], .positive), { $0.log() }, { Foundation.log($0) }),
        .unary("tanh", .grad([3, 4]), { $0.tanh() }, { Foundation.tanh($0) }),
        .unary("sin of a scalar", .grad([]), { $0.sin() }, { Foundation.sin($0) }),
    ]

    @Test("elementwise functions", arguments: elementwiseCases)
    func elementwise(_ op: OpCase) { GradientChecker.check(op) }

    // MARK: - Shapes

    static let shapesCases: [OpCase] = [
        .view("reshape [2,6] → [3,4]", .grad([2, 6]), output: [3, 4]) { $0.reshape([3, 4]) },
        .view("reshape [2,6] → [3,-1]", .grad([2, 6]), output: [3, 4]) { $0.reshape([3, -1]) },
        .view("reshape [2,6] → [-1]", .grad([2, 6]), output: [12]) { $0.reshape([-1]) },
        .view("reshape [2,3,2] → [-1,2,1]", .grad([2, 3, 2]), output: [6, 2, 1]) { $0.reshape([-1, 2, 1]) },
        .view("reshape [] → [1,1]", .grad([]), output: [1, 1]) { $0.reshape([1, 1]) },
        .view("flatten() of [2,3,4]", .grad([2, 3, 4]), output: [24]) { $0.flatten() },
        .view("flatten(start: 0, end: 1) of [2,3,4]", .grad([2, 3, 4]), output: [6, 4]) { $0.flatten(start: 0, end: 1) },
        .view("flatten(start: 1, end: 2) of [2,3,4]", .grad([2, 3, 4]), output: [2, 12]) { $0.flatten(start: 1, end: 2) },
        .view("flatten(start: 1, end: -1) of [2,3,4]", .grad([2, 3, 4]), output: [2, 12]) { $0.flatten(start: 1, end: -1) },
        .view("flatten(start: 0, end: 1) of [5,1] (the notebook's Flatten(0, 1))", .grad([5, 1]), output: [5]) {
            $0.flatten(start: 0, end: 1)
        },
        .view("flatten(start: 1, end: 1) of [2,3,4] (no-op)", .grad([2, 3, 4]), output: [2, 3, 4]) { $0.flatten(start: 1, end: 1) },
        .view("unsqueeze(0) of [3,4]", .grad([3, 4]), output: [1, 3, 4]) { $0.unsqueeze(0) },
        .view("unsqueeze(1) of [3,4]", .grad([3, 4]), output: [3, 1, 4]) { $0.unsqueeze(1) },
        .view("unsqueeze(2) of [3,4]", .grad([3, 4]), output: [3, 4, 1]) { $0.unsqueeze(2) },
        .view("unsqueeze(-1) of [3,4]", .grad([3, 4]), output: [3, 4, 1]) { $0.unsqueeze(-1) },
        .view("unsqueeze(-3) of [3,4]", .grad([3, 4]), output: [1, 3, 4]) { $0.unsqueeze(-3) },
        .view("unsqueeze(-1) of [5]", .grad([5]), output: [5, 1]) { $0.unsqueeze(-1) },
        .view("unsqueeze(0) of a scalar", .grad([]), output: [1]) { $0.unsqueeze(0) },
        .view("squeeze() of [3,1,4]", .grad([3, 1, 4]), output: [3, 4]) { $0.squeeze() },
        .view("squeeze() of [1,3,1]", .grad([1, 3, 1]), output: [3]) { $0.squeeze() },
        .view("squeeze(1) of [3,1,4]", .grad([3, 1, 4]), output: [3, 4]) { $0.squeeze(1) },
        .view("squeeze(-1) of [1,3,1]", .grad([1, 3, 1]), output: [1, 3]) { $0.squeeze(-1) },
        .view("squeeze(0) of [3,4] (size ≠ 1: unchanged)", .grad([3, 4]), output: [3, 4]) { $0.squeeze(0) },
        .view("squeeze() of [1,1]", .grad([1, 1]), output: []) { $0.squeeze() },
        OpCase("expand [3,1] → [3,4]", [.grad([3, 1])], output: [3, 4], engine: { $0[0].expand(to: [3, 4]) },
               reference: { Reference.expand($0[0], [3, 1], to: [3, 4]) }),
        OpCase("expand [1,4] → [3,4]", [.grad([1, 4])], output: [3, 4], engine: { $0[0].expand(to: [3, 4]) },
               reference: { Reference.expand($0[0], [1, 4], to: [3, 4]) }),
        OpCase("expand [4] → [2,3,4]", [.grad([4])], output: [2, 3, 4], engine: { $0[0].expand(to: [2, 3, 4]) },
               reference: { Reference.expand($0[0], [4], to: [2, 3, 4]) }),
        OpCase("expand [2,1,3] → [2,4,3]", [.grad([2, 1, 3])], output: [2, 4, 3], engine: { $0[0].expand(to: [2, 4, 3]) },
               reference: { Reference.expand($0[0], [2, 1, 3], to: [2, 4, 3]) }),
        OpCase("expand [] → [2,2]", [.grad([])], output: [2, 2], engine: { $0[0].expand(to: [2, 2]) },
               reference: { Reference.expand($0[0], [], to: [2, 2]) }),
        OpCase("expand [3,4] → [3,4] (same shape)", [.grad([3, 4])], output: [3, 4], engine: { $0[0].expand(to: [3, 4]) },
               reference: { $0[0] }),
        OpCase("concatenate [2,3] and [1,3] along 0", [.grad([2, 3]), .grad([1, 3])], output: [3, 3],
               engine: { Tensor.concatenate($0, axis: 0) },
               reference: { Reference.concatenate($0, shapes: [[2, 3], [1, 3]], axis: 0) }),
        OpCase("concatenate [2,3], [2,1], [2,2] along 1", [.grad([2, 3]), .grad([2, 1]), .grad([2, 2])], output: [2, 6],
               engine: { Tensor.concatenate($0, axis: 1) },
               reference: { Reference.concatenate($0, shapes: [[2, 3], [2, 1], [2, 2]], axis: 1) }),
        OpCase("concatenate [2,3,2] and [2,1,2] along -2", [.grad([2, 3, 2]), .grad([2, 1, 2])], output: [2, 4, 2],
               engine: { Tensor.concatenate($0, axis: -2) },
               reference: { Reference.concatenate($0, shapes: [[2, 3, 2], [2, 1, 2]], axis: 1) }),
        OpCase("concatenate [3] and [2] (1-D)", [.grad([3]), .grad([2])], output: [5],
               engine: { Tensor.concatenate($0) },
               reference: { Reference.concatenate($0, shapes: [[3], [2]], axis: 0) }),
        OpCase("concatenate constant [2,2] and [2,3] along -1", [.constant([2, 2]), .grad([2, 3])], output: [2, 5],
               engine: { Tensor.concatenate($0, axis: -1) },
               reference: { Reference.concatenate($0, shapes: [[2, 2], [2, 3]], axis: 1) }),
    ]

    @Test("reshape, flatten, unsqueeze, squeeze, expand, concatenate", arguments: shapesCases)
    func shape(_ op: OpCase) { GradientChecker.check(op) }

    // MARK: - Compositions

    static let compositionsCases: [OpCase] = [
        OpCase("a + b·x + c·x² + d·x³ summed squares (sin-cubic loss)",
               [.grad([]), .grad([]), .grad([]), .grad([]), .constant([7]), .constant([7])], output: [],
               engine: { v in
                   let (a, b, c, d, x, y) = (v[0], v[1], v[2], v[3], v[4], v[5])
                   return (a + b * x + c * x.pow(2) + d * x.pow(3) - y).pow(2).sum()
               },
               reference: { v in
                   var total = 0.0
                   for i in 0..<7 {
                       let x = v[4][i]
                       let r = v[0][0] + v[1][0] * x + v[2][0] * x * x + v[3][0] * x * x * x - v[5][i]
                       total += r * r
                   }
                   return [total]
               }),
        OpCase("x·x + x (a tensor used three times)", [.grad([4])], output: [4],
               engine: { $0[0] * $0[0] + $0[0] }, reference: { $0[0].map { $0 * $0 + $0 } }),
        OpCase("tanh(x·Wᵀ + b) summed over rows", [.grad([4, 3]), .grad([2, 3]), .grad([2])], output: [2],
               engine: { Tensor.linear($0[0], weight: $0[1], bias: $0[2]).tanh().sum(axis: 0) },
               reference: { v in
                   let product = Reference.matmul(v[0], Reference.transpose(v[1], rows: 2, columns: 3), m: 4, k: 3, n: 2)
                   let activated = Reference.binary(product, [4, 2], v[2], [2], +).map { Foundation.tanh($0) }
                   return Reference.reduce(activated, [4, 2], axis: 0, mean: false)
               }),
        OpCase("exp(x) / exp(x).sum(axis: 1, keepDim) (softmax)", [.grad([3, 4])], output: [3, 4],
               engine: { $0[0].exp() / $0[0].exp().sum(axis: 1, keepDim: true) },
               reference: { v in
                   let e = v[0].map { Foundation.exp($0) }
                   let sums = Reference.reduce(e, [3, 4], axis: 1, mean: false)
                   return Reference.binary(e, [3, 4], sums, [3, 1], /)
               }),
        OpCase("log(x) · sin(x) − cos(x)²", [.grad([6], .positive)], output: [6],
               engine: { $0[0].log() * $0[0].sin() - $0[0].cos().pow(2) },
               reference: { $0[0].map { Foundation.log($0) * Foundation.sin($0) - Foundation.pow(Foundation.cos($0), 2) } }),
    ]

    @Test("compositions of operations", arguments: compositionsCases)
    func composition(_ op: OpCase) { GradientChecker.check(op) }

    // MARK: - The checker itself

    /// A checker that cannot fail is worthless: a deliberately wrong backward (a custom function
    /// whose derivative is off by a factor) must be caught.
    @Test("the checker catches a wrong gradient")
    func checkerCatchesWrongGradient() {
        let broken = OpCase("3x with a backward of 2", [.grad([4])], output: [4],
                            engine: { $0[0].apply(WrongDerivative()) }, reference: { $0[0].map { 3 * $0 } })
        withKnownIssue("the backward of WrongDerivative is deliberately wrong") {
            GradientChecker.check(broken)
        }
        let wrongForward = OpCase("x + 1 compared with x", [.grad([4])], output: [4],
                                  engine: { $0[0] + 1 }, reference: { $0[0] })
        withKnownIssue("the forward is deliberately different from the reference") {
            GradientChecker.check(wrongForward)
        }
    }
}

/// `3x` whose backward claims the derivative is 2.
private struct WrongDerivative: CustomFunction {
    var name: String { "WrongDerivativeBackward" }
    func forward(_ input: Tensor) -> (output: Tensor, saved: Void) { (input * 3, ()) }
    func backward(_ gradOutput: Tensor, saved: Void) -> Tensor { gradOutput * 2 }
}
