/// Dense linear algebra for the small matrices of `QuadraticAnalysis` (one row and column per scalar
/// parameter, a few dozen at most): a linear solve and the eigenvalues of a symmetric matrix.
enum SymmetricAlgebra {
    /// Solves `matrix · x = rhs` by Gaussian elimination with partial pivoting, or returns nil when a
    /// pivot is zero or smaller than `relativePivot` × the largest entry (the matrix is singular to
    /// working precision).
    static func solve(_ matrix: [[Double]], _ rhs: [Double], relativePivot: Double = 1e-13) -> [Double]? {
        let n = rhs.count
        var a = matrix, b = rhs
        let largest = matrix.joined().reduce(0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return nil }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            guard abs(a[pivot][column]) > relativePivot * largest else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                guard factor != 0 else { continue }
                for j in column..<n { a[row][j] -= factor * a[column][j] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for j in (row + 1)..<n { sum -= a[row][j] * x[j] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    /// The eigenvalues of a symmetric matrix, ascending, by cyclic Jacobi rotations: each rotation
    /// zeroes one off-diagonal pair, and sweeps repeat until the off-diagonal part is negligible
    /// against the diagonal (quadratic convergence; a handful of sweeps for these sizes).
    static func eigenvalues(_ matrix: [[Double]]) -> [Double] {
        let n = matrix.count
        var a = matrix
        for _ in 0..<100 {
            var off = 0.0, diagonal = 0.0
            for i in 0..<n {
                diagonal += a[i][i] * a[i][i]
                for j in 0..<n where j != i { off += a[i][j] * a[i][j] }
            }
            if off <= 1e-30 * diagonal || off == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    // The rotation angle θ with tan 2θ = 2a_pq / (a_qq − a_pp), via t = tan θ (the
                    // smaller root, for stability).
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0][$0] }.sorted()
    }

    static func multiply(_ matrix: [[Double]], _ vector: [Double]) -> [Double] {
        matrix.map { row in dot(row, vector) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }
}
