import Foundation
import Grad
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The autograd graph of a step must be freed when the step's loss goes out of scope, so a lab that
/// trains for hours does not grow.
@Suite("Memory and graph freeing")
struct MemoryTests {
    /// Weak references to the pieces of one training step.
    private final class StepObservation {
        weak var loss: Tensor?
        weak var intermediate: Tensor?
        weak var rootNode: GraphNode?
        weak var innerNode: GraphNode?
        weak var gradient: Tensor?
    }

    @Test("a step's loss, intermediates and graph nodes are freed when the loss goes out of scope")
    func stepGraphIsFreed() throws {
        let x = Tensor(1.5, requiresGrad: true)
        var optimizer = Optimizer.sgd(learningRate: 0.01)
        let seen = StepObservation()
        for step in 0..<5 {
            do {
                let squared = x.pow(2)
                let loss = 3 * squared + 2 * x - 1.2
                x.zeroGrad()
                loss.backward()
                optimizer.step([x])
                if step == 2 {
                    seen.loss = loss
                    seen.intermediate = squared
                    seen.rootNode = loss.gradFunction
                    seen.innerNode = squared.gradFunction
                }
                withExtendedLifetime(loss) {
                    if step == 2 {
                        // While the loss lives, so does its whole graph (this is what makes the
                        // checks below able to fail).
                        #expect(seen.loss != nil && seen.intermediate != nil && seen.rootNode != nil && seen.innerNode != nil)
                    }
                }
            }
            if step >= 2 {
                #expect(seen.loss == nil, "loss of step 2 still alive after step \(step)")
                #expect(seen.intermediate == nil, "intermediate x.pow(2) of step 2 still alive after step \(step)")
                #expect(seen.rootNode == nil, "root GraphNode of step 2 still alive after step \(step)")
                #expect(seen.innerNode == nil, "PowBackward0 node of step 2 still alive after step \(step)")
            }
        }
        // The parameter itself holds no graph: its gradient is a plain leaf.
        let grad = try #require(x.grad)
        #expect(grad.gradFunction == nil)
        #expect(!grad.requiresGrad)
        #expect(x.gradFunction == nil)
    }

