import Foundation
import Grad
import Testing
@testable import Lab

/// Formulas parse with the usual precedence, evaluate to their closed forms and report errors at
/// the right column.
@Suite struct ExpressionTests {
    /// Foundation has an `Expression` type too.
    typealias Expression = Lab.Expression

    static func parse(_ text: String) throws -> Expression { try Expression.parse(text) }
    static let x = Expression.variable("x")
    static func n(_ value: Double) -> Expression { .number(value) }
    static func v(_ name: String) -> Expression { .variable(name) }

    /// Evaluates `text` with `x` bound to `xs` and scalar parameters bound by name.
    static func evaluate(_ text: String, x xs: [Double], _ parameters: [String: Double] = [:]) throws -> [Double] {
        let names = parameters.keys.sorted()
        let formula = CompiledFormula(try parse(text), inputs: ["x": Tensor(xs)], parameters: names)
        let result = formula.evaluate(names.map { Tensor(parameters[$0]!) })
        return result.count == xs.count ? result.data : [Double](repeating: result.item, count: xs.count)
    }

    static let points: [Double] = [-3, -1.25, -0.5, 0, 0.3, 1, 2.75]

    // MARK: structure

    @Test func unaryMinusBindsLooserThanPower() throws {
        #expect(try Self.parse("-x^2") == .negate(.binary(.power, Self.x, Self.n(2))))
        #expect(Evaluation.constant(try Self.parse("-2^2")) == -4)
        #expect(Evaluation.constant(try Self.parse("(-2)^2")) == 4)
    }

    @Test func powerIsRightAssociative() throws {
        #expect(try Self.parse("2^3^2") == .binary(.power, Self.n(2), .binary(.power, Self.n(3), Self.n(2))))
        #expect(Evaluation.constant(try Self.parse("2^3^2")) == 512)
        #expect(Evaluation.constant(try Self.parse("(2^3)^2")) == 64)
        #expect(Evaluation.constant(try Self.parse("2^-1")) == 0.5)
    }

    @Test func doubleStarIsPower() throws {
        #expect(try Self.parse("x**2") == Self.parse("x^2"))
        #expect(Evaluation.constant(try Self.parse("2**3**2")) == 512)
    }

    @Test func subtractionAndDivisionAreLeftAssociative() throws {
        #expect(try Self.parse("a - b - c") == .binary(.subtract, .binary(.subtract, Self.v("a"), Self.v("b")), Self.v("c")))
        #expect(try Self.parse("a / b / c") == .binary(.divide, .binary(.divide, Self.v("a"), Self.v("b")), Self.v("c")))
        #expect(Evaluation.constant(try Self.parse("10 - 4 - 3")) == 3)
        #expect(Evaluation.constant(try Self.parse("64 / 4 / 2")) == 8)
    }

    @Test func productsBindTighterThanSums() throws {
        #expect(try Self.parse("a + b*c") == .binary(.add, Self.v("a"), .binary(.multiply, Self.v("b"), Self.v("c"))))
        #expect(try Self.parse("(a + b)*c") == .binary(.multiply, .binary(.add, Self.v("a"), Self.v("b")), Self.v("c")))
        #expect(Evaluation.constant(try Self.parse("1 + 2*3^2 - 8/4")) == 17)
        #expect(Evaluation.constant(try Self.parse("2*-3")) == -6)
        #expect(Evaluation.constant(try Self.parse("--3")) == 3)
        #expect(Evaluation.constant(try Self.parse("+3")) == 3)
    }

    @Test(arguments: [
        ("1e-6", 1e-6), ("2.5E+3", 2500), ("3e2", 300), ("0.001", 0.001), (".5", 0.5), ("7", 7),
        ("pi", Double.pi), ("-2*pi", -2 * Double.pi), ("pi/2", Double.pi / 2),
    ])
    func numbersAndPi(_ text: String, _ value: Double) throws {
        #expect(Evaluation.constant(try Self.parse(text)) == value)
    }

    @Test func namesFunctionsAndVariablesInOrderOfFirstUse() throws {
        #expect(try Self.parse("sin(x)") == .call(.sin, Self.x))
        #expect(try Self.parse("a + b*P3(c + d*x)").variables == ["a", "b", "c", "d", "x"])
        #expect(try Self.parse("b*x + a + b*x^2").variables == ["b", "x", "a"])
        #expect(try Self.parse("x2 + _w + x_1").variables == ["x2", "_w", "x_1"])
        #expect(try Self.parse("2*pi").variables.isEmpty)
        #expect(try Self.parse(" \t a  *\tx ") == .binary(.multiply, Self.v("a"), Self.x))
    }

    @Test func substitutingReplacesEveryOccurrence() throws {
        let term = try Self.parse("e*x^k + k")
        #expect(term.substituting("k", with: .number(4)) == (try Self.parse("e*x^4 + 4")))
        #expect(term.substituting("k", with: .number(4)).variables == ["e", "x"])
    }

    // MARK: evaluation

