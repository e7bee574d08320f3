/// Whether every value is finite, in one vectorized pass: a NaN or infinity turns `value · 0`
/// into NaN, which the check lanes keep.
func allFinite(_ values: [Double]) -> Bool {
    values.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return true }
        let n = buffer.count
        var check = SIMD8<Double>(repeating: 0)
        var i = 0
        while i &+ 8 <= n {
            check += UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Double>.self) * 0
            i &+= 8
        }
        var tail = 0.0
        while i < n {
            tail += base[i] * 0
            i &+= 1
        }
        return !(check.sum() + tail).isNaN
    }
}

/// The largest |value| (values are finite).
func largestMagnitude(_ values: [Double]) -> Double {
    var largest = 0.0
    for value in values where abs(value) > largest { largest = abs(value) }
    return largest
}
