import Foundation
import ReferenceMath
import Testing

/// Headless runs of every scene: losses fall, numbers match independent references and the
/// notebooks, runs are reproducible.
@Suite("headless runs")
struct HeadlessAcceptanceTests {
    struct SceneRun: CustomTestStringConvertible, Sendable {
        var scene: String
        var extra: [String] = []
        var testDescription: String { ([scene] + extra).joined(separator: " ") }
    }

    @Test("every scene trains headless with its defaults and its loss falls",
          arguments: [
              SceneRun(scene: "parabola"),
              SceneRun(scene: "noisy-quadratic"),
              SceneRun(scene: "sin-cubic"),
              SceneRun(scene: "legendre"),
              SceneRun(scene: "linear"),
              SceneRun(scene: "two-layer-net", extra: ["--steps", "40"]),
              SceneRun(scene: "dynamic-net", extra: ["--steps", "3000"]),
          ])
    func lossFalls(_ run: SceneRun) throws {
        let result = Tinylab.succeed(["scene", run.scene, "--headless", "--format", "jsonl"] + run.extra,
                                     timeout: .seconds(300))
        let log = try JSONLRun(result.stdout)
        let first = try #require(log.steps.first)
        let finalLoss = try #require(log.final.loss)
        #expect(first.step == 0)
        #expect(log.final.diverged == nil)
        #expect(finalLoss < first.loss, "\(run.scene): loss went from \(first.loss) to \(finalLoss)")
        #expect(log.steps.allSatisfy { $0.loss.isFinite })
        if run.scene != "parabola" {
            // A fit's loss is a sum or mean of squares; the parabola minimizes f itself.
            #expect(finalLoss >= 0)
            #expect(finalLoss < first.loss * 0.5, "\(run.scene): the loss should at least halve (\(first.loss) → \(finalLoss))")
        }
        if let steps = run.extra.firstIndex(of: "--steps").map({ Int(run.extra[$0 + 1])! }) {
            #expect(log.final.steps == steps)
        }
        #expect(result.stderr.isEmpty, "\(result)")
    }

    static let sinCubicAdam = ["scene", "sin-cubic", "--init", "a=0.1,b=0.2,c=-0.1,d=0.05", "--optimizer", "adam",
                               "--lr", "1e-3", "--steps", "2000", "--format", "jsonl"]

    @Test("sin-cubic with Adam ends within 0.1% of the least-squares optimum computed here")
    func sinCubicReachesLeastSquares() throws {
        let result = Tinylab.succeed(Self.sinCubicAdam)
        let log = try JSONLRun(result.stdout)
        #expect(log.final.steps == 2000)
        #expect(log.steps.first?.params == ["a": 0.1, "b": 0.2, "c": -0.1, "d": 0.05], "--init sets the start")
        #expect(log.steps.allSatisfy { $0.optimizer == "adam" && $0.lr == 1e-3 })
        let loss = try #require(log.final.loss)
        let optimum = SinData.optimum
        #expect(abs(loss - optimum.loss) <= 1e-3 * optimum.loss, "final loss \(loss), least-squares optimum \(optimum.loss)")
        #expect(loss >= optimum.loss * (1 - 1e-9), "final loss \(loss) is below the least-squares optimum \(optimum.loss)")
        // The coefficients approach the optimum's too (b ≈ 0.857, d ≈ −0.0933).
        #expect(abs(log.final.params["b", default: .nan] - optimum.coefficients[1]) < 0.01)
        #expect(abs(log.final.params["d", default: .nan] - optimum.coefficients[3]) < 0.002)
    }

    @Test("the same command twice prints byte-identical logs")
    func sinCubicIsReproducible() {
        let first = Tinylab.succeed(Self.sinCubicAdam)
        let second = Tinylab.succeed(Self.sinCubicAdam)
        #expect(!first.stdoutData.isEmpty)
        #expect(first.stdoutData == second.stdoutData)
    }

