import Foundation

/// Reference numbers the test suites compute independently of tinylab: written out from the
/// definitions, never by calling the engine.

/// `n` points from `start` to `end` as `torch.linspace` computes them in float64, written out from
/// PyTorch's kernel: the first half steps up from `start`, the second half down from `end`.
public func torchLinspace(_ start: Double, _ end: Double, _ n: Int) -> [Double] {
    let step = (end - start) / Double(n - 1)
    return (0..<n).map { i in
        i < n / 2 ? fma(step, Double(i), start) : fma(-step, Double(n - 1 - i), end)
    }
}

/// Solves A·x = b (n×n, row-major rows) by Gaussian elimination with partial pivoting.
public func solveLinearSystem(_ matrix: [[Double]], _ rhs: [Double]) -> [Double] {
    let n = rhs.count
    var a = matrix, b = rhs
    for column in 0..<n {
        let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
        a.swapAt(column, pivot)
        b.swapAt(column, pivot)
        for row in (column + 1)..<n {
            let factor = a[row][column] / a[column][column]
            for j in column..<n { a[row][j] -= factor * a[column][j] }
            b[row] -= factor * b[column]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
        var s = b[row]
        for j in (row + 1)..<n { s -= a[row][j] * x[j] }
        x[row] = s / a[row][row]
    }
    return x
}

/// Least squares fit of `y` by the columns of `features` (each a function of x) through the normal
/// equations; returns the coefficients and the minimal sum of squared residuals.
public func leastSquares(x: [Double], y: [Double], features: [(Double) -> Double]) -> (coefficients: [Double], loss: Double) {
    func dot(_ a: [Double], _ b: [Double]) -> Double {
        var total = 0.0
        for i in a.indices { total += a[i] * b[i] }
        return total
    }
    let columns = features.map { f in x.map(f) }
    let k = columns.count
    var gram = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    var moment = [Double](repeating: 0, count: k)
    for i in 0..<k {
        moment[i] = dot(columns[i], y)
        for j in 0..<k { gram[i][j] = dot(columns[i], columns[j]) }
    }
    let theta = solveLinearSystem(gram, moment)
    var loss = 0.0
    for n in x.indices {
        var prediction = 0.0
        for i in 0..<k { prediction += theta[i] * columns[i][n] }
        loss += (prediction - y[n]) * (prediction - y[n])
    }
    return (theta, loss)
}

/// The data of notebooks 000/002: 2000 points of sin on [−π, π], and its least-squares cubic.
public enum SinData {
    public static let x: [Double] = torchLinspace(-Double.pi, Double.pi, 2000)
    public static let y: [Double] = x.map { Foundation.sin($0) }

    /// The best a + bx + cx² + dx³ (normal equations, Gaussian elimination) and its sum of squares.
    public static let optimum = leastSquares(x: x, y: y, features: [{ _ in 1 }, { $0 }, { $0 * $0 }, { $0 * $0 * $0 }])

    /// Plain gradient descent on the sum of squares of a + bx + cx² + dx³ over the data, written
    /// out term by term: the parameters after `steps` updates and their sum of squares.
    public static func descend(from start: [Double], learningRate: Double, steps: Int) -> (parameters: [Double], loss: Double) {
        var p = start
        func prediction(_ x: Double) -> Double { p[0] + p[1] * x + p[2] * x * x + p[3] * x * x * x }
        for _ in 0..<steps {
            var gradient = [0.0, 0.0, 0.0, 0.0]
            for (x, y) in zip(x, y) {
                let error = 2 * (prediction(x) - y)
                gradient[0] += error
                gradient[1] += error * x
                gradient[2] += error * x * x
                gradient[3] += error * x * x * x
            }
            for i in 0..<4 { p[i] -= learningRate * gradient[i] }
        }
        let loss = zip(x, y).reduce(0.0) { $0 + (prediction($1.0) - $1.1) * (prediction($1.0) - $1.1) }
        return (p, loss)
    }
}
