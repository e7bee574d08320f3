import Foundation
import Testing

/// The headless log formats of DESIGN.md §3: JSONL, CSV and the notebooks' text.
@Suite("headless log formats")
struct LogFormatTests {
    /// Steps a log with `--every k` over `n` steps must hold: t = 0, t % k == k − 1, and t = n − 1.
    static func loggedSteps(every k: Int, steps n: Int) -> [Int] {
        (0..<n).filter { $0 == 0 || $0 % k == k - 1 || $0 == n - 1 }
    }

    struct Schedule: CustomTestStringConvertible, Sendable {
        var scene: String
        var steps: Int
        var every: Int
        var testDescription: String { "\(scene) --steps \(steps) --every \(every)" }
    }

    @Test("JSONL logs t = 0, every K (t % K == K−1) and the last step, then the final object",
          arguments: [
              Schedule(scene: "sin-cubic", steps: 250, every: 100),
              Schedule(scene: "sin-cubic", steps: 2000, every: 100),
              Schedule(scene: "linear", steps: 20, every: 7),
              Schedule(scene: "linear", steps: 10, every: 5),
              Schedule(scene: "linear", steps: 5, every: 1),
              Schedule(scene: "linear", steps: 1, every: 100),
              Schedule(scene: "parabola", steps: 30, every: 1000),
          ])
    func jsonlSchedule(_ schedule: Schedule) throws {
        let result = Tinylab.succeed(["scene", schedule.scene, "--headless", "--format", "jsonl",
                                      "--steps", "\(schedule.steps)", "--every", "\(schedule.every)"])
        let run = try JSONLRun(result.stdout)
        #expect(run.steps.map(\.step) == Self.loggedSteps(every: schedule.every, steps: schedule.steps))
        #expect(run.final.final)
        #expect(run.final.steps == schedule.steps)
        #expect(run.final.diverged == nil)
        for record in run.steps {
            #expect(record.loss.isFinite)
            #expect(record.lr > 0)
            #expect(!record.optimizer.isEmpty)
            #expect(record.params.values.allSatisfy { $0.isFinite })
        }
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("JSONL step lines carry step, loss, lr, optimizer and params by name; the final line its own keys")
    func jsonlKeys() throws {
        let result = Tinylab.succeed(["scene", "sin-cubic", "--headless", "--format", "jsonl", "--steps", "120",
                                      "--optimizer", "rmsprop"])
        let lines = result.stdoutLines
        #expect(lines.count == 4)
        for line in lines.dropLast() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["step", "loss", "lr", "optimizer", "params"], "\(line)")
            #expect(object["optimizer"] as? String == "rmsprop")
            let params = try #require(object["params"] as? [String: Any])
            #expect(Set(params.keys) == ["a", "b", "c", "d"])
        }
        let final = try #require(try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as? [String: Any])
        #expect(Set(final.keys) == ["final", "steps", "loss", "params"], "\(lines.last!)")
        #expect(final["final"] as? Bool == true)
        #expect((final["steps"] as? NSNumber)?.intValue == 120)
        #expect(lines.last!.hasPrefix(#"{"final":true,"steps":120,"loss":"#), "\(lines.last!)")
    }

    @Test("JSONL numbers round-trip: the printed text reads back as the parsed Double, in its shortest form")
    func jsonlNumbersRoundTrip() throws {
        let result = Tinylab.succeed(["scene", "noisy-quadratic", "--headless", "--format", "jsonl", "--steps", "300"])
        let run = try JSONLRun(result.stdout)
        var checked = 0
        for (line, record) in zip(run.lines, run.steps) {
            let loss = try #require(Self.rawNumber("loss", in: line))
            #expect(Double(loss) == record.loss, "\(loss) in \(line)")
            #expect("\(record.loss)" == loss, "\(loss) is not the shortest text of \(record.loss)")
            let lr = try #require(Self.rawNumber("lr", in: line))
            #expect(Double(lr) == record.lr, "\(lr)")
            for name in ["a", "b", "c"] {
                let text = try #require(Self.rawNumber(name, in: line))
                #expect(Double(text) == record.params[name], "\(name) \(text) in \(line)")
                checked += 1
            }
        }
        let finalLoss = try #require(Self.rawNumber("loss", in: run.lines.last!))
        #expect(Double(finalLoss) == run.final.loss)
        #expect(checked >= 9)
        // The initial learning rate of the scene, exactly as the design's example prints it.
        #expect(Self.rawNumber("lr", in: run.lines[0]) == "0.001")
    }

    @Test("JSONL of sin-cubic's SGD default prints lr 1e-06 as in the design's example")
    func jsonlSmallLearningRate() throws {
        let result = Tinylab.succeed(["scene", "sin-cubic", "--headless", "--format", "jsonl", "--steps", "1"])
        let first = try #require(result.stdoutLines.first)
        #expect(Self.rawNumber("lr", in: first) == "1e-06", "\(first)")
        #expect(first.contains(#""optimizer":"sgd""#))
    }

    @Test("two-layer-net logs L2 norms under param_norms instead of its weight tensors")
    func jsonlParamNorms() throws {
        let result = Tinylab.succeed(["scene", "two-layer-net", "--headless", "--format", "jsonl", "--steps", "3"],
                                     timeout: .seconds(300))
        let run = try JSONLRun(result.stdout)
        #expect(run.steps.map(\.step) == [0, 2])
        for line in run.lines {
            #expect(line.utf8.count < 1000, "a log line holds whole tensors: \(line.prefix(300))…")
        }
        for norms in run.steps.map(\.paramNorms) + [run.final.paramNorms] {
            let norms = try #require(norms, "no param_norms")
            #expect(norms.count == 4, "\(norms)")
            #expect(norms.values.allSatisfy { $0.isFinite && $0 > 0 }, "\(norms)")
        }
        #expect(run.steps.allSatisfy { $0.params.isEmpty })
        #expect(run.final.params.isEmpty)
    }

    @Test("a diverged run's JSONL stays valid JSON: the final object has a null loss and says where it diverged")
    func jsonlDiverged() throws {
        let result = Tinylab.run(["scene", "parabola", "--lr", "10", "--headless", "--format", "jsonl", "--every", "1"])
        #expect(result.status == 1, "\(result)")
        let run = try JSONLRun(result.stdout)
        #expect(run.final.loss == nil)
        let diverged = try #require(run.final.diverged, "\(run.lines.last ?? "")")
        #expect(run.final.steps == diverged.step)
        #expect(run.steps.last?.step == diverged.step - 1, "the step lines end just before the step that diverged")
        #expect(result.stdout.firstMatch(of: #/:-?(nan|inf|NaN|Infinity)[,}]/#) == nil, "not JSON: \(result.stdout.suffix(400))")
    }

    @Test("CSV: a header of step, loss, lr, optimizer and the parameters, then one row per logged step and a final row")
    func csv() throws {
        let result = Tinylab.succeed(["scene", "sin-cubic", "--headless", "--format", "csv", "--steps", "250"])
        let lines = result.stdoutLines
        #expect(lines.first == "step,loss,lr,optimizer,a,b,c,d", "\(result)")
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.map { Int($0[0]) } == (Self.loggedSteps(every: 100, steps: 250) + [250]).map(Optional.some),
                "\(lines.joined(separator: "\n"))")
        for row in rows {
            #expect(row.count == 8, "\(row)")
            #expect(row.dropFirst().enumerated().allSatisfy { index, field in index == 2 || Double(field) != nil }, "\(row)")
            #expect(row[3] == "sgd")
        }
        let json = try JSONLRun(Tinylab.succeed(["scene", "sin-cubic", "--headless", "--format", "jsonl", "--steps", "250"]).stdout)
        #expect(rows.dropLast().map { Double($0[1]) ?? .nan } == json.steps.map(\.loss), "CSV and JSONL disagree on the losses")
        #expect(Double(rows.last![1]) == json.final.loss)
    }

    @Test("CSV of two-layer-net has one norm column per tensor")
    func csvNorms() {
        let lines = Tinylab.succeed(["scene", "two-layer-net", "--headless", "--format", "csv", "--steps", "2"],
                                    timeout: .seconds(300)).stdoutLines
        #expect(lines.count == 4)
        let header = lines.first?.split(separator: ",").map(String.init) ?? []
        #expect(header.prefix(4) == ["step", "loss", "lr", "optimizer"])
        #expect(header.count == 8 && header.dropFirst(4).allSatisfy { $0.hasPrefix("norm(") }, "\(header)")
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",").count == header.count })
    }

    @Test("text: `step loss` lines like the notebooks' `99 259.98`, then a result line")
    func text() throws {
        let result = Tinylab.succeed(["scene", "noisy-quadratic", "--headless", "--steps", "300"])
        let lines = result.stdoutLines
        #expect(lines.count == 5, "\(result)")
        var steps: [Int] = []
        for line in lines.dropLast() {
            let match = try #require(line.wholeMatch(of: #/(\d+) (\S+)/#), "`\(line)` is not `step loss`")
            steps.append(Int(match.1)!)
            #expect(Double(String(match.2)) != nil, "\(line)")
        }
        #expect(steps == [0, 99, 199, 299])
        let last = try #require(lines.last)
        #expect(last.hasPrefix("Result after 300 steps: loss "), "\(last)")
        #expect(last.contains("a = ") && last.contains("b = ") && last.contains("c = "), "\(last)")
        let json = try JSONLRun(Tinylab.succeed(["scene", "noisy-quadratic", "--headless", "--steps", "300", "--format", "jsonl"]).stdout)
        #expect(lines.dropLast().map { Double($0.split(separator: " ")[1]) ?? .nan } == json.steps.map(\.loss),
                "text and JSONL disagree on the losses")
    }

    /// The literal text of the number after `"key":` in a JSON line.
    static func rawNumber(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: "\"\(key)\":") else { return nil }
        let rest = line[range.upperBound...]
        return String(rest.prefix { "0123456789+-.eE".contains($0) })
    }
}

