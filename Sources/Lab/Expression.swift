/// A parsed model or target formula such as `a + b*x + c*x^2 + d*x^3` or `a + b*P3(c + d*x)`.
///
/// Grammar (usual precedence; `^` binds tighter than unary minus and is right-associative, so
/// `-x^2` is `-(x^2)`):
///
///     sum     = product { ("+" | "-") product }
///     product = unary { ("*" | "/") unary }
///     unary   = "-" unary | power
///     power   = atom [ "^" unary ]
///     atom    = number | "pi" | name | function "(" sum ")" | "(" sum ")"
///
/// A formula's tree may be at most `maximumDepth` levels deep: every parenthesis, function call,
/// sign and power adds a level, and so does each further term of a sum or product (`a+b+c` is
/// `(a+b)+c`). Every walk over formulas (parsing, compiling, evaluating, differentiating and
/// freeing the graph) recurses at most that deep, so no formula can overflow the stack.
public indirect enum Expression: Equatable, Sendable {
    case number(Double)
    case variable(String)
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression)
    case call(MathFunction, Expression)

    public enum BinaryOperator: Character, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    }

    /// Every variable name the expression reads, in order of first use.
    public var variables: [String] {
        var seen: [String] = []
        func visit(_ e: Expression) {
            switch e {
            case .number: break
            case .variable(let name): if !seen.contains(name) { seen.append(name) }
            case .negate(let inner), .call(_, let inner): visit(inner)
            case .binary(_, let l, let r): visit(l); visit(r)
            }
        }
        visit(self)
        return seen
    }

    /// Replaces every occurrence of `name` with `value`.
    public func substituting(_ name: String, with value: Expression) -> Expression {
        switch self {
        case .number: return self
        case .variable(let n): return n == name ? value : self
        case .negate(let inner): return .negate(inner.substituting(name, with: value))
        case .call(let f, let inner): return .call(f, inner.substituting(name, with: value))
        case .binary(let op, let l, let r):
            return .binary(op, l.substituting(name, with: value), r.substituting(name, with: value))
        }
    }
}

/// The functions a formula may call.
public enum MathFunction: String, CaseIterable, Sendable {
    case sin, cos, exp, log, tanh, relu, P3
}

/// Why a formula did not parse, with the 1-based column where the problem starts.
public struct ExpressionError: Error, Equatable, Sendable {
    public let message: String
    public let column: Int
}

extension Expression {
    /// 1-based column of the first use of the name `variable` in formula `text`.
    public static func column(ofVariable variable: String, in text: String) -> Int? {
        var parser = ExpressionParser(text)
        while true {
            do { try parser.advance() } catch { return nil }
            switch parser.token {
            case .end: return nil
            case .name(let name) where name == variable: return parser.tokenColumn
            default: continue
            }
        }
    }

    /// The deepest formula tree `parse` accepts.
    public static let maximumDepth = 256

    /// Parses `text`; errors carry the column of the offending character.
    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(text)
        return try parser.parseAll()
    }
}

private struct ExpressionParser {
    enum Token: Equatable {
        case number(Double), name(String), symbol(Character), end
    }

    let characters: [Character]
    var position = 0
    var token: Token = .end
    var tokenColumn = 1
    /// Parentheses and function calls open around the part being parsed.
    var level = 0

    init(_ text: String) {
        characters = Array(text)
    }

    /// A parsed part and the depth of its tree.
    typealias Parsed = (expression: Expression, depth: Int)

    mutating func parseAll() throws(ExpressionError) -> Expression {
        try advance()
        if token == .end { throw ExpressionError(message: "empty formula", column: 1) }
        let expression = try parseSum().expression
        guard token == .end else { throw unexpected("an operator or the end of the formula") }
        return expression
    }

    /// `depth` levels, or an error at the current token when that is more than `maximumDepth`.
    func checked(_ depth: Int) throws(ExpressionError) -> Int {
        guard depth <= Expression.maximumDepth else {
            throw ExpressionError(message: "the formula nests more than \(Expression.maximumDepth) levels deep (parentheses, "
                                  + "functions, signs and powers, or that many terms in a row); write it shorter", column: tokenColumn)
        }
        return depth
    }

    func unexpected(_ expected: String) -> ExpressionError {
        let found: String
        switch token {
        case .end: found = "the end of the formula"
        case .number(let v): found = "number \(v)"
        case .name(let n): found = "'\(n)'"
        case .symbol(let c): found = "'\(c)'"
        }
        return ExpressionError(message: "expected \(expected) but found \(found)", column: tokenColumn)
    }