    @Test("a module's forward graph is freed; the parameters survive")
    func moduleGraphIsFreed() {
        var rng = RandomSource(seed: 3)
        let model = Sequential(Linear(4, 3, using: &rng), ReLU(), Linear(3, 1, using: &rng), Flatten(start: 0, end: 1))
        let input = Tensor.randn([6, 4], using: &rng)
        let target = Tensor.randn([6], using: &rng)
        var optimizer = Optimizer.adam(learningRate: 1e-2)
        let seen = StepObservation()
        do {
            let hidden = model.layers[0].forward(input)
            let prediction = model.layers[3].forward(model.layers[2].forward(model.layers[1].forward(hidden)))
            let loss = meanSquaredError(prediction, target, reduction: .sum)
            model.zeroGrad()
            loss.backward()
            optimizer.step(model.parameters())
            seen.loss = loss
            seen.intermediate = hidden
            seen.rootNode = loss.gradFunction
            seen.innerNode = hidden.gradFunction
            seen.gradient = model.parameters()[0].grad
            withExtendedLifetime(loss) { #expect(seen.intermediate != nil && seen.innerNode != nil) }
        }
        #expect(seen.loss == nil)
        #expect(seen.intermediate == nil)
        #expect(seen.rootNode == nil)
        #expect(seen.innerNode == nil)
        // The accumulated gradient belongs to the parameter and stays until zeroGrad().
        #expect(seen.gradient != nil)
        model.zeroGrad()
        #expect(seen.gradient == nil)
    }

    @Test("a custom function's saved values are freed with its node")
    func customFunctionGraphIsFreed() {
        let c = Tensor(0.1, requiresGrad: true)
        let x = Tensor.linspace(-1, 1, count: 50)
        let seen = StepObservation()
        do {
            let inner = c + 0.3 * x
            let loss = inner.apply(LegendrePolynomial3()).pow(2).sum()
            loss.backward()
            seen.loss = loss
            seen.intermediate = inner
            seen.innerNode = inner.gradFunction
            withExtendedLifetime(loss) { #expect(seen.innerNode != nil) }
        }
        #expect(seen.loss == nil)
        #expect(seen.intermediate == nil)
        #expect(seen.innerNode == nil)
    }

    // MARK: - Long runs

    // The long runs train in a child process (an exit test), so tests running in parallel in this
    // process do not disturb the measurement; the child prints `name=value` lines and the checks
    // happen here, in the parent.

    /// The numbers a child process printed as `name=value` lines.
    private static func measurements(_ result: ExitTest.Result?) -> [String: Double] {
        guard let result else { return [:] }
        let text = String(decoding: result.standardOutputContent, as: UTF8.self)
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=")
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    @Test("200,000 SGD steps of the parabola do not grow memory", .tags(.long), .skippedWhenQuick,
          .enabled(if: MemoryProbe.isAvailable, "resident memory is read from /proc/self/statm, which this system lacks"))
    func parabolaLongRun() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let x = Tensor(1.5, requiresGrad: true)
            var optimizer = Optimizer.sgd(learningRate: 0.01)
            var early: Int?
            for step in 0..<200_000 {
                let loss = 3 * x.pow(2) + 2 * x - 1.2
                x.zeroGrad()
                loss.backward()
                optimizer.step([x])
                if step == 20_000 { early = MemoryProbe.resident() }
            }
            print(MemoryProbe.line("rssEarly", early), MemoryProbe.line("rssLate", MemoryProbe.resident()), "x=\(x.item)",
                  separator: "\n")
        }
        let values = Self.measurements(result)
        #expect(values["rssEarly"] != nil && values["rssLate"] != nil, "the child measured resident memory: \(values)")
        let rssGrowth = (values["rssLate"] ?? .nan) - (values["rssEarly"] ?? .nan)
        #expect(rssGrowth < 1024 * 1024, "resident memory grew by \(rssGrowth) bytes from step 20,000 to 200,000")
        #expect(abs((values["x"] ?? .nan) + 1.0 / 3) < 1e-9, "the run converges to −1/3")
    }

    @Test("5,000 SGD steps of sin-cubic over 2000 points do not grow memory",
          .enabled(if: MemoryProbe.isAvailable, "resident memory is read from /proc/self/statm, which this system lacks"))
    func sinCubicLongRun() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let x = Tensor.linspace(-Double.pi, Double.pi, count: 2000)
            let y = x.sin()
            let parameters = [0.1, 0.2, -0.1, 0.05].map { Tensor($0, requiresGrad: true) }
            var optimizer = Optimizer.sgd(learningRate: 1e-6)
            var early: Int?
            var lastLoss = 0.0
            for step in 0..<5_000 {
                let (a, b, c, d) = (parameters[0], parameters[1], parameters[2], parameters[3])
                let prediction = a + b * x + c * x.pow(2) + d * x.pow(3)
                let loss = (prediction - y).pow(2).sum()
                optimizer.zeroGrad(parameters)
                loss.backward()
                optimizer.step(parameters)
                lastLoss = loss.item
                if step == 500 { early = MemoryProbe.resident() }
            }
            print(MemoryProbe.line("rssEarly", early), MemoryProbe.line("rssLate", MemoryProbe.resident()), "loss=\(lastLoss)",
                  separator: "\n")
        }
        let values = Self.measurements(result)
        #expect(values["rssEarly"] != nil && values["rssLate"] != nil, "the child measured resident memory: \(values)")
        let rssGrowth = (values["rssLate"] ?? .nan) - (values["rssEarly"] ?? .nan)
        #expect(rssGrowth < 2 * 1024 * 1024, "resident memory grew by \(rssGrowth) bytes from step 500 to 5,000")
        // The least-squares optimum is ≈ 8.817 (see NotebookExampleTests); 5,000 SGD steps come close.
        #expect((values["loss"] ?? .nan) < 8.83)
    }
}

/// Resident set size of this process, right now, from /proc/self/statm (Linux).
enum MemoryProbe {
    /// Bytes resident now; `nil` where /proc/self/statm cannot be read.
    static func resident() -> Int? {
        #if os(Linux)
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]), pages > 0 else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }

    /// Whether this system lets the long runs measure memory; without it they are skipped, visibly.
    static let isAvailable = resident() != nil

    /// `name=bytes`, or `name=unavailable`, which the parent reads as a missing measurement.
    static func line(_ name: String, _ bytes: Int?) -> String {
        "\(name)=\(bytes.map(String.init) ?? "unavailable")"
    }
}
