import ReferenceMath
import Foundation
import Grad
import Testing

/// `Tensor.linspace` must give torch.linspace's float64 points bit for bit (DESIGN.md §7): the
/// first half counts up from the start, the second half down from the end.
@Suite("linspace")
struct LinspaceTests {
    /// Printed with repr() by torch 2.15.0: `torch.linspace(-5, 7, 200, dtype=torch.float64)[i]`.
    static let torchMinus5To7: [Int: Double] = [
        0: -5.0, 1: -4.939698492462312, 2: -4.8793969849246235, 50: -1.984924623115578,
        99: 0.9698492462311555, 100: 1.0301507537688446, 101: 1.0904522613065328, 150: 4.045226130653266,
        197: 6.8793969849246235, 198: 6.939698492462312, 199: 7.0,
    ]

    /// Printed with repr() by torch 2.15.0: `torch.linspace(-math.pi, math.pi, 2000, dtype=torch.float64)[i]`.
    static let torchMinusPiToPi: [Int: Double] = [
        0: -3.141592653589793, 1: -3.1384494893540853, 2: -3.135306325118378, 500: -1.5700105357359697,
        999: -0.0015715821178538454, 1000: 0.0015715821178538454, 1001: 0.004714746353561492,
        1500: 1.5731536999716773, 1997: 3.135306325118378, 1998: 3.1384494893540853, 1999: 3.141592653589793,
    ]

    @Test("linspace(−5, 7, 200) matches torch's printed values exactly")
    func minus5To7MatchesTorch() {
        let values = Tensor.linspaceValues(-5, 7, count: 200)
        #expect(values.count == 200)
        for (i, expected) in Self.torchMinus5To7 { #expect(values[i] == expected, "index \(i): \(values[i]) vs torch \(expected)") }
    }

    @Test("linspace(−π, π, 2000) matches torch's printed values exactly")
    func minusPiToPiMatchesTorch() {
        let tensor = Tensor.linspace(-Double.pi, Double.pi, count: 2000)
        #expect(tensor.shape == [2000])
        #expect(!tensor.requiresGrad)
        for (i, expected) in Self.torchMinusPiToPi { #expect(tensor.data[i] == expected, "index \(i): \(tensor.data[i]) vs torch \(expected)") }
    }

    @Test("the ends are exact and the interior is built with fma from both ends",
          arguments: [(-5.0, 7.0, 200), (-Double.pi, Double.pi, 2000), (0.0, 1.0, 11), (2.0, -3.0, 7), (-1.0, 1.0, 2), (0.1, 0.7, 3)])
    func construction(_ c: (start: Double, end: Double, n: Int)) {
        let values = Tensor.linspaceValues(c.start, c.end, count: c.n)
        #expect(values.count == c.n)
        #expect(values.first == c.start)
        #expect(values.last == c.end)
        let step = (c.end - c.start) / Double(c.n - 1)
        let half = c.n / 2
        // Entries by hand: i < n/2 count up from the start, the rest count down from the end.
        for i in [1, 2, half - 1].filter({ $0 > 0 && $0 < half }) {
            #expect(values[i] == fma(step, Double(i), c.start), "index \(i)")
        }
        for i in [half, c.n - 3, c.n - 2].filter({ $0 >= half && $0 < c.n }) {
            #expect(values[i] == fma(-step, Double(c.n - 1 - i), c.end), "index \(i)")
        }
        let increasing = c.end > c.start
        #expect(zip(values, values.dropFirst()).allSatisfy { increasing ? $1 > $0 : $1 < $0 })
    }

    @Test("a symmetric range gives exactly mirrored points")
    func symmetry() {
        let values = Tensor.linspaceValues(-Double.pi, Double.pi, count: 2000)
        #expect((0..<2000).allSatisfy { values[$0] == -values[1999 - $0] })
        // With an odd count the middle point is counted down from the end, so it is not exactly 0:
        // torch 2.15 prints torch.linspace(-1, 1, 201)[100] as -2.0816681711721685e-17 (and ±0.00999999999999998 beside it).
        let odd = Tensor.linspaceValues(-1, 1, count: 201)
        #expect(odd[100] == -2.0816681711721685e-17)
        #expect(odd[99] == -0.00999999999999998 && odd[101] == 0.00999999999999998)
        #expect((0..<201).allSatisfy { $0 == 100 || odd[$0] == -odd[200 - $0] })
    }

    @Test("points where start + i·step would be off by an ulp come out as torch prints them")
    func differsFromNaive() {
        // torch 2.15.0 float64; the naive −5 + i·(12/199) gives −3.914572864321608, −1.9849246231155782,
        // 4.0452261306532655, 5.854271356783919 at these indices, and −3.0315819053400253 at 35 of (−π, π, 2000).
        let values = Tensor.linspaceValues(-5, 7, count: 200)
        #expect(values[18] == -3.9145728643216082)
        #expect(values[50] == -1.984924623115578)
        #expect(values[150] == 4.045226130653266)
        #expect(values[180] == 5.8542713567839195)
        #expect(Tensor.linspaceValues(-Double.pi, Double.pi, count: 2000)[35] == -3.0315819053400257)
        // And every point is the two-sided fma construction written out in the test.
        #expect(values == torchLinspace(-5, 7, 200))
        #expect(Tensor.linspaceValues(-Double.pi, Double.pi, count: 2000) == torchLinspace(-Double.pi, Double.pi, 2000))
    }

    @Test("short ranges match torch's printed values")
    func shortRanges() {
        // torch.linspace(0.1, 0.7, 3) and torch.linspace(2, -3, 7), float64, printed by torch 2.15.0.
        #expect(Tensor.linspaceValues(0.1, 0.7, count: 3) == [0.1, 0.39999999999999997, 0.7])
        #expect(Tensor.linspaceValues(2, -3, count: 7) ==
                [2.0, 1.1666666666666665, 0.33333333333333326, -0.4999999999999999, -1.3333333333333333, -2.1666666666666665, -3.0])
    }

    @Test("degenerate counts: 0 → [], 1 → [start], 2 → [start, end]")
    func degenerateCounts() {
        #expect(Tensor.linspaceValues(3, 4, count: 0).isEmpty)
        #expect(Tensor.linspaceValues(3, 4, count: 1) == [3])
        #expect(Tensor.linspaceValues(3, 4, count: 2) == [3, 4])
        #expect(Tensor.linspace(3, 4, count: 1).shape == [1])
    }
}
