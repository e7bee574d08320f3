import FrameTesting
import Foundation
import Grad
import Lab
@testable import LabApp
import LabFixtures
@testable import Plot
import TestSupport
import Testing

/// The optimizer view: its numbers are the engine's, and its table stays whole at every width.
struct OptimizerViewTests {
    static func picture(_ session: Session) throws -> OptimizerPicture {
        var lab = LabModel(solo: session, view: .optimizer)
        guard case .optimizer(let picture) = lab.picture(unicode: true).main else {
            Issue.record("not the optimizer view")
            throw CancellationError()
        }
        return picture
    }

    static func session(_ scene: String, _ kind: OptimizerKind, steps: Int) throws -> (Session, before: [[Double]]) {
        let session = try Fixtures.session(scene, RunOptions(optimizer: kind, startsPaused: true))
        var sessionLab = LabModel(solo: session, view: .optimizer)
        var before: [[Double]] = []
        for _ in 0..<steps {
            before = session.parameters.map(\.tensor.data)
            sessionLab.apply(.step)
        }
        return (session, before)
    }

    /// θ after the update, from the numbers the formula shows, in the order the formula writes them.
    static func recompute(_ n: OptimizerPicture.StepNumbers) -> Double {
        let lr = n.learningRate
        switch n.update {
        case .direction(let d):
            return n.before.addingProduct(d, -lr)
        case .nesterov(let g, let mu, let buffer):
            return n.before.addingProduct(g.addingProduct(buffer, mu), -lr)
        case .rmsprop(let g, let v, let eps):
            return n.before + (-lr * g) / (v.squareRoot() + eps)
        case .adam(let m, let v, let eps, let decay):
            let theta = decay.map { n.before * (1 - lr * $0) } ?? n.before
            return theta - lr * m / (v.squareRoot() + eps)
        }
    }

    static let runs: [(String, OptimizerKind)] = ["sin-cubic", "parabola", "noisy-quadratic", "two-layer-net"]
        .flatMap { scene in OptimizerKind.allCases.map { (scene, $0) } }

    @Test("the last step's formula, evaluated at full precision, gives the engine's new θ: bit for bit, or within 1 ulp for Adam's m̂/(√v̂ + ε) form",
          .tags(.long), .skippedWhenQuick, arguments: runs)
    func formulaGivesTheEnginesValue(scene: String, kind: OptimizerKind) throws {
        for steps in [1, 4] {
            let (session, before) = try Self.session(scene, kind, steps: steps)
            let numbers = try #require(try Self.picture(session).lastStep)
            let engine = session.parameters[0].tensor.data[0]
            #expect(numbers.before == before[0][0])
            #expect(numbers.after == engine)
            #expect(numbers.learningRate == session.learningRate)
            let recomputed = Self.recompute(numbers)
            switch numbers.update {
            case .adam:
                #expect(recomputed == engine || recomputed.nextUp == engine || recomputed.nextDown == engine,
                        "\(scene) \(kind) step \(steps): \(recomputed) vs \(engine)")
            default:
                #expect(recomputed == engine, "\(scene) \(kind) step \(steps): \(recomputed) vs \(engine)")
            }
            if case .direction(let d) = numbers.update, kind == .sgd { #expect(d == session.gradients[0][0]) }
        }
    }

