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

/// Whether every value is finite and at most `limit` in magnitude, in one vectorized pass.
func allWithin(_ values: [Double], limit: Double) -> Bool {
    values.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return true }
        let n = buffer.count
        var check = SIMD8<Double>(repeating: 0)
        var beyond = SIMDMask<SIMD8<Int64>>(repeating: false)
        let high = SIMD8<Double>(repeating: limit), low = SIMD8<Double>(repeating: -limit)
        var i = 0
        while i &+ 8 <= n {
            let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Double>.self)
            check += v * 0
            beyond .|= (v .> high) .| (v .< low)
            i &+= 8
        }
        var tail = 0.0
        var tailBeyond = false
        while i < n {
            tail += base[i] * 0
            tailBeyond = tailBeyond || abs(base[i]) > limit
            i &+= 1
        }
        return !(check.sum() + tail).isNaN && !any(beyond) && !tailBeyond
    }
}

/// The largest |value| (values are finite).
func largestMagnitude(_ values: [Double]) -> Double {
    var largest = 0.0
    for value in values where abs(value) > largest { largest = abs(value) }
    return largest
}
