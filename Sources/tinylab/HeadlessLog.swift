import Foundation
import Grad
import Lab

/// Writes a headless run's log in one of the formats of DESIGN.md §3.
///
/// Step lines carry the loss of the forward pass at that step, before its update; the final record
/// carries the loss and parameters after every update. Each line is written when it is logged, so a
/// program or a person reading the log through a pipe (`| tee log`) sees it at once.
struct HeadlessLog {
    let format: LogFormat
    let session: Session
    /// Whether JSONL lines carry the optimizer's state (`--state`).
    let includesState: Bool
    /// Put before every text line (a race's `sgd `), so interleaved runners can be told apart.
    var textPrefix = ""
    /// Whether the final JSON object names the optimizer (a race's runners do).
    var finalNamesOptimizer = false

    init(format: LogFormat, session: Session, includesState: Bool = false) {
        self.format = format
        self.session = session
        self.includesState = includesState
    }

    /// Shortest text that reads back as the same Double (as Python's repr).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    static func json(_ value: Double) -> String {
        value.isFinite ? number(value) : "null"
    }

    /// A JSON string literal (control characters and DEL escaped).
    static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case let s where s.value < 0x20 || s.value == 0x7F: escaped += String(format: "\\u%04x", s.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    private func parameterJSON(_ summaries: [ParameterSummary]) -> String {
        var params: [String] = []
        var norms: [String] = []
        for summary in summaries {
            if summary.isScalar {
                params.append("\(Self.jsonString(summary.name)):\(Self.json(summary.values[0]))")
            } else if !summary.values.isEmpty {
                params.append("\(Self.jsonString(summary.name)):[\(summary.values.map(Self.json).joined(separator: ","))]")
            } else {
                norms.append("\(Self.jsonString(summary.name)):\(Self.json(summary.norm))")
            }
        }
        var text = "\"params\":{\(params.joined(separator: ","))}"
        if !norms.isEmpty { text += ",\"param_norms\":{\(norms.joined(separator: ","))}" }
        return text
    }

    /// `"state":{…}`: each parameter's optimizer state by torch.optim's names, as the optimizer
    /// holds it now. Step lines are written before their step's update, so this is the state after
    /// the updates that produced the line's parameters. Tensors of more than eight values give the
    /// L2 norm of each buffer (`exp_avg_norm`); parameters without state (plain SGD, or before the
    /// first update) are left out.
    private var stateJSON: String {
        var entries: [String] = []
        for named in session.parameters {
            guard let state = session.optimizer.state(of: named.tensor), !state.isEmpty else { continue }
            var fields: [String] = []
            if let step = state.step { fields.append("\"step\":\(step)") }
            for buffer in state.buffers {
                if buffer.values.count == 1 {
                    fields.append("\(Self.jsonString(buffer.name)):\(Self.json(buffer.values[0]))")
                } else if buffer.values.count <= 8 {
                    fields.append("\(Self.jsonString(buffer.name)):[\(buffer.values.map(Self.json).joined(separator: ","))]")
                } else {
                    let norm = l2Norm(buffer.values)
                    fields.append("\(Self.jsonString(buffer.name + "_norm")):\(Self.json(norm))")
                }
            }
            entries.append("\(Self.jsonString(named.name)):{\(fields.joined(separator: ","))}")
        }
        return "\"state\":{\(entries.joined(separator: ","))}"
    }

    /// `"optimum":{"loss":L*,"params":{…}},"stable_lr":{"sgd":…,"momentum":…,"nesterov":…}` where the
    /// loss is an exact quadratic of the parameters (each part only where it exists), else nil.
    private var optimumJSON: String? {
        let analysis = session.quadraticAnalysis()
        guard analysis.isQuadratic else { return nil }
        var parts: [String] = []
        if let optimum = analysis.optimum {
            let params = zip(analysis.parameterNames, optimum.parameters).map { "\(Self.jsonString($0)):\(Self.json($1))" }
            parts.append("\"optimum\":{\"loss\":\(Self.json(optimum.loss)),\"params\":{\(params.joined(separator: ","))}}")
        }
        let bounds = [OptimizerKind.sgd, .momentum, .nesterov].compactMap { kind -> String? in
            let defaults = Optimizer(kind, learningRate: 1)
            return analysis.stableLearningRate(for: defaults).map { "\(Self.jsonString(kind.rawValue)):\(Self.json($0.bound))" }
        }
        if !bounds.isEmpty { parts.append("\"stable_lr\":{\(bounds.joined(separator: ","))}") }
        return parts.isEmpty ? nil : parts.joined(separator: ",")
    }

    private var csvColumns: [String] {
        session.parameterSummaries().flatMap { summary -> [String] in
            if summary.isScalar { return [summary.name] }
            if !summary.values.isEmpty { return summary.values.indices.map { "\(summary.name)[\($0)]" } }
            return ["norm(\(summary.name))"]
        }
    }

    private func csvValues(_ summaries: [ParameterSummary]) -> [String] {
        summaries.flatMap { summary -> [String] in
            summary.values.isEmpty ? [Self.number(summary.norm)] : summary.values.map(Self.number)
        }
    }

    func begin() {
        let test = session.hasHeldOutData ? ["test_loss"] : []
        let batch = session.batchSize != nil ? ["batch_loss", "epoch"] : []
        let accuracy = session.scene.loss.classifies ? ["accuracy"] + (session.hasHeldOutData ? ["test_accuracy"] : []) : []
        if format == .csv { emit((["step", "loss"] + test + batch + accuracy + ["lr", "optimizer"] + csvColumns).joined(separator: ",")) }
    }

    /// With mini-batches a step line's `loss` is the full training loss at the step's parameters
    /// and `batch_loss` the loss of the batch the step trained on (what its forward pass computed),
    /// with the batch's `epoch` (from 1); without them `loss` is the step's own loss.
    private func losses(_ stepLoss: Double) -> (loss: Double, batch: (loss: Double, epoch: Int)?) {
        guard session.batchSize != nil else { return (stepLoss, nil) }
        return (session.currentLoss(), (stepLoss, session.epoch))
    }

    /// The test loss at the current parameters as each format writes it: a text column, a JSON
    /// field, a CSV cell; nothing for a scene without held-out rows.
    private var testText: String { session.testLoss().map { " " + Self.number($0) } ?? "" }
    private var testJSON: String { session.testLoss().map { ",\"test_loss\":\(Self.json($0))" } ?? "" }
    private var testCSV: [String] { session.testLoss().map { [Self.number($0)] } ?? [] }

    /// Classification scenes: the share of training rows classified right at the current
    /// parameters, and of the held-out rows (`accuracy`, `test_accuracy`); nothing for others.
    private var accuracies: [Double] { [session.accuracy(), session.testAccuracy()].compactMap { $0 } }
    private var accuracyText: String { accuracies.map { " " + Self.number($0) }.joined() }
    private var accuracyJSON: String {
        zip(["accuracy", "test_accuracy"], accuracies).map { ",\"\($0)\":\(Self.json($1))" }.joined()
    }
    private var accuracyCSV: [String] { accuracies.map(Self.number) }

    func step(_ step: Int, loss stepLoss: Double) {
        let (loss, batch) = losses(stepLoss)
        let batchText = batch.map { " \(Self.number($0.loss)) \($0.epoch)" } ?? ""
        let batchJSON = batch.map { ",\"batch_loss\":\(Self.json($0.loss)),\"epoch\":\($0.epoch)" } ?? ""
        let batchCSV = batch.map { [Self.number($0.loss), String($0.epoch)] } ?? []
        switch format {
        case .text:
            emit("\(step) \(Self.number(loss))" + testText + batchText + accuracyText)
        case .jsonl:
            emit("{\"step\":\(step),\"loss\":\(Self.json(loss))\(testJSON)\(batchJSON)\(accuracyJSON),\"lr\":\(Self.json(session.learningRate)),"
                 + "\"optimizer\":\(Self.jsonString(session.optimizerKind.rawValue)),\(parameterJSON(session.parameterSummaries()))"
                 + (includesState ? ",\(stateJSON)}" : "}"))
        case .csv:
            emit(([String(step), Self.number(loss)] + testCSV + batchCSV + accuracyCSV + [Self.number(session.learningRate), session.optimizerKind.rawValue]
                  + csvValues(session.parameterSummaries())).joined(separator: ","))
        }
    }

    func finish(loss: Double, divergence: Divergence?) {
        let summaries = session.parameterSummaries()
        switch format {
        case .text:
            let values = summaries.map { summary in
                summary.isScalar ? "\(summary.name) = \(Self.number(summary.values[0]))"
                                 : "|\(summary.name)| = \(Self.number(summary.norm))"
            }
            if let divergence {
                emit("Diverged: \(divergence.summary)")
            } else {
                let test = session.testLoss().map { "; test loss \(Self.number($0))" } ?? ""
                let accuracy = zip(["accuracy", "test accuracy"], accuracies).map { "; \($0) \(Self.number($1))" }.joined()
                emit("Result after \(session.step) steps: loss \(Self.number(loss))\(test)\(accuracy); " + values.joined(separator: ", "))
            }
        case .jsonl:
            let optimizer = finalNamesOptimizer ? "\"optimizer\":\(Self.jsonString(session.optimizerKind.rawValue))," : ""
            var line = "{\"final\":true,\(optimizer)\"steps\":\(session.step),\"loss\":\(Self.json(loss))\(testJSON)\(accuracyJSON),"
                + parameterJSON(summaries)
            if includesState { line += ",\(stateJSON)" }
            if let divergence {
                line += ",\"diverged\":{\"step\":\(divergence.step),\"what\":\(Self.jsonString(divergence.summary))}"
            }
            if let optimumJSON { line += ",\(optimumJSON)" }
            emit(line + "}")
        case .csv:
            let batch = session.batchSize != nil ? ["", String(session.epoch)] : []
            emit(([String(session.step), Self.number(loss)] + testCSV + batch + accuracyCSV + [Self.number(session.learningRate), session.optimizerKind.rawValue]
                  + csvValues(summaries)).joined(separator: ","))
        }
    }

    private func emit(_ line: String) {
        StandardOutput.writeLine(format == .text ? textPrefix + line : line)
    }
}

/// Unbuffered line output to standard output.
enum StandardOutput {
    /// Writes `line` and a newline with `write(2)`, whole. When the reader has gone away (EPIPE:
    /// `| head -1` has what it wanted) the process ends quietly, as it would by SIGPIPE.
    static func writeLine(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                if errno == EPIPE { exit(141) }
                return
            }
        }
    }
}