    @Test("Adam's row holds exp_avg and exp_avg_sq exactly: torch's own grouping of them gives the engine's θ bit for bit",
          arguments: [OptimizerKind.adam, .adamw])
    func adamStateIsExact(kind: OptimizerKind) throws {
        let (session, before) = try Self.session("sin-cubic", kind, steps: 5)
        let picture = try Self.picture(session)
        let column = { (name: String) in try #require(picture.columns.firstIndex { $0.name == name }) }
        let row = picture.rows[0]
        let m = try #require(row.values[try column("exp_avg")]), v = try #require(row.values[try column("exp_avg_sq")])
        let t = try #require(picture.step)
        #expect(t == 5)
        let lr = session.learningRate
        let bc1 = 1 - pow(0.9, Double(t)), bc2Root = pow(1 - pow(0.999, Double(t)), 0.5)
        let theta = kind == .adamw ? before[0][0] * (1 - lr * 0.01) : before[0][0]
        #expect(theta + (-(lr / bc1)) * m / (v.squareRoot() / bc2Root + 1e-8) == session.parameters[0].tensor.data[0])
        #expect(row.values[try column("m̂")] == m / bc1)
        #expect(row.values[try column("v̂")] == v / (1 - pow(0.999, Double(t))))
    }

    @Test("each scalar's row: θ, the gradient the step used, the state by torch's names, Δθ and |Δθ|/|g|")
    func scalarRows() throws {
        let (session, before) = try Self.session("sin-cubic", .momentum, steps: 3)
        let picture = try Self.picture(session)
        #expect(picture.columns.map(\.name) == ["θ", "g", "momentum_buffer", "Δθ", "|Δθ|/|g|"])
        #expect(picture.rows.map(\.name) == ["a", "b", "c", "d"])
        for (index, named) in session.parameters.enumerated() {
            let theta = named.tensor.data[0], g = session.gradients[index][0]
            let buffer = try #require(session.optimizer.state(of: named.tensor)?["momentum_buffer"]?[0])
            let change = theta - before[index][0]
            #expect(picture.rows[index].values == [theta, g, buffer, change, abs(change) / abs(g)])
        }
    }

    @Test("a tensor's rows: L2 norms (with ‖Δθ‖/‖g‖), then means")
    func tensorRows() throws {
        let (session, before) = try Self.session("two-layer-net", .adam, steps: 2)
        let picture = try Self.picture(session)
        #expect(picture.rows.map(\.name) == ["‖0.weight‖", "  mean", "‖0.bias‖", "  mean", "‖2.weight‖", "  mean", "‖2.bias‖", "  mean"])
        let weight = session.parameters[0].tensor.data
        let change = zip(weight, before[0]).map { $0 - $1 }
        let norm = { (values: [Double]) in values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let norms = picture.rows[0].values, means = picture.rows[1].values
        #expect(norms[0] == norm(weight))
        #expect(norms[1] == norm(session.gradients[0]))
        #expect(norms.last == norm(change) / norm(session.gradients[0]))
        #expect(means[0] == weight.reduce(0, +) / Double(weight.count))
        #expect(means[picture.columns.count - 2] == change.reduce(0, +) / Double(change.count))
        #expect(means.last == .some(nil))
        #expect(picture.lastStep?.parameter == "0.weight[0,0]")
    }

    @Test("before a step: θ only, no numbers, a hint to press s")
    func beforeAStep() throws {
        let (session, _) = try Self.session("parabola", .adam, steps: 0)
        let picture = try Self.picture(session)
        #expect(picture.lastStep == nil && picture.step == nil)
        #expect(picture.rows[0].values.dropFirst().allSatisfy { $0 == nil })
        let frame = render(LabPicture(title: "t", main: .optimizer(picture), loss: [],
                                      status: LabStatus(state: .paused, step: 0, loss: 1, learningRate: 0.1, optimizer: "Adam")),
                           width: 80, height: 24, options: .standard)
        #expect(frame.text.contains("s takes one step and shows its numbers here"))
    }

    @Test("the formula with numbers reads as the rule does", arguments: [
        (OptimizerPicture.StepNumbers.Update.direction(0.0421), "a ← 0.1 − 0.001 · 0.0421 = 0.09996"),
        (.direction(-0.0421), "a ← 0.1 − 0.001 · (-0.0421) = 0.09996"),
        (.nesterov(gradient: 0.5, momentum: 0.9, buffer: 2), "a ← 0.1 − 0.001 · (0.5 + 0.9 · 2) = 0.09996"),
        (.rmsprop(gradient: 0.0421, squareAverage: 0.00177, epsilon: 1e-8), "a ← 0.1 − 0.001 · 0.0421 / (√0.00177 + 1e-8) = 0.09996"),
        (.adam(mHat: 0.0421, vHat: 0.00177, epsilon: 1e-8, decay: nil), "a ← 0.1 − 0.001 · 0.0421 / (√0.00177 + 1e-8) = 0.09996"),
        (.adam(mHat: 0.0421, vHat: 0.00177, epsilon: 1e-8, decay: 0.01), "a ← 0.1 · (1 − 0.001 · 0.01) − 0.001 · 0.0421 / (√0.00177 + 1e-8) = 0.09996"),
    ])
    func formulaText(update: OptimizerPicture.StepNumbers.Update, expected: String) {
        let numbers = OptimizerPicture.StepNumbers(parameter: "a", before: 0.1, learningRate: 1e-3, update: update, after: 0.09996)
        #expect(OptimizerTable.formula(numbers) == expected)
    }

    @Test("ASCII terminals get θ, Δ, √, ←, · and m̂ spelled out")
    func asciiSpellings() {
        #expect(OptimizerTable.displayable("a ← 0.1 − 0.001 · 0.04 / (√0.002 + 1e-8)", unicode: false)
                == "a <- 0.1 - 0.001 * 0.04 / (sqrt 0.002 + 1e-8)")
        #expect(OptimizerTable.displayable("|Δθ|/|g| m̂ v̂ ‖W‖ 0.9ᵗ", unicode: false) == "|dtheta|/|g| mhat vhat |W| 0.9^t")
    }

    @Test("formulas break before a top-level =, − or +, else at spaces, and never exceed the width")
    func wrapping() {
        let formula = "a ← -0.01597 − 0.001 · (-5366) / (√2.882e7 + 1e-8) = -0.01497"
        #expect(OptimizerTable.formulaLines(formula, width: 60) == ["a ← -0.01597 − 0.001 · (-5366) / (√2.882e7 + 1e-8)", "  = -0.01497"])
        #expect(OptimizerTable.formulaLines(formula, width: 47) == ["a ← -0.01597", "  − 0.001 · (-5366) / (√2.882e7 + 1e-8)", "  = -0.01497"])
        for width in 24...80 {
            #expect(OptimizerTable.formulaLines(formula, width: width).allSatisfy { $0.count <= width })
        }
    }

    @Test("narrow panels show fewer whole columns, the bias-corrected ones going first, never a cut table",
          arguments: Array(stride(from: 12, through: 110, by: 1)))
    func narrowTables(width: Int) throws {
        let (session, _) = try Self.session("sin-cubic", .adam, steps: 3)
        let picture = try Self.picture(session)
        let table = OptimizerTable.table(picture, width: width, unicode: true)
        let shown = table.header.split(separator: " ").map(String.init)
        for line in [table.header] + table.rows.map(\.text) {
            #expect(line.count <= width, "\(line)")
        }
        for row in table.rows {
            #expect(row.text.split(separator: " ").count == shown.count + 1, "\(row.text) under \(table.header)")
        }
        let names = picture.columns.map(\.name)
        #expect(shown == names.filter(shown.contains), "columns keep their order")
        let ranks = picture.columns.filter { shown.contains($0.name) }.map(\.rank)
        let dropped = picture.columns.filter { !shown.contains($0.name) }.map(\.rank)
        #expect((ranks.max() ?? -1) < (dropped.min() ?? .max), "kept ranks \(ranks), dropped \(dropped)")
        if width >= 100 { #expect(shown == names) }
        if width < 60, !dropped.isEmpty { #expect(!shown.contains("m̂")) }
    }

    @Test("short panels drop the rows of means first, then count the rows left out")
    func shortPanels() throws {
        let (session, _) = try Self.session("two-layer-net", .adam, steps: 1)
        let picture = try Self.picture(session)
        for height in [12, 16, 19, 30] {
            var frame = Frame(width: 104, height: height)
            OptimizerTable(picture: picture).render(into: &frame, area: Rect(x: 0, y: 0, width: 104, height: height), options: .standard)
            let text = frame.text
            let tensorRows = text.split(separator: "\n").filter { $0.hasPrefix("‖") }.count
            let meanRows = text.split(separator: "\n").filter { $0.hasPrefix("  mean") }.count
            if meanRows > 0 { #expect(tensorRows == 4) }
            if tensorRows < 4 { #expect(text.contains("more row"), "\(text)") }
            if height >= 30 { #expect(tensorRows == 4 && meanRows == 4) }
        }
    }
}
