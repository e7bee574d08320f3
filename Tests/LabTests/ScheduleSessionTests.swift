import Grad
@testable import Lab
import LabFixtures
import ReferenceMath
import Testing

/// `[training.schedule]` in a running session: the rate each step uses is PyTorch's, with rates set
/// by hand, across rewind and reset.
struct ScheduleSessionTests {
    /// A line fit whose SGD rate is `rate`, with the schedule table `schedule`.
    static func scene(rate: Double, schedule: String) throws -> Scene {
        try Fixtures.parse("""
            title = "scheduled"
            description = "A line fit with a learning-rate schedule."
            seed = 1

            [data]
            x = { linspace = [0, 1, 20] }
            y = "3*x - 1"

            [model]
            formula = "w*x + b"

            [parameters]
            w = 0.0
            b = 0.0

            [training]
            loss = "mean_squares"
            optimizer = "sgd"
            max_steps = 100000

            [training.learning_rate]
            sgd = \(rate)

            [training.schedule]
            \(schedule)
            """)
    }

    private func fixture(_ name: String) throws -> TorchScheduleFixtures.Case {
        try #require(TorchScheduleFixtures.cases.first { $0.name == name })
    }

    /// The rate each of `steps` steps used, pressing rate factors by hand before the steps in `changes`.
    private func rates(_ session: Session, steps: Int, changes: [Int: Double] = [:]) -> [Double] {
        var used: [Double] = []
        for step in 0..<steps {
            if let factor = changes[step] { session.setLearningRate(session.learningRate * factor) }
            session.trainStep { _, _, _ in used.append(session.learningRate) }
        }
        return used
    }

    @Test("the rate each step uses is PyTorch's (warmup then cosine; step with rates set by hand at 15 and 37)",
          arguments: [("warmup 20 then cosine 200", "kind = \"cosine\"\nt_max = 200\nwarmup = 20"),
                      ("step 10 × 0.5, ×2 by hand at 15, ÷10 at 37", "kind = \"step\"\nstep_size = 10\ngamma = 0.5"),
                      ("warmup 8 from 0.1 then exponential 0.95", "kind = \"exponential\"\ngamma = 0.95\nwarmup = 8\nwarmup_start = 0.1")])
    func ratesAreTorchs(_ name: String, _ table: String) throws {
        let fixture = try fixture(name)
        let session = try Session(scene: try Self.scene(rate: fixture.rate, schedule: table))
        let used = rates(session, steps: fixture.steps, changes: fixture.changes)
        #expect(used.map(\.bitPattern) == fixture.rates.map(\.bitPattern))
    }

    @Test("rewinding and going forward again uses the same rates; a reset starts the schedule again; the rate curve follows")
    func rewindAndReset() throws {
        let fixture = try fixture("warmup 20 then cosine 200")
        let session = try Session(scene: try Self.scene(rate: fixture.rate, schedule: "kind = \"cosine\"\nt_max = 200\nwarmup = 20"))
        let first = rates(session, steps: 120)
        #expect(session.rewind(to: 50))
        #expect(session.learningRate == first[50])
        let again = rates(session, steps: 70)
        #expect(again == Array(first[50..<120]))
        #expect(session.rateCurve.steps == Array(0..<120) && session.rateCurve.values == first)
        session.reset(running: false)
        #expect(session.learningRate == fixture.rates[0] && session.rateCurve.isEmpty)
        #expect(rates(session, steps: 30) == Array(first[0..<30]))
    }

    @Test("a scene without a schedule keeps its rate; the schedule's keys are located errors")
    func keysAndErrors() throws {
        let plain = try Fixtures.session("sin-cubic")
        #expect(plain.scene.schedule == nil)
        for _ in 0..<50 { plain.trainStep() }
        #expect(plain.learningRate == 1e-6 && plain.rateCurve.isEmpty)
        let bad: [(String, String)] = [
            ("kind = \"linear\"", "[training.schedule] kind: unknown schedule 'linear'; expected one of: step, exponential, cosine (and/or warmup = steps)"),
            ("kind = \"step\"\ngamma = 0.5", "[training.schedule]: a step schedule needs step_size (steps between decays) and gamma (the factor)"),
            ("kind = \"exponential\"", "[training.schedule]: missing gamma (the factor each decay multiplies the rate by, e.g. 0.5)"),
            ("kind = \"exponential\"\ngamma = 0.9\nt_max = 5", "[training.schedule] t_max: 'exponential' takes no t_max"),
            ("kind = \"cosine\"\nt_max = 0", "[training.schedule] t_max: expected a whole number of at least 1, found 0"),
            ("warmup = 10\nwarmup_start = 0", "[training.schedule] warmup_start: expected the first step's factor, above 0 and at most 1, found 0.0"),
            ("gamma = 0.5", "[training.schedule] gamma: gamma needs kind = \"step\", \"exponential\" or \"cosine\""),
            ("kind = \"step\"\nstep_size = 3\ngamma = 0.5\nstep = 4", "[training.schedule] step: unknown key; expected one of: kind, step_size, gamma, t_max, eta_min, warmup, warmup_start"),
        ]
        for (table, message) in bad {
            do {
                _ = try Self.scene(rate: 0.1, schedule: table)
                Issue.record("\(table) was accepted")
            } catch {
                #expect("\(error)".contains(message), "\(table): \(error)")
                #expect("\(error)".hasPrefix("bad.toml:2"), "located at its line: \(error)")
            }
        }
    }
}
