import FrameTesting
import Plot
import Testing

/// Axis labels say the number they mark: scientific notation from 10⁴ on and below 0.001, no two
/// alike, each within its width, at any range a blown-up run can produce.
struct AxisLabelTests {
    func labels(_ ticks: Ticks, width: Int) -> [String] { ticks.values.map { ticks.label($0, maxWidth: width) } }

    @Test func largeAndTinyTicksReadInScientificNotation() {
        #expect(labels(.linear(from: -2.5e11, to: 4.5e11, maxCount: 5, maxWidth: 6), width: 6) == ["-2e11", "0", "2e11", "4e11"])
        #expect(labels(.linear(from: 0, to: 3e5, maxCount: 4, maxWidth: 6), width: 6) == ["0", "1e5", "2e5", "3e5"])
        #expect(labels(.linear(from: -1.6e23, to: -1.35e23, maxCount: 7, maxWidth: 8), width: 8)
                == ["-1.6e23", "-1.55e23", "-1.5e23", "-1.45e23", "-1.4e23", "-1.35e23"])
        #expect(labels(.linear(from: 0, to: 8000, maxCount: 5, maxWidth: 6), width: 6) == ["0", "2000", "4000", "6000", "8000"])
        #expect(labels(.linear(from: 0, to: 4e-4, maxCount: 3, maxWidth: 6), width: 6) == ["0", "2e-4", "4e-4"])
    }

    @Test func noLabelCarriesAnSISuffix() {
        for exponent in 3...20 {
            let unit = Double("1e\(exponent)")!
            for width in [5, 6, 8] {
                let ticks = Ticks.linear(from: -3.3 * unit, to: 7.1 * unit, maxCount: 6, maxWidth: width)
                for label in labels(ticks, width: width) {
                    #expect(!label.contains { "kMGTP".contains($0) }, "\(label) at 1e\(exponent)")
                    #expect(Double(label) != nil, "\(label) is not a number")
                }
            }
        }
    }

    /// Every label a number, strictly increasing with its tick, within its width; no tick outside the range.
    func expectHonest(_ lower: Double, _ upper: Double, maxCount: Int, width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let ticks = Ticks.linear(from: lower, to: upper, maxCount: maxCount, maxWidth: width)
        let texts = labels(ticks, width: width)
        let read = texts.compactMap(Double.init)
        #expect(read.count == texts.count, "not numbers: \(texts) for \(lower)…\(upper)", sourceLocation: sourceLocation)
        #expect(zip(read, read.dropFirst()).allSatisfy { $0 < $1 }, "\(texts) for \(lower)…\(upper)", sourceLocation: sourceLocation)
        #expect(texts.allSatisfy { $0.count <= width }, "\(texts)", sourceLocation: sourceLocation)
        #expect(ticks.values.allSatisfy { $0 >= lower && $0 <= upper }, "\(ticks.values) for \(lower)…\(upper)", sourceLocation: sourceLocation)
    }

    @Test func ticksAtHugeTinyAndUnresolvableRangesNeverRepeatALabel() {
        let largest = Double.greatestFiniteMagnitude
        let ranges: [(Double, Double)] = [
            (1e23, 1e23 + 1e8), (1e23, 1e23.nextUp), (-1e307, -1e307 + 1e295), (-1.0000001e307, -1e307),
            (1e300, 3e300), (-largest, largest), (largest / 2, largest), (-largest, -largest * 0.999),
            (1e-300, 1.0000001e-300), (-1000 * Double.leastNonzeroMagnitude, 1000 * Double.leastNonzeroMagnitude), (0.1, 0.1 + 1e-16), (123_456_789, 123_456_790),
        ]
        for (lower, upper) in ranges {
            for width in [5, 6, 8] {
                for count in [2, 5, 9] { expectHonest(lower, upper, maxCount: count, width: width) }
            }
        }
        // Where labels cannot tell ticks apart, one tick at the roundest value in the range.
        #expect(labels(.linear(from: 1e23, to: 1e23 + 1e8, maxCount: 5, maxWidth: 6), width: 6) == ["1e23"])
        #expect(labels(.linear(from: 3.7e23, to: 3.7e23 + 1e8, maxCount: 5, maxWidth: 6), width: 6) == ["3.7e23"])
    }

    @Test func aSweepOfRangesKeepsEnoughDistinctLabels() {
        for exponent in stride(from: -300, through: 300, by: 7) {
            let unit = Double("1e\(exponent)")!
            for (a, b) in [(-7.3, 2.1), (1000.1, 1000.9), (-123.0, -122.5), (1, 1.000001)] {
                for width in [5, 6, 8] {
                    for count in [2, 5, 9] { expectHonest(a * unit, b * unit, maxCount: count, width: width) }
                }
            }
            // A range spanning a few units gets at least two ticks whenever `-5e-97` fits.
            #expect(exponent < -97 || Ticks.linear(from: -7.3 * unit, to: 2.1 * unit, maxCount: 5, maxWidth: 6).values.count >= 2, "1e\(exponent)")
        }
    }

    @Test func decadesThatDoNotFitAreLeftOutRatherThanCut() {
        let ticks = Ticks.decades(from: 1e-120, to: 1, maxCount: 7, maxWidth: 5)
        #expect(labels(ticks, width: 5) == ["1e-80", "1e-60", "1e-40", "1e-20", "1e0"])
        #expect(labels(.decades(from: 1e-3, to: 1e3, maxCount: 7, maxWidth: 5), width: 5) == ["0.001", "0.01", "0.1", "1", "10", "100", "1000"])
    }

    @Test func aChartOverAHugeRangeKeepsItsLabelWidthAndDistinctLabels() {
        for ys in [[-2.1e11, 4.3e11], [1e23, 1e23 + 1e8], [-1.7e307, -1e307], [-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]] {
            var frame = Frame(width: 40, height: 14)
            XYChart(series: [.init(name: "", kind: .points, role: .data, xs: ys, ys: ys)],
                    viewport: Viewport(x: .covering(ys, padding: 0.05), y: .covering(ys, padding: 0.05)))
                .render(into: &frame, area: Rect(x: 0, y: 0, width: 40, height: 14), options: .standard)
            let rows = (1..<11).filter { frame.column(of: "┤", inRow: $0) != nil }
            #expect(rows.allSatisfy { frame.column(of: "┤", inRow: $0) == XYChart.yLabelWidth }, "\(frame.lines.joined(separator: "\n"))")
            let yLabels = rows.map { String(frame.lines[$0].prefix(XYChart.yLabelWidth).filter { $0 != " " }) }
            #expect(!yLabels.isEmpty && Set(yLabels).count == yLabels.count, "\(yLabels) for \(ys)")
            let xLabels = frame.lines[13].split(separator: " ").dropFirst().map(String.init)
            #expect(!xLabels.isEmpty && Set(xLabels).count == xLabels.count, "\(xLabels) for \(ys)")
            #expect((yLabels + xLabels).allSatisfy { Double($0) != nil }, "\(yLabels) \(xLabels)")
        }
    }
}
