#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few libm functions the plotting code needs, behind one import.
enum Math {
    static func decimalLog(_ x: Double) -> Double { log10(x) }

    /// 10^k, exact (correctly rounded) for |k| ≤ 22.
    static func powerOfTen(_ k: Int) -> Double {
        if k >= -22 && k <= 22 { return exactPowers[k + 22] }
        return pow(10, Double(k))
    }

    /// ⌊log10 |x|⌋ for finite non-zero x, corrected for the rounding of log10 near powers of ten.
    static func decimalExponent(_ x: Double) -> Int {
        let a = abs(x)
        var e = Int(log10(a).rounded(.down))
        if powerOfTen(e) > a { e -= 1 }
        if powerOfTen(e + 1) <= a { e += 1 }
        return e
    }

    private static let exactPowers: [Double] = (-22...22).map { Double("1e\($0)")! }
}
