import Foundation
import Testing

/// `tinylab race`: every runner's log lines are byte for byte those of its solo `tinylab scene` run.
@Suite("race command")
struct RaceCommandTests {
    static let optimizers = ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"]

    /// The race's lines of one runner, as the solo run prints them: JSON lines with that optimizer
    /// (the final object without the name the race adds).
    static func runnerLines(_ lines: [String], _ optimizer: String) -> [String] {
        let name = "\"optimizer\":\"\(optimizer)\""
        return lines.filter { $0.contains(name) && !$0.hasPrefix("{\"summary\"") }
            .map { $0.replacingOccurrences(of: "{\"final\":true,\(name),", with: "{\"final\":true,") }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var scene: String
        var options: [String]
        var rates: [String: String] = [:]
        var testDescription: String { ([scene] + options + rates.map { "\($0)=\($1)" }).joined(separator: " ") }
    }

    /// Each runner's learning rate as the race's summary lines give it (shortest round-trip form).
    static func rates(_ lines: [String]) -> [String: String] {
        var rates: [String: String] = [:]
        for line in lines where line.hasPrefix("{\"summary\":true") {
            guard let optimizer = line.firstMatch(of: /"optimizer":"(\w+)"/)?.1, let rate = line.firstMatch(of: /"lr":([^,]+),/)?.1 else { continue }
            rates[String(optimizer)] = String(rate)
        }
        return rates
    }

    @Test("each runner is bit-identical to tinylab scene --optimizer O --lr LR", arguments: [
        Case(scene: "sin-cubic", options: ["--steps", "300", "--every", "7"]),
        Case(scene: "sin-cubic", options: ["--steps", "120", "--seed", "5", "--init", "a=0.1,b=0.2,c=-0.1,d=0.05"],
             rates: ["sgd": "2e-6", "adam": "0.01"]),
        Case(scene: "noisy-quadratic", options: ["--every", "25"]),
        Case(scene: "noisy-quadratic", options: ["--seed", "11", "--steps", "500"], rates: ["momentum": "0.0005", "rmsprop": "0.003"]),
        Case(scene: "dynamic-net", options: ["--steps", "400", "--every", "50"]),
    ])
    func equalsSolo(_ run: Case) throws {
        var arguments = ["race", run.scene, "--headless", "--format", "jsonl"] + run.options
        if !run.rates.isEmpty { arguments += ["--lr", run.rates.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: ",")] }
        let race = Tinylab.succeed(arguments, timeout: .seconds(600))
        let lines = race.stdoutLines
        let raceRates = Self.rates(lines)
        for optimizer in Self.optimizers {
            var solo = ["scene", run.scene, "--headless", "--format", "jsonl", "--optimizer", optimizer] + run.options
            let rate = try #require(raceRates[optimizer], "no summary line for \(optimizer)")
            if let given = run.rates[optimizer] { #expect(Double(given) == Double(rate)) }
            solo += ["--lr", rate]
            let expected = Tinylab.run(solo, timeout: .seconds(300)).stdoutLines
            #expect(expected.count > 2)
            #expect(Self.runnerLines(lines, optimizer) == expected, "\(optimizer) in the race vs solo")
        }
        let summaries = lines.filter { $0.hasPrefix("{\"summary\":true") }
        #expect(summaries.count == 6)
        // Lockstep: step t of every runner comes before step t+every of any.
        let steps = lines.compactMap { line -> Int? in
            guard line.hasPrefix("{\"step\":") else { return nil }
            return Int(line.dropFirst(8).prefix { $0.isNumber })
        }
        #expect(steps == steps.sorted(), "the runners' lines are interleaved step by step")
    }

    @Test("text: lines start with the optimizer, then a summary table with ✕ for a diverged runner")
    func textAndSummary() throws {
        let result = Tinylab.succeed(["race", "parabola", "--optimizers", "sgd,adam", "--lr", "sgd=0.4,adam=0.05", "--init", "x=1.5"])
        let lines = result.stdoutLines
        let solo = Tinylab.run(["scene", "parabola", "--headless", "--optimizer", "adam", "--init", "x=1.5"]).stdoutLines
        #expect(lines.filter { $0.hasPrefix("adam ") }.map { String($0.dropFirst(5)) } == solo)
        let table = lines.drop { !$0.hasPrefix("optimizer ") }
        #expect(table.count == 3, "\(result)")
        #expect(table.dropFirst().first?.hasPrefix("SGD ") == true && table.dropFirst().first?.hasSuffix("✕") == true, "\(result)")
        #expect(table.last?.hasPrefix("Adam ") == true && table.last?.hasSuffix("✕") == false, "\(result)")
        #expect(result.stderr.contains("sgd diverged") && result.stderr.contains("--lr sgd=0.04"), "\(result)")
    }

    @Test("every runner diverging exits 1; bad lists exit 64 and say what to do")
    func exits() throws {
        let all = Tinylab.run(["race", "parabola", "--optimizers", "sgd", "--lr", "sgd=0.4"])
        #expect(all.status == 1, "\(all)")
        let twice = Tinylab.run(["race", "parabola", "--optimizers", "sgd,sgd"])
        #expect(twice.status == 64 && twice.stderr.contains("sgd twice"), "\(twice)")
        let absent = Tinylab.run(["race", "parabola", "--optimizers", "sgd", "--lr", "adam=0.1"])
        #expect(absent.status == 64 && absent.stderr.contains("add it to --optimizers"), "\(absent)")
        let unknown = Tinylab.run(["race", "parabola", "--optimizers", "sgd,lion"])
        #expect(unknown.status == 64, "\(unknown)")
    }
}
