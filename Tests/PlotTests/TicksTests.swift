import FrameTesting
import Plot
import Testing

struct TicksTests {
    func labels(_ ticks: Ticks, width: Int = 6) -> [String] { ticks.values.map { ticks.label($0, maxWidth: width) } }

    @Test func niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(labels(.linear(from: -1.1, to: 1.1, maxCount: 9)) == ["-1", "-0.5", "0", "0.5", "1"])
        #expect(labels(.linear(from: -.pi, to: .pi, maxCount: 8)) == ["-3", "-2", "-1", "0", "1", "2", "3"])
        #expect(labels(.linear(from: 0, to: 3000, maxCount: 7)) == ["0", "500", "1000", "1500", "2000", "2500", "3000"])
        #expect(labels(.linear(from: -0.013, to: 0.051, maxCount: 5)) == ["0", "0.02", "0.04"])
    }

    @Test func tickValuesCarryNoFloatingPointNoise() {
        #expect(labels(.linear(from: 0, to: 1, maxCount: 11)) == ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"])
    }

    @Test func smallAndLargeValuesUseExponents() {
        #expect(labels(.linear(from: 0, to: 3e-6, maxCount: 4)) == ["0", "1e-6", "2e-6", "3e-6"])
        #expect(labels(.linear(from: 0, to: 3e-7, maxCount: 7)) == ["0", "5e-8", "1e-7", "1.5e-7", "2e-7", "2.5e-7", "3e-7"])
        #expect(labels(.linear(from: 0, to: 2e6, maxCount: 3)) == ["0", "1e6", "2e6"])
        #expect(labels(.linear(from: -25_000, to: 0, maxCount: 6)) == ["-2.5e4", "-2e4", "-1.5e4", "-1e4", "-5000", "0"])
    }

    @Test func integralTicksNeverGoBelowOne() {
        #expect(labels(.linear(from: 0, to: 3, maxCount: 10, integral: true)) == ["0", "1", "2", "3"])
    }

    @Test func decadeLabels() {
        #expect(labels(.decades(from: 1e-3, to: 100, maxCount: 10)) == ["0.001", "0.01", "0.1", "1", "10", "100"])
        #expect(labels(.decades(from: 1, to: 1e6, maxCount: 10)) == ["1e0", "1e1", "1e2", "1e3", "1e4", "1e5", "1e6"])
        #expect(labels(.decades(from: 1, to: 1e6, maxCount: 4)) == ["1e0", "1e2", "1e4", "1e6"])
    }

    @Test func wideDecadeRangesLabelEveryDecadeAlike() {
        #expect(labels(.decades(from: 1e-8, to: 1e2, maxCount: 6)) == ["1e-8", "1e-6", "1e-4", "1e-2", "1e0", "1e2"])
        #expect(labels(.decades(from: 1, to: 1e80, maxCount: 5)) == ["1e0", "1e20", "1e40", "1e60", "1e80"])
    }

    @Test func labelsNeverExceedTheirWidth() {
        var ranges: [(Double, Double)] = []
        for exponent in -12...15 {
            let unit = Double("1e\(exponent)")!
            ranges += [(-7.3 * unit, 2.1 * unit), (1000.1 * unit, 1000.9 * unit), (-123 * unit, -122.5 * unit)]
        }
        for (lower, upper) in ranges {
            for count in [2, 5, 9] {
                let ticks = Ticks.linear(from: lower, to: upper, maxCount: count)
                for label in labels(ticks, width: 6) {
                    #expect(label.count <= 6, "\(label) for \(lower)…\(upper)")
                }
            }
        }
    }
}

struct NumberFormatTests {
    @Test func learningRatesInScientificNotation() {
        #expect(NumberFormat.scientific(1e-6) == "1e-6")
        #expect(NumberFormat.scientific(2.5e-3) == "2.5e-3")
        #expect(NumberFormat.scientific(0.01) == "1e-2")
        #expect(NumberFormat.scientific(1.28e-4) == "1.28e-4")
        #expect(NumberFormat.scientific(1e-6 * 1024) == "1.02e-3")
        #expect(NumberFormat.scientific(3) == "3e0")
        #expect(NumberFormat.scientific(9.999e-5) == "1e-4")
    }

    @Test func significantDigits() {
        #expect(NumberFormat.significant(9.5234, digits: 4) == "9.523")
        #expect(NumberFormat.significant(259.98, digits: 4) == "260.0")
        #expect(NumberFormat.significant(9.99996, digits: 4) == "10.00")
        #expect(NumberFormat.significant(-0.0933, digits: 3) == "-0.0933")
        #expect(NumberFormat.significant(0.8600, digits: 3, keepTrailingZeros: false) == "0.86")
        #expect(NumberFormat.significant(1.2345e-5, digits: 4) == "1.235e-5")
        #expect(NumberFormat.significant(1857.84, digits: 4) == "1858")
        #expect(NumberFormat.significant(18578.4, digits: 4) == "18578", "integer digits are kept, not rounded to 18580")
        #expect(NumberFormat.significant(-999_999.4, digits: 4) == "-999999")
        #expect(NumberFormat.significant(1_234_567, digits: 4) == "1.235e6")
        #expect(NumberFormat.significant(0.00123456, digits: 4) == "0.001235")
        #expect(NumberFormat.significant(0.000999, digits: 4) == "9.990e-4")
        #expect(NumberFormat.significant(.infinity, digits: 4) == "inf")
        #expect(NumberFormat.significant(.nan, digits: 4) == "nan")
    }

    @Test func fixedDecimals() {
        #expect(NumberFormat.fixed(-0.5, decimals: 2) == "-0.50")
        #expect(NumberFormat.fixed(-0.004, decimals: 2) == "0.00")
        #expect(NumberFormat.fixed(0.05, decimals: 1) == "0.1")
        #expect(NumberFormat.fixed(12, decimals: 0) == "12")
    }
}