    mutating func advance() throws(ExpressionError) {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        tokenColumn = position + 1
        guard position < characters.count else { token = .end; return }
        let c = characters[position]
        if c.isASCII && (c.isNumber || c == ".") {
            let start = position
            while position < characters.count, characters[position].isASCII, characters[position].isNumber || characters[position] == "." {
                position += 1
            }
            if position < characters.count, characters[position] == "e" || characters[position] == "E" {
                var look = position + 1
                if look < characters.count, characters[look] == "+" || characters[look] == "-" { look += 1 }
                if look < characters.count, characters[look].isASCII, characters[look].isNumber {
                    position = look
                    while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
                }
            }
            let literal = String(characters[start..<position])
            guard let value = Double(literal) else {
                throw ExpressionError(message: "'\(literal)' is not a number", column: start + 1)
            }
            guard value.isFinite else {
                throw ExpressionError(message: "'\(literal)' is too large for a number", column: start + 1)
            }
            token = .number(value)
        } else if c.isLetter || c == "_" {
            let start = position
            while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "_" {
                position += 1
            }
            token = .name(String(characters[start..<position]))
        } else if "+-*/^()".contains(c) {
            position += 1
            if c == "*", position < characters.count, characters[position] == "*" {
                position += 1
                token = .symbol("^")
            } else {
                token = .symbol(c)
            }
        } else {
            throw ExpressionError(message: "unexpected character '\(c)'", column: position + 1)
        }
    }

    /// A sum inside parentheses: one level deeper than the `level` around it.
    mutating func parseNested(level: Int) throws(ExpressionError) -> Parsed {
        _ = try checked(level + 1)
        let saved = self.level
        self.level = level + 1
        defer { self.level = saved }
        return try parseSum()
    }

    mutating func parseSum() throws(ExpressionError) -> Parsed {
        var left = try parseProduct()
        while case .symbol(let c) = token, c == "+" || c == "-" {
            let depth = try checked(left.depth + 1)
            try advance()
            let right = try parseProduct()
            left = (.binary(c == "+" ? .add : .subtract, left.expression, right.expression), max(depth, right.depth + 1))
        }
        return left
    }

    mutating func parseProduct() throws(ExpressionError) -> Parsed {
        var left = try parseUnary(level: level)
        while case .symbol(let c) = token, c == "*" || c == "/" {
            let depth = try checked(left.depth + 1)
            try advance()
            let right = try parseUnary(level: level)
            left = (.binary(c == "*" ? .multiply : .divide, left.expression, right.expression), max(depth, right.depth + 1))
        }
        return left
    }

    /// `level` counts the signs and powers already open around this operand (they recurse too).
    mutating func parseUnary(level: Int) throws(ExpressionError) -> Parsed {
        _ = try checked(level)
        if token == .symbol("-") {
            try advance()
            let inner = try parseUnary(level: level + 1)
            return (.negate(inner.expression), try checked(inner.depth + 1))
        }
        if token == .symbol("+") {
            try advance()
            return try parseUnary(level: level + 1)
        }
        return try parsePower(level: level)
    }

    mutating func parsePower(level: Int) throws(ExpressionError) -> Parsed {
        let base = try parseAtom(level: level)
        if token == .symbol("^") {
            try advance()
            let exponent = try parseUnary(level: level + 1)
            return (.binary(.power, base.expression, exponent.expression), try checked(max(base.depth, exponent.depth) + 1))
        }
        return base
    }

    mutating func parseAtom(level: Int) throws(ExpressionError) -> Parsed {
        switch token {
        case .number(let value):
            try advance()
            return (.number(value), 1)
        case .name(let name):
            let column = tokenColumn
            try advance()
            if let function = MathFunction(rawValue: name) {
                guard token == .symbol("(") else { throw unexpected("'(' after \(name)") }
                try advance()
                let argument = try parseNested(level: level)
                guard token == .symbol(")") else { throw unexpected("')' to close \(name)(") }
                try advance()
                return (.call(function, argument.expression), try checked(argument.depth + 1))
            }
            if token == .symbol("(") {
                let known = MathFunction.allCases.map(\.rawValue).joined(separator: ", ")
                throw ExpressionError(message: "unknown function '\(name)'; known: \(known)", column: column)
            }
            if name == "pi" { return (.number(Double.pi), 1) }
            return (.variable(name), 1)
        case .symbol("("):
            try advance()
            let inner = try parseNested(level: level)
            guard token == .symbol(")") else { throw unexpected("')'") }
            try advance()
            return inner
        default:
            throw unexpected("a number, a name or '('")
        }
    }
}
