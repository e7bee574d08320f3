import Foundation
import ReferenceMath
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
        #expect(Set(final.keys) == ["final", "steps", "loss", "params", "optimum", "stable_lr"], "\(lines.last!)")
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

    /// One JSONL line as a dictionary.
    static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
    }

    /// `line`'s `"state"` object: parameter name → torch.optim's state fields.
    static func state(_ line: String) throws -> [String: [String: Any]] {
        try #require(try object(line)["state"] as? [String: [String: Any]], "no state in \(line)")
    }

    static func double(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    static func isClose(_ a: Double?, _ b: Double, relative: Double = 1e-14) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= relative * max(abs(a), abs(b))
    }

    @Test("--state: two Adam steps on the parabola carry exp_avg, exp_avg_sq and step as torch.optim computes them")
    func adamState() throws {
        let result = Tinylab.succeed(["scene", "parabola", "--optimizer", "adam", "--init", "x=0.5", "--steps", "2",
                                      "--every", "1", "--format", "jsonl", "--state"])
        let lines = result.stdoutLines
        #expect(lines.count == 3, "\(result)")
        // torch.optim.Adam in float64 (DESIGN §7), lr 0.05 (the scene's Adam rate), f'(x) = 6x + 2.
        let lr = 0.05, beta1 = 0.9, beta2 = 0.999, eps = 1e-8
        var x = 0.5, m = 0.0, v = 0.0
        var expected: [(x: Double, m: Double, v: Double, step: Int)] = []
        for t in 1...2 {
            let g = 6 * x + 2
            m = fma(1 - beta1, g - m, m)
            v = fma((1 - beta2) * g, g, beta2 * v)
            let bc1 = 1 - pow(beta1, Double(t)), bc2 = 1 - pow(beta2, Double(t))
            x += (-(lr / bc1)) * m / (v.squareRoot() / pow(bc2, 0.5) + eps)
            expected.append((x, m, v, t))
        }
        #expect(try Self.state(lines[0]).isEmpty, "no update before step 0's line: \(lines[0])")
        for (line, reference) in zip(lines.dropFirst(), expected) {
            let params = try #require(try Self.object(line)["params"] as? [String: Any])
            #expect(Self.isClose(Self.double(params["x"]), reference.x), "\(line) vs \(reference)")
            let state = try #require(try Self.state(line)["x"], "\(line)")
            #expect(Set(state.keys) == ["step", "exp_avg", "exp_avg_sq"], "\(line)")
            #expect((state["step"] as? NSNumber)?.intValue == reference.step, "\(line)")
            #expect(Self.isClose(Self.double(state["exp_avg"]), reference.m), "\(line) vs m = \(reference.m)")
            #expect(Self.isClose(Self.double(state["exp_avg_sq"]), reference.v), "\(line) vs v = \(reference.v)")
        }
        #expect(lines[1].contains(#""state":{"x":{"step":1,"exp_avg":"#), "\(lines[1])")
    }

    @Test("--state names torch.optim's buffers: momentum_buffer (momentum, nesterov), step and square_avg (rmsprop), nothing for SGD")
    func stateNames() throws {
        // linear: f'(w) = 15(w − 2) from w = 0, lr 0.01 for the SGD family and RMSprop.
        func lines(_ optimizer: String) -> [String] {
            Tinylab.succeed(["scene", "linear", "--optimizer", optimizer, "--steps", "2", "--every", "1", "--format", "jsonl",
                             "--state"]).stdoutLines
        }
        for optimizer in ["momentum", "nesterov"] {
            let log = lines(optimizer)
            let first = try #require(try Self.state(log[1])["w"]), second = try #require(try Self.state(log[2])["w"])
            #expect(Set(first.keys) == ["momentum_buffer"], "\(log[1])")
            #expect(Self.isClose(Self.double(first["momentum_buffer"]), -30))
            // buf₂ = 0.9·buf₁ + g₁ with w₁ = 0 − 0.01·(direction): heavy ball steps along −30, Nesterov along −30 − 27.
            let w1 = optimizer == "momentum" ? 0.3 : 0.57
            #expect(Self.isClose(Self.double(second["momentum_buffer"]), 0.9 * -30 + 15 * (w1 - 2), relative: 1e-12), "\(log[2])")
        }
        let rmsprop = lines("rmsprop")
        let state = try #require(try Self.state(rmsprop[1])["w"])
        #expect(Set(state.keys) == ["step", "square_avg"], "\(rmsprop[1])")
        #expect(Self.isClose(Self.double(state["square_avg"]), (1 - 0.99) * 900, relative: 1e-12))
        for line in lines("sgd") {
            #expect(try Self.state(line).isEmpty, "plain SGD keeps no state: \(line)")
        }
    }

    @Test("--state on a net gives per-tensor norms of Adam's buffers")
    func stateNorms() throws {
        let result = Tinylab.succeed(["scene", "two-layer-net", "--steps", "2", "--every", "1", "--format", "jsonl", "--state"],
                                     timeout: .seconds(300))
        let last = try #require(result.stdoutLines.last)
        let state = try Self.state(last)
        #expect(Set(state.keys) == ["0.weight", "0.bias", "2.weight", "2.bias"], "\(last.prefix(400))")
        for fields in state.values {
            #expect(Set(fields.keys) == ["step", "exp_avg_norm", "exp_avg_sq_norm"], "\(fields)")
            #expect(Self.double(fields["exp_avg_norm"]).map { $0 > 0 && $0.isFinite } == true)
        }
        #expect(last.utf8.count < 1000)
        #expect(try Self.object(last)["optimum"] == nil, "a net's loss is not quadratic")
    }

    @Test("the final line of a quadratic scene holds the optimum and the stable learning rates; other scenes' do not")
    func optimumAndStableRates() throws {
        let last = try #require(Tinylab.succeed(["scene", "sin-cubic", "--steps", "5", "--format", "jsonl"]).stdoutLines.last)
        let final = try Self.object(last)
        let optimum = try #require(final["optimum"] as? [String: Any], "\(last)")
        #expect(Self.isClose(Self.double(optimum["loss"]), SinData.optimum.loss, relative: 1e-12), "\(last)")
        let params = try #require(optimum["params"] as? [String: Any])
        #expect(Self.isClose(Self.double(params["b"]), SinData.optimum.coefficients[1], relative: 1e-9))
        #expect(Self.isClose(Self.double(params["d"]), SinData.optimum.coefficients[3], relative: 1e-9))
        let rates = try #require(final["stable_lr"] as? [String: Any])
        #expect(Set(rates.keys) == ["sgd", "momentum", "nesterov"])
        let sgd = try #require(Self.double(rates["sgd"]))
        #expect(abs(sgd - 3.558e-6) < 0.0005e-6, "\(sgd)")
        #expect(Self.isClose(Self.double(rates["momentum"]), sgd * 1.9, relative: 1e-12))
        #expect(Self.isClose(Self.double(rates["nesterov"]), sgd * 1.9 / 2.8, relative: 1e-12))
        let noisy = try Self.object(try #require(Tinylab.succeed(["scene", "noisy-quadratic", "--steps", "1", "--format", "jsonl"])
            .stdoutLines.last))
        let noisySGD = try #require(Self.double((noisy["stable_lr"] as? [String: Any])?["sgd"]))
        #expect(abs(noisySGD - 2.916e-3) < 0.0005e-3, "\(noisySGD)")
        for scene in ["legendre", "dynamic-net"] {
            let line = try #require(Tinylab.succeed(["scene", scene, "--steps", "2", "--format", "jsonl"]).stdoutLines.last)
            let object = try Self.object(line)
            #expect(object["optimum"] == nil && object["stable_lr"] == nil, "\(line)")
        }
    }

    @Test("--state without --format jsonl is a command-line error (exit 64) that says what to add")
    func stateNeedsJSONL() {
        for format in [[], ["--format", "csv"], ["--format", "text"]] {
            let result = Tinylab.run(["scene", "parabola", "--headless", "--state"] + format)
            #expect(result.status == 64, "\(result)")
            #expect(result.stderr.contains("--state needs --format jsonl"), "\(result)")
            #expect(result.stdout.isEmpty)
        }
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

extension LogFormatTests {
    @Test("a scene with held-out rows logs the test loss: text's third column, JSONL's and CSV's test_loss, the same numbers; others log none")
    func testLossInEveryFormat() throws {
        let args = ["scene", "overfit", "--headless", "--steps", "300", "--every", "100"]
        let text = Tinylab.succeed(args).stdoutLines
        let jsonl = Tinylab.succeed(args + ["--format", "jsonl"]).stdoutLines
        let csv = Tinylab.succeed(args + ["--format", "csv"]).stdoutLines
        #expect(csv.first?.hasPrefix("step,loss,test_loss,lr,optimizer,w0,") == true, "\(csv.first ?? "")")
        let textRows = text.dropLast().map { $0.split(separator: " ").map(String.init) }
        #expect(textRows.map(\.count) == [3, 3, 3, 3], "\(text)")
        for (index, line) in jsonl.dropLast().enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let keys = Array(line.split(separator: ",").prefix(3))
            #expect(keys[2].hasPrefix("\"test_loss\":"), "test_loss follows loss: \(line)")
            // The number as printed (Foundation's parser may round the last digit).
            let printed = String(keys[2].dropFirst("\"test_loss\":".count))
            #expect(printed == textRows[index][2] && csv[index + 1].split(separator: ",")[2] == Substring(printed), "\(line)")
            #expect(try #require(object["test_loss"] as? NSNumber).doubleValue > 0)
        }
        #expect(text.last?.contains("; test loss ") == true, "\(text.last ?? "")")
        #expect(jsonl.last?.contains("\"test_loss\":") == true)
        let plain = Tinylab.succeed(["scene", "sin-cubic", "--headless", "--steps", "3", "--format", "jsonl"]).stdout
        #expect(!plain.contains("test_loss"))
    }
}

