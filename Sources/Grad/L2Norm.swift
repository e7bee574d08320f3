/// The Euclidean (L2) norm of `values`: the square root of the sum of their squares, added up in
/// order from the first value, so every report of a norm (logs, views, graph records) has the
/// same bits.
public func l2Norm(_ values: [Double]) -> Double {
    var squares = 0.0
    for value in values { squares += value * value }
    return squares.squareRoot()
}