    /// Each formula with its closed form, written independently in Swift.
    static func closedForm(_ text: String) -> (Double) -> Double {
        switch text {
        case "sin(x)": { Foundation.sin($0) }
        case "cos(x)^2 + sin(x)^2": { _ in 1 }
        case "exp(x)": { Foundation.exp($0) }
        case "log(exp(x))": { $0 }
        case "tanh(x)": { Foundation.tanh($0) }
        case "relu(x)": { max(0, $0) }
        case "P3(x)": { 0.5 * (5 * $0 * $0 * $0 - 3 * $0) }
        case "3*x^2 + 2*x - 1.2": { 3 * $0 * $0 + 2 * $0 - 1.2 }
        case "-0.55*x^2 + 1.2*x - 0.81": { -0.55 * $0 * $0 + 1.2 * $0 - 0.81 }
        case "x/4 - 1/x": { $0 / 4 - 1 / $0 }
        case "-x^2": { -($0 * $0) }
        case "2^x": { Foundation.pow(2, $0) }
        case "x^3 - x**3": { _ in 0 }
        case "(x + 1)*(x - 1) - (x^2 - 1)": { _ in 0 }
        default: { _ in .nan }
        }
    }

    @Test(arguments: ["sin(x)", "cos(x)^2 + sin(x)^2", "exp(x)", "log(exp(x))", "tanh(x)", "relu(x)", "P3(x)",
                      "3*x^2 + 2*x - 1.2", "-0.55*x^2 + 1.2*x - 0.81", "x/4 - 1/x", "-x^2", "2^x", "x^3 - x**3",
                      "(x + 1)*(x - 1) - (x^2 - 1)"])
    func formulasOfXMatchTheirClosedForms(_ text: String) throws {
        let closedForm = Self.closedForm(text)
        let values = try Self.evaluate(text, x: Self.points)
        for (x, value) in zip(Self.points, values) {
            let expected = closedForm(x)
            if !expected.isFinite {
                #expect(value == expected || (value.isNaN && expected.isNaN), "\(text) at \(x): \(value)")
            } else {
                #expect(abs(value - expected) <= 1e-12 * max(1, abs(expected)), "\(text) at \(x): \(value) vs \(expected)")
            }
        }
    }

    @Test func theLegendreModelMatchesItsClosedForm() throws {
        let p = ["a": 0.1, "b": -1.0, "c": 0.2, "d": 0.3]
        let values = try Self.evaluate("a + b*P3(c + d*x)", x: Self.points, p)
        for (x, value) in zip(Self.points, values) {
            let t = p["c"]! + p["d"]! * x
            let expected = p["a"]! + p["b"]! * 0.5 * (5 * t * t * t - 3 * t)
            #expect(abs(value - expected) < 1e-12)
        }
    }

    @Test func gradientsFlowThroughAFormulaWhosePowersOfXArePrecomputed() throws {
        let xs = Tensor.linspaceValues(-2, 3, count: 11)
        let names = ["a", "b", "c", "d"]
        let parameters = Dictionary(uniqueKeysWithValues: names.map { ($0, Tensor(0.5, requiresGrad: true)) })
        let formula = CompiledFormula(try Self.parse("a + b*x + c*x^2 + d*x^3"), inputs: ["x": Tensor(xs)], parameters: names)
        formula.evaluate(names.map { parameters[$0]! }).sum().backward()
        let expected = (0..<4).map { k in xs.map { Foundation.pow($0, Double(k)) }.reduce(0, +) }
        for (name, value) in zip(names, expected) {
            let gradient = try #require(parameters[name]?.grad?.item, "\(name) has a gradient")
            #expect(abs(gradient - value) < 1e-12 * max(1, abs(value)), "d/d\(name)")
        }
    }

    @Test func constantsAreOnlyFormulasWithoutNames() throws {
        #expect(Evaluation.constant(try Self.parse("x + 1")) == nil)
        #expect(Evaluation.constant(try Self.parse("sin(pi/2)")) == 1)
        #expect(Evaluation.constant(try Self.parse("1/0")) == .infinity)
    }

    // MARK: errors

    @Test(arguments: [
        ("a + * b", 5, "expected a number, a name or '(' but found '*'"),
        ("sin x", 5, "expected '(' after sin but found 'x'"),
        ("foo(x)", 1, "unknown function 'foo'; known: sin, cos, exp, log, tanh, relu, P3"),
        ("sin(x) + foo(2)", 10, "unknown function 'foo'; known: sin, cos, exp, log, tanh, relu, P3"),
        ("a + (b", 7, "expected ')' but found the end of the formula"),
        ("sin(x", 6, "expected ')' to close sin( but found the end of the formula"),
        ("3..2", 1, "'3..2' is not a number"),
        ("x + 1.2.3", 5, "'1.2.3' is not a number"),
        ("@", 1, "unexpected character '@'"),
        ("a + b # c", 7, "unexpected character '#'"),
        ("x % 2", 3, "unexpected character '%'"),
        ("", 1, "empty formula"),
        ("   ", 1, "empty formula"),
        ("a +", 4, "expected a number, a name or '(' but found the end of the formula"),
        ("x^", 3, "expected a number, a name or '(' but found the end of the formula"),
        ("a)", 2, "expected an operator or the end of the formula but found ')'"),
        ("2x", 2, "expected an operator or the end of the formula but found 'x'"),
        ("()", 2, "expected a number, a name or '(' but found ')'"),
        ("sin()", 5, "expected a number, a name or '(' but found ')'"),
    ])
    func parseErrorsNameTheColumn(_ text: String, _ column: Int, _ message: String) {
        #expect(throws: ExpressionError(message: message, column: column)) {
            _ = try Expression.parse(text)
        }
    }
}