/// One parsed `--format jsonl` log.
struct JSONLRun {
    struct Step: Decodable {
        var step: Int
        var loss: Double
        var lr: Double
        var optimizer: String
        var params: [String: Double]
        var paramNorms: [String: Double]?

        enum CodingKeys: String, CodingKey {
            case step, loss, lr, optimizer, params
            case paramNorms = "param_norms"
        }
    }

    struct Final: Decodable {
        struct Diverged: Decodable {
            var step: Int
            var what: String
        }

        var final: Bool
        var steps: Int
        var loss: Double?
        var params: [String: Double]
        var paramNorms: [String: Double]?
        var diverged: Diverged?

        enum CodingKeys: String, CodingKey {
            case final, steps, loss, params, diverged
            case paramNorms = "param_norms"
        }
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    var lines: [String]
    var steps: [Step]
    var final: Final

    /// Parses a whole log: step objects, then exactly one final object on the last line.
    init(_ text: String) throws {
        lines = text.split(separator: "\n").map(String.init)
        guard let last = lines.last else { throw FormatError(description: "empty log") }
        let decoder = JSONDecoder()
        steps = []
        for line in lines.dropLast() {
            do {
                steps.append(try decoder.decode(Step.self, from: Data(line.utf8)))
            } catch {
                throw FormatError(description: "not a JSONL step object: \(line)\n\(error)")
            }
        }
        do {
            final = try decoder.decode(Final.self, from: Data(last.utf8))
        } catch {
            throw FormatError(description: "the last line is not the final object: \(last)\n\(error)")
        }
    }
}
