import Foundation
import Grad
import ReferenceMath
import Testing

/// The schedules against the rates real PyTorch gave (`TorchSchedules/make_torch_schedules.py`),
/// bit for bit, step by step, hand-set rates included.
struct LearningRateScheduleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let fixture: TorchScheduleFixtures.Case
        var testDescription: String { fixture.name }
    }

    static let cases = TorchScheduleFixtures.cases.map(Case.init)

    static func schedule(_ fixture: TorchScheduleFixtures.Case) -> LearningRateSchedule {
        let options = fixture.options
        let warmup = options["warmup"].map { LearningRateSchedule.Warmup(steps: Int($0), startFactor: options["warmup_start"] ?? 1.0 / 3) }
        let decay: LearningRateSchedule.Decay? = switch fixture.decay {
        case "step": .step(size: Int(options["step_size"]!), gamma: options["gamma"]!)
        case "exponential": .exponential(gamma: options["gamma"]!)
        case "cosine": .cosine(tMax: Int(options["t_max"]!), etaMin: options["eta_min"] ?? 0)
        default: nil
        }
        return LearningRateSchedule(warmup: warmup, decay: decay)
    }

    @Test("every fixture is read")
    func fixturesAreThere() {
        #expect(Self.cases.count == 15)
        #expect(Self.cases.allSatisfy { $0.fixture.rates.count == $0.fixture.steps && $0.fixture.rate > 0 })
    }

    @Test("the rate of every step is PyTorch's to the bit", arguments: cases)
    func ratesMatchTorch(_ golden: Case) {
        let fixture = golden.fixture
        let schedule = Self.schedule(fixture)
        var rate = schedule.startingRate(fixture.rate)
        for step in 0..<fixture.steps {
            if let factor = fixture.changes[step] { rate *= factor }
            #expect(rate.bitPattern == fixture.rates[step].bitPattern, "step \(step): \(rate) vs torch \(fixture.rates[step])")
            if rate.bitPattern != fixture.rates[step].bitPattern { return }
            rate = schedule.rate(after: rate, epoch: step + 1, base: fixture.rate)
        }
    }

    @Test("the recursive forms are not the closed forms: cosine's differs from base·(1 + cos(πt/T))/2 in the last bits somewhere")
    func recursiveIsNotClosed() throws {
        let fixture = try #require(TorchScheduleFixtures.cases.first { $0.name == "cosine 100" })
        let closed = (0..<fixture.steps).map { (t: Int) -> Double in
            let angle = Double.pi * Double(t) / 100
            return 0.1 * (1 + cos(angle)) / 2
        }
        #expect(zip(closed, fixture.rates).contains { $0.bitPattern != $1.bitPattern })
    }
}
