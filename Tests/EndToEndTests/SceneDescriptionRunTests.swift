import Foundation
import Testing

/// The descriptions of the two scenes too slow for a debug build (LabTests' SceneDescriptionTests
/// checks the others), checked against their default headless runs on the release binary.
@Suite("scene descriptions, slow scenes")
struct SceneDescriptionRunTests {
    /// The least-squares cubic for sin(x) on [−π, π]: b ≈ 0.8567, d ≈ −0.0933 (a = c = 0).
    static let bestCubic = (b: 0.8567, d: -0.0933)

    @Test("dynamic-net: the loss jumps; with momentum e ends near zero and the cubic near the best one; plain SGD is far off")
    func dynamicNet() throws {
        let result = Tinylab.succeed(["scene", "dynamic-net", "--headless", "--format", "jsonl", "--every", "1"])
        let run = try JSONLRun(result.stdout)
        #expect(run.final.steps == 30000)
        // "The loss jumps up and down from step to step (about one step in three raises it)"
        let losses = run.steps.map(\.loss)
        let rises = zip(losses, losses.dropFirst()).filter { $1 > $0 }.count
        let share = Double(rises) / Double(losses.count - 1)
        #expect(share > 0.2 && share < 0.45, "\(rises) of \(losses.count - 1) steps raised the loss")
        // "by the end e is almost zero and the cubic is close to the best one for sin(x)"
        let p = run.final.params
        let (a, b, c, d, e) = (p["a"] ?? .nan, p["b"] ?? .nan, p["c"] ?? .nan, p["d"] ?? .nan, p["e"] ?? .nan)
        #expect(abs(e) < 1e-3, "\(p)")
        #expect(abs(b - Self.bestCubic.b) < 0.01, "\(p)")
        #expect(abs(d - Self.bestCubic.d) < 0.002, "\(p)")
        #expect(abs(a) < 0.01 && abs(c) < 0.01, "\(p)")
        let momentumLoss = try #require(run.final.loss)
        #expect(momentumLoss < 10, "final loss \(momentumLoss); the best cubic's is 8.8")

        // "while plain SGD at the same rate is still far off after as many steps"
        let sgd = try JSONLRun(Tinylab.succeed(["scene", "dynamic-net", "--headless", "--format", "jsonl",
                                                "--optimizer", "sgd", "--every", "100000"]).stdout)
        #expect(sgd.steps.first?.lr == run.steps.first?.lr)
        #expect(sgd.final.steps == 30000)
        let sgdLoss = try #require(sgd.final.loss)
        #expect(sgdLoss > 100 * momentumLoss, "plain SGD ends at \(sgdLoss), momentum at \(momentumLoss)")
    }

    @Test("two-layer-net: Adam makes the net memorize the random targets (the parity cloud collapses onto the diagonal)")
    func twoLayerNet() throws {
        let run = try JSONLRun(Tinylab.succeed(["scene", "two-layer-net", "--headless", "--format", "jsonl"]).stdout)
        #expect(run.final.steps == 500)
        #expect(run.steps.first?.optimizer == "adam")
        let start = try #require(run.steps.first?.loss)
        let end = try #require(run.final.loss)
        // Sum of squares over 64 × 10 targets: below 0.01 every prediction is within 0.1 of its
        // target, and most are far closer.
        #expect(start > 100, "the start is a blob: loss \(start)")
        #expect(end < 0.01, "memorized: loss \(start) → \(end)")
    }
}
