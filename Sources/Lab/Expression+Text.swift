extension Expression {
    /// The formula written out with parentheses only where precedence needs them: `x^2`, `2*x`,
    /// `sin(c + d*x)`. Whole numbers print without a decimal point.
    public var formulaText: String { text(precedence: 0) }

    private var precedence: Int {
        switch self {
        case .number(let value): value < 0 ? 3 : 5
        case .variable, .call: 5
        case .negate: 3
        case .binary(let op, _, _):
            switch op {
            case .add, .subtract: 1
            case .multiply, .divide: 2
            case .power: 4
            }
        }
    }

    private func text(precedence outer: Int) -> String {
        let own = precedence
        let body: String
        switch self {
        case .number(let value):
            body = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        case .variable(let name):
            body = name
        case .call(let function, let argument):
            body = "\(function.rawValue)(\(argument.text(precedence: 0)))"
        case .negate(let inner):
            body = "-" + inner.text(precedence: 4)
        case .binary(let op, let left, let right):
            // `^` groups to the right, the others to the left.
            let leftNeeds = op == .power ? own + 1 : own
            let rightNeeds = op == .power ? own : own + 1
            body = left.text(precedence: leftNeeds) + String(op.rawValue) + right.text(precedence: rightNeeds)
        }
        return own < outer ? "(\(body))" : body
    }
}