extension LogFormatTests {
    @Test("mini-batches: loss is the full training loss, batch_loss the step's batch, epoch from 1, ten steps an epoch; text, JSONL and CSV agree")
    func batchFieldsInEveryFormat() throws {
        let args = ["scene", "minibatch", "--headless", "--steps", "25", "--every", "1"]
        let text = Tinylab.succeed(args).stdoutLines.dropLast()
        let jsonl = Tinylab.succeed(args + ["--format", "jsonl"]).stdoutLines.dropLast()
        let csv = Tinylab.succeed(args + ["--format", "csv"]).stdoutLines
        #expect(csv.first?.hasPrefix("step,loss,batch_loss,epoch,lr,optimizer,a,b,c") == true, "\(csv.first ?? "")")
        #expect(text.count == 25 && jsonl.count == 25)
        for (step, line) in jsonl.enumerated() {
            let fields = text[text.startIndex + step].split(separator: " ").map(String.init)
            #expect(fields.count == 4 && fields[3] == String(step / 10 + 1), "\(fields)")
            #expect(line.contains("\"loss\":\(fields[1]),\"batch_loss\":\(fields[2]),\"epoch\":\(fields[3]),"), "\(line)")
            #expect(csv[step + 1].hasPrefix("\(step),\(fields[1]),\(fields[2]),\(fields[3]),"))
        }
        #expect(text.first.map { $0.split(separator: " ")[1] != $0.split(separator: " ")[2] } == true, "a batch's loss is not the full loss")
    }
}
