import Foundation
import Grad

/// A formula turned into engine operations. Every part that does not depend on a parameter (such
/// as `x^3` over the data) is computed once here, so a training step only runs the operations that
/// gradients flow through.
final class CompiledFormula {
    private indirect enum Node {
        case constant(Tensor)
        /// Index into the parameter list given at compile time.
        case parameter(Int)
        case negate(Node)
        case binary(Expression.BinaryOperator, Node, Node)
        case power(Node, Double)
        case call(MathFunction, Node)
    }

    private let root: Node
    /// The subformula each fixed tensor stands for (`x`, `x^2`), by identity, for naming the
    /// leaves of a recorded graph.
    private let constants: [ObjectIdentifier: Expression]

    /// `inputs` binds names such as `x` to fixed tensors; the names in `parameters` stay open
    /// until `evaluate`, which takes their values in the same order.
    init(_ expression: Expression, inputs: [String: Tensor], parameters: [String]) {
        let indices = Dictionary(parameters.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var constants: [ObjectIdentifier: Expression] = [:]
        root = noGrad { Self.fold(expression, inputs: inputs, parameters: indices, constants: &constants) }
        self.constants = constants
    }

    /// Names for the fixed tensors the formula reads: the subformula each stands for (`x^2`).
    var constantLabels: [ObjectIdentifier: String] {
        constants.mapValues(\.formulaText)
    }

    /// The fixed tensors the formula reads, in the order of its tree (the same order for the same
    /// formula compiled over other data): what a mini-batch refills with its rows.
    var readConstants: [Tensor] {
        var tensors: [Tensor] = []
        Self.collect(root, into: &tensors)
        return tensors
    }

    private static func collect(_ node: Node, into tensors: inout [Tensor]) {
        switch node {
        case .constant(let tensor): tensors.append(tensor)
        case .parameter: break
        case .negate(let inner), .power(let inner, _), .call(_, let inner): collect(inner, into: &tensors)
        case .binary(_, let left, let right):
            collect(left, into: &tensors)
            collect(right, into: &tensors)
        }
    }

    /// The formula's value with the parameters bound, in the order given at compile time
    /// (gradients flow into them).
    func evaluate(_ parameters: [Tensor]) -> Tensor {
        Self.run(root, parameters)
    }

    private static func fold(_ e: Expression, inputs: [String: Tensor], parameters: [String: Int],
                             constants: inout [ObjectIdentifier: Expression]) -> Node {
        let node = foldUnnamed(e, inputs: inputs, parameters: parameters, constants: &constants)
        if case .constant(let tensor) = node, constants[ObjectIdentifier(tensor)] == nil {
            constants[ObjectIdentifier(tensor)] = e
        }
        return node
    }

    private static func foldUnnamed(_ e: Expression, inputs: [String: Tensor], parameters: [String: Int],
                                    constants: inout [ObjectIdentifier: Expression]) -> Node {
        switch e {
        case .number(let value):
            return .constant(Tensor(value))
        case .variable(let name):
            if let index = parameters[name] { return .parameter(index) }
            return .constant(inputs[name] ?? Tensor(Double.nan))
        case .negate(let inner):
            let node = fold(inner, inputs: inputs, parameters: parameters, constants: &constants)
            if case .constant(let t) = node { return .constant(-t) }
            return .negate(node)
        case .call(let function, let inner):
            let node = fold(inner, inputs: inputs, parameters: parameters, constants: &constants)
            if case .constant(let t) = node { return .constant(apply(function, t)) }
            return .call(function, node)
        case .binary(let op, let l, let r):
            let left = fold(l, inputs: inputs, parameters: parameters, constants: &constants)
            let right = fold(r, inputs: inputs, parameters: parameters, constants: &constants)
            if op == .power, case .constant(let exponent) = right, exponent.count == 1 {
                if case .constant(let base) = left { return .constant(base.pow(exponent.item)) }
                return .power(left, exponent.item)
            }
            if case .constant(let a) = left, case .constant(let b) = right { return .constant(combine(op, a, b)) }
            return .binary(op, left, right)
        }
    }

    private static func run(_ node: Node, _ parameters: [Tensor]) -> Tensor {
        switch node {
        case .constant(let t): return t
        case .parameter(let index): return parameters[index]
        case .negate(let inner): return -run(inner, parameters)
        case .power(let base, let exponent): return run(base, parameters).pow(exponent)
        case .call(let function, let inner): return apply(function, run(inner, parameters))
        case .binary(let op, let l, let r): return combine(op, run(l, parameters), run(r, parameters))
        }
    }

    private static func combine(_ op: Expression.BinaryOperator, _ a: Tensor, _ b: Tensor) -> Tensor {
        switch op {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: b.count == 1 ? a.pow(b.item) : a.pow(b)
        }
    }

    private static func apply(_ function: MathFunction, _ t: Tensor) -> Tensor {
        switch function {
        case .sin: t.sin()
        case .cos: t.cos()
        case .exp: t.exp()
        case .log: t.log()
        case .tanh: t.tanh()
        case .relu: t.relu()
        case .P3: t.apply(LegendrePolynomial3())
        }
    }
}

/// Formulas evaluated on their own, outside a model (constant values in scene files).
enum Evaluation {
    /// The value of a formula without variables, or `nil` if it has any.
    static func constant(_ expression: Expression) -> Double? {
        guard expression.variables.isEmpty else { return nil }
        let result = CompiledFormula(expression, inputs: [:], parameters: []).evaluate([])
        return result.count == 1 ? result.item : nil
    }
}
