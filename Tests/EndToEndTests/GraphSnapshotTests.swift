import Foundation
import ReferenceMath
import Testing

/// `--view graph --snapshot`: the graph view as the release binary prints it, without a terminal.
@Suite("graph view snapshots")
struct GraphSnapshotTests {
    static let start = [0.5, -0.3, 0.2, 0.1]

    /// The gradient of Σ(a + bx + cx² + dx³ − sin x)² at `start`, written out term by term.
    static let gradient: [Double] = {
        var gradient = [0.0, 0.0, 0.0, 0.0]
        for (x, y) in zip(SinData.x, SinData.y) {
            let error = 2 * (start[0] + start[1] * x + start[2] * x * x + start[3] * x * x * x - y)
            for power in 0..<4 { gradient[power] += error * Foundation.pow(x, Double(power)) }
        }
        return gradient
    }()

    @Test("--snapshot 100x30 --view graph --steps 1: sin-cubic's graph with PyTorch's names and the step's gradients")
    func sinCubic() throws {
        let result = Tinylab.succeed(["scene", "sin-cubic", "--init", "a=0.5,b=-0.3,c=0.2,d=0.1",
                                      "--snapshot", "100x30", "--view", "graph", "--steps", "1"], timeout: .seconds(300))
        let lines = result.stdoutLines
        #expect(lines.count == 30, "\(result)")
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(lines[2].contains("MseLossBackward0"), "\(result.stdout)")
        for name in ["AddBackward0", "MulBackward0", "─ x ", "─ x^2 ", "─ x^3 ", "─ y "] {
            #expect(result.stdout.contains(name), "no “\(name)”:\n\(result.stdout)")
        }
        // Each parameter's row: AccumulateGrad, its name, its value before the step and its
        // gradient (4 significant digits).
        for (index, name) in ["a", "b", "c", "d"].enumerated() {
            let row = try #require(lines.first { $0.contains("AccumulateGrad \(name) ") }, "\(result.stdout)")
            let numbers = row.split(separator: " ").compactMap { Double($0) }
            #expect(numbers.count == 2, "\(row)")
            #expect(numbers.first == Self.start[index], "\(row)")
            let shown = try #require(numbers.last)
            #expect(abs(shown - Self.gradient[index]) <= abs(Self.gradient[index]) * 5e-4, "\(name): \(row), expected \(Self.gradient[index])")
        }
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("--view graph on the two-layer net: Addmm, ReLU, the layers' parameters and the data")
    func twoLayerNet() {
        let result = Tinylab.succeed(["scene", "two-layer-net", "--snapshot", "100x30", "--view", "graph", "--steps", "1"],
                                     timeout: .seconds(300))
        for name in ["MseLossBackward0", "AddmmBackward0", "ReluBackward0", "AccumulateGrad 0.weight", "AccumulateGrad 0.bias",
                     "AccumulateGrad 2.weight", "AccumulateGrad 2.bias", "[64, 1000]"] {
            #expect(result.stdout.contains(name), "no “\(name)”:\n\(result.stdout)")
        }
        for data in ["x", "y"] {
            #expect(result.stdoutLines.contains { $0.split(separator: " ").contains(Substring(data)) }, "no leaf \(data):\n\(result.stdout)")
        }
    }
}