    @Test("noisy-quadratic: another --seed changes the run from step 0; the same seed repeats it exactly")
    func noisyQuadraticSeeds() throws {
        func run(_ seed: String?) throws -> (ProcessResult, Double) {
            let result = Tinylab.succeed(["scene", "noisy-quadratic", "--format", "jsonl", "--steps", "20"]
                                         + (seed.map { ["--seed", $0] } ?? []))
            return (result, try #require(try JSONLRun(result.stdout).steps.first?.loss))
        }
        let (seed1, loss1) = try run("1")
        let (seed1Again, _) = try run("1")
        let (seed2, loss2) = try run("2")
        let (scene, sceneLoss) = try run(nil)
        let (seed0, _) = try run("0")
        #expect(loss1 != loss2, "--seed 1 and --seed 2 start from the same loss \(loss1)")
        #expect(loss1 != sceneLoss)
        #expect(seed1.stdoutData == seed1Again.stdoutData)
        #expect(seed1.stdoutData != seed2.stdoutData)
        #expect(scene.stdoutData == seed0.stdoutData, "the scene's seed is 0, so --seed 0 repeats the default run")
    }

    @Test("parabola from x = 1.5 stops by itself at x ≈ −1/3, f ≈ −1.5333, once |f′(x)| < 0.001")
    func parabolaStopsAtMinimum() throws {
        let result = Tinylab.succeed(["scene", "parabola", "--init", "x=1.5", "--format", "jsonl", "--every", "1"])
        let log = try JSONLRun(result.stdout)
        let steps = log.final.steps
        #expect(steps < 1000, "the gradient stop rule should end the run before max_steps")
        #expect(log.steps.map(\.step) == Array(0..<steps))
        let x = try #require(log.final.params["x"])
        #expect(abs(x - (-1.0 / 3)) < 1e-3, "final x = \(x)")
        #expect(abs(try #require(log.final.loss) - (-23.0 / 15)) < 1e-5, "final loss \(log.final.loss ?? .nan) ≠ −1.5333")

        // An independent reference: x ← x − 0.01·(6x + 2), logging f before each update.
        var reference = 1.5
        for record in log.steps {
            let logged = try #require(record.params["x"])
            #expect(abs(logged - reference) <= 1e-12, "x at step \(record.step): \(logged), reference \(reference)")
            let f = 3 * reference * reference + 2 * reference - 1.2
            #expect(abs(record.loss - f) <= 1e-12, "f at step \(record.step)")
            let gradient = 6 * reference + 2
            if record.step < steps - 1 {
                #expect(abs(gradient) >= 0.001, "the run went on past |f′| < 0.001 at step \(record.step)")
            } else {
                #expect(abs(gradient) < 0.001, "the run stopped at step \(record.step) with f′ = \(gradient)")
            }
            reference -= 0.01 * gradient
        }
        #expect(abs(x - reference) <= 1e-12)
    }

    @Test("linear starts at loss exactly 30.0 (w = 0, y = 2x on 1…4) and runs 20 steps")
    func linearStartsAtThirty() throws {
        let text = Tinylab.succeed(["scene", "linear", "--headless"])
        #expect(text.stdoutLines.first == "0 30.0", "\(text)")
        let log = try JSONLRun(Tinylab.succeed(["scene", "linear", "--format", "jsonl", "--every", "1"]).stdout)
        #expect(log.steps.first?.loss == 30.0)
        #expect(log.steps.first?.params == ["w": 0])
        #expect(log.final.steps == 20)
        // w ← w − 0.01·dL/dw with dL/dw = −2·mean(x(2x − wx)) = −15(2 − w): w_{t+1} = w_t + 0.15(2 − w_t).
        var w = 0.0
        for record in log.steps {
            #expect(abs(record.loss - 7.5 * (2 - w) * (2 - w)) <= 1e-12, "loss at step \(record.step)")
            w += 0.15 * (2 - w)
        }
        #expect(abs(log.final.params["w", default: .nan] - w) <= 1e-12)
    }

    @Test("default sin-cubic SGD prints `0 …`, `99 …`, `199 …` … `1999 …` with falling losses, as the notebook")
    func sinCubicNotebookLines() throws {
        let result = Tinylab.succeed(["scene", "sin-cubic", "--headless"])
        let lines = result.stdoutLines
        #expect(lines.count == 22, "\(result)")
        var steps: [Int] = []
        var losses: [Double] = []
        for line in lines.dropLast() {
            let match = try #require(line.wholeMatch(of: #/(\d+) (\d+\.\d+(?:e[-+]?\d+)?)/#), "`\(line)`")
            steps.append(Int(match.1)!)
            losses.append(Double(String(match.2))!)
        }
        #expect(steps == [0] + stride(from: 99, through: 1999, by: 100))
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $0 > $1 }, "losses do not fall: \(losses)")
        #expect(lines.last?.hasPrefix("Result after 2000 steps: loss ") == true)
    }

    @Test("stdout a pipe: `tinylab scene linear` without --headless trains headless and exits 0")
    func pipeMeansHeadless() {
        let result = Tinylab.run(["scene", "linear"], environment: ["TERM": "xterm-256color"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.first == "0 30.0", "\(result)")
        #expect(result.stdoutLines.last?.hasPrefix("Result after 20 steps") == true, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(!result.stdout.contains("\u{1B}"), "terminal escapes in a piped log")
    }

    @Test("stdout a pipe with TERM unset: still a headless run, not a terminal error")
    func pipeWithoutTerm() {
        let result = Tinylab.run(["scene", "linear", "--format", "csv"], environment: ["TERM": nil])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.first?.hasPrefix("step,loss") == true, "\(result)")
    }
}
