/// The largest |value| in `values`, or nil when some value is NaN or infinite.
///
/// One vectorized pass: a non-finite value turns `value · 0` into NaN, which the check lanes keep.
func largestMagnitude(_ values: [Double]) -> Double? {
    values.withUnsafeBufferPointer { buffer -> Double? in
        let n = buffer.count
        guard let base = buffer.baseAddress else { return 0 }
        var largest = SIMD8<Double>(repeating: 0)
        var check = SIMD8<Double>(repeating: 0)
        var i = 0
        while i &+ 8 <= n {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Double>.self)
            largest = pointwiseMax(pointwiseMax(largest, x), -x)
            check += x * 0
            i &+= 8
        }
        var result = largest.max()
        var tail = 0.0
        while i < n {
            result = max(result, abs(base[i]))
            tail += base[i] * 0
            i &+= 1
        }
        return (check.sum() + tail).isNaN ? nil : result
    }
}
