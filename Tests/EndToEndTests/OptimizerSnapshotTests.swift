import Foundation
import Testing

/// `--snapshot --view optimizer`: the optimizer view of a finished run, printed without a terminal.
@Suite("optimizer view snapshots")
struct OptimizerSnapshotTests {
    @Test("sin-cubic with Adam: the rule, the last step's numbers for a, and a row per coefficient with torch's state names")
    func adamOnSinCubic() throws {
        let result = Tinylab.succeed(["scene", "sin-cubic", "--optimizer", "adam", "--steps", "5", "--snapshot", "100x30",
                                      "--view", "optimizer"], timeout: .seconds(300))
        let lines = result.stdoutLines
        #expect(lines.count == 30, "\(result)")
        #expect(lines.allSatisfy { $0.count <= 100 })
        let text = result.stdout
        #expect(text.contains("Adam update rule  t = 5"), "\(text)")
        #expect(text.contains("θ ← θ − lr·m̂/(√v̂ + 1e-8)"), "\(text)")
        #expect(lines.contains { $0.contains("│ a ← ") && $0.contains(" − 0.001 · ") }, "no numbers for a:\n\(text)")
        let header = try #require(lines.first { $0.contains(" exp_avg_sq ") && $0.contains(" θ ") }, "\(text)")
        for column in ["θ", "g", "exp_avg", "Δθ", "|Δθ|/|g|"] { #expect(header.contains(" \(column) "), "\(header)") }
        for name in ["a", "b", "c", "d"] {
            #expect(lines.contains { $0.hasPrefix("│ \(name) ") }, "no row for \(name):\n\(text)")
        }
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("--ascii spells the formulas out")
    func ascii() {
        let result = Tinylab.succeed(["scene", "parabola", "--optimizer", "rmsprop", "--steps", "3", "--snapshot", "100x30",
                                      "--view", "optimizer", "--ascii"], timeout: .seconds(300))
        #expect(result.stdout.contains("theta <- theta - lr*g/(sqrt v + 1e-8)"), "\(result)")
        #expect(result.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "\(result)")
    }
}
