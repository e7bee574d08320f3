import Foundation
import ReferenceMath
import Testing

/// `[training.schedule]` through the release binary: the headless `lr` field is the rate each step
/// used, PyTorch's to the printed digit; races and `check` read the table too.
@Suite("learning-rate schedules, headless")
struct ScheduleLogTests {
    static let scene = """
        title = "scheduled"
        description = "A line fit with a warmup and a cosine schedule."
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
        max_steps = 450

        [training.learning_rate]
        sgd = 0.1

        [training.schedule]
        kind = "cosine"
        t_max = 200
        warmup = 20
        """

    @Test("every JSONL line's lr is the rate PyTorch's LinearLR + CosineAnnealingLR give at that step")
    func jsonlRateIsTheScheduledRate() throws {
        let fixture = try #require(TorchScheduleFixtures.cases.first { $0.name == "warmup 20 then cosine 200" })
        let folder = try DataOptionTests.folder(["scheduled.toml": Self.scene])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = Tinylab.succeed(["scene", folder.appendingPathComponent("scheduled.toml").path, "--headless", "--format", "jsonl",
                                      "--every", "1"])
        let lines = result.stdoutLines.dropLast()
        #expect(lines.count == fixture.steps)
        for (step, line) in lines.enumerated() {
            // The printed number (Foundation's parser may round the last digit), against the shortest text of torch's double.
            let printed = try #require(line.firstMatch(of: /"lr":([^,]+),/)).1
            #expect(String(printed) == "\(fixture.rates[step])", "step \(step): \(line)")
        }
        let check = Tinylab.run(["check", folder.appendingPathComponent("scheduled.toml").path])
        #expect(check.status == 0, "\(check)")
        let race = Tinylab.succeed(["race", folder.appendingPathComponent("scheduled.toml").path, "--headless", "--format", "jsonl",
                                    "--every", "1", "--steps", "3", "--optimizers", "sgd", "--lr", "sgd=0.1"])
        #expect(race.stdoutLines.prefix(3).map { $0.firstMatch(of: /"lr":([^,]+),/).map { String($0.1) } }
                == fixture.rates.prefix(3).map { "\($0)" })
    }

    @Test("a mistake in [training.schedule] is a located error, exit 65")
    func badScheduleIsLocated() throws {
        let folder = try DataOptionTests.folder(["bad.toml": Self.scene.replacingOccurrences(of: "t_max = 200", with: "t_max = -3")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = Tinylab.run(["scene", folder.appendingPathComponent("bad.toml").path, "--headless"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad.toml:26: ") && result.stderr.contains("[training.schedule] t_max"), "\(result.stderr)")
    }
}
