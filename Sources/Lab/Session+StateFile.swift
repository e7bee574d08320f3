import Grad

/// Why a run cannot be written as a state file now.
public struct StateFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

extension Session {
    /// This run as a scene file that goes on from where it stands (the lab's `W` key): the scene
    /// with the parameters' current values as starting values, the current optimizer, batch size
    /// and rates, and `[resume]` with what else the next steps depend on (see `ResumeState`), so
    /// that a session of the file takes, bit for bit, the steps this one would take next. The data
    /// is the scene's (same seed and generator; a CSV file by its absolute path). `command` is the
    /// line that reopens it, written in the header comment.
    public func stateFile(command: String) throws(StateFileError) -> String {
        guard !isDiverged, parameters.allSatisfy({ $0.tensor.data.allSatisfy(\.isFinite) }) else {
            throw StateFileError(message: "the run diverged: there is no state to go on from; b goes back to a step before it")
        }
        var lines = ["# \(scene.name) at step \(step), written by tinylab (key W). \(command) goes on from here.", ""]
        lines.append("title = \(TOMLText.string(scene.title))")
        lines.append("description = \(TOMLText.string(scene.description))")
        lines.append("seed = \(seed)")
        if generator != .tinylab { lines.append("generator = \(TOMLText.string(generator.rawValue))") }
        if let view = scene.view { lines.append("view = \(TOMLText.string(view.rawValue))") }
        if let data = scene.data { lines += ["", "[data]"] + Self.dataLines(data) }
        lines += ["", "[model]"] + Self.modelLines(scene.model)
        lines += ["", "[parameters]"]
        for named in parameters {
            lines.append("\(TOMLText.key(named.name)) = \(TOMLText.nested(named.tensor.data, shape: isFormulaModel ? [] : named.tensor.shape))")
        }
        lines += ["", "[training]"] + trainingLines()
        lines += ["", "[training.learning_rate]"]
        for kind in OptimizerKind.allCases {
            if let rate = baseRates[kind] { lines.append("\(kind.rawValue) = \(TOMLText.number(rate))") }
        }
        if let schedule = scene.schedule { lines += ["", "[training.schedule]"] + Self.scheduleLines(schedule) }
        lines += ["", "[resume]"] + resumeLines()
        return lines.joined(separator: "\n") + "\n"
    }

    private func trainingLines() -> [String] {
        var lines = ["loss = \(TOMLText.string(scene.loss.rawValue))", "optimizer = \(TOMLText.string(optimizer.kind.rawValue))"]
        if let steps = options.steps {
            lines.append("max_steps = \(steps)")
        } else {
            lines.append("max_steps = \(scene.stop.maxSteps)")
            if let below = scene.stop.gradientBelow { lines.append("stop_when_gradient_below = \(TOMLText.number(below))") }
            if let below = scene.stop.lossBelow { lines.append("stop_when_loss_below = \(TOMLText.number(below))") }
        }
        lines.append("steps_per_second = \(TOMLText.number(scene.stepsPerSecond))")
        let rule = DivergenceRule()
        if scene.divergence.lossGrowth != rule.lossGrowth {
            lines.append("diverge_when_loss_grows_by = \(TOMLText.number(scene.divergence.lossGrowth))")
        }
        if scene.divergence.parameterLimit != rule.parameterLimit {
            lines.append("diverge_when_parameter_beyond = \(TOMLText.number(scene.divergence.parameterLimit))")
        }
        if let size = batching?.size ?? scene.batchSize { lines.append("batch_size = \(size)") }
        if let decay = scene.weightDecay { lines.append("weight_decay = \(TOMLText.number(decay))") }
        if let l1 = scene.l1 { lines.append("l1 = \(TOMLText.number(l1))") }
        return lines
    }

    private func resumeLines() -> [String] {
        var lines = ["step = \(step)"]
        if optimizer.momentum != 0.9 { lines.append("momentum = \(TOMLText.number(optimizer.momentum))") }
        if let startLoss, startLoss.isFinite { lines.append("start_loss = \(TOMLText.number(startLoss))") }
        if let batching, batching.epoch > 0 {
            lines.append("epoch = \(batching.epoch)")
            lines.append("batch_position = \(batching.position)")
        }
        if case .formula(_, let terms?) = scene.model, !terms.orders.isEmpty {
            lines.append("random_state = [" + randomTerms.stateWords.map { "\"\(String($0, radix: 16))\"" }.joined(separator: ", ") + "]")
        }
        if !stopRulesActive { lines.append("trains_past_stop_rule = true") }
        lines += ["", "[resume.learning_rate]"]
        for kind in OptimizerKind.allCases {
            if let rate = learningRates[kind] { lines.append("\(kind.rawValue) = \(TOMLText.number(rate))") }
        }
        let states = parameters.compactMap { named in optimizer.state(of: named.tensor).map { (named, $0) } }
            .filter { !$0.1.buffers.isEmpty }
        guard !states.isEmpty else { return lines }
        lines += ["", "[resume.state]"]
        for (named, state) in states {
            let shape = isFormulaModel ? [] : named.tensor.shape
            var fields = state.buffers.map { "\($0.name) = \(TOMLText.nested($0.values, shape: shape))" }
            if let count = state.step { fields.append("step = \(count)") }
            lines.append("\(TOMLText.key(named.name)) = { \(fields.joined(separator: ", ")) }")
        }
        return lines
    }

    private static func dataLines(_ data: DataSpec) -> [String] {
        var lines: [String] = []
        if case .dataset(let set) = data.inputs {
            lines = ["dataset = \(TOMLText.string(set.kind.rawValue))", "points = \(set.points)", "noise = \(TOMLText.number(set.noise))"]
        } else {
            lines.append("x = \(source(data.inputs))")
            switch data.target {
            case .formula(let expression): lines.append("y = \(TOMLText.string(expression.formulaText))")
            case .source(let values): lines.append("y = \(source(values))")
            case .labels: break
            }
            if data.noise != 0 { lines.append("noise = \(TOMLText.number(data.noise))") }
        }
        if data.testFraction != 0 { lines.append("test_fraction = \(TOMLText.number(data.testFraction))") }
        if let features = data.features {
            lines.append("features = [" + features.map { TOMLText.string($0.formulaText) }.joined(separator: ", ") + "]")
        }
        return lines
    }

    private static func source(_ source: ValueSource) -> String {
        switch source {
        case .linspace(let start, let end, let count):
            "{ linspace = [\(TOMLText.number(start)), \(TOMLText.number(end)), \(count)] }"
        case .values(let values): "{ values = \(TOMLText.list(values)) }"
        case .normal(let shape): "{ normal = \(TOMLText.list(shape)) }"
        case .uniform(let shape, let low, let high):
            "{ uniform = \(TOMLText.list(shape)), low = \(TOMLText.number(low)), high = \(TOMLText.number(high)) }"
        case .csv(let table):
            "{ csv = \(TOMLText.string(table.path ?? table.file)), "
                + (table.isMatrix ? "columns = [\(table.columns.map(TOMLText.string).joined(separator: ", "))] }"
                                  : "column = \(TOMLText.string(table.columns.first ?? "x")) }")
        case .dataset(let set): "{ dataset = \(TOMLText.string(set.kind.rawValue)) }"
        }
    }

    private static func modelLines(_ model: ModelSpec) -> [String] {
        switch model {
        case .formula(let expression, let terms):
            var lines = ["formula = \(TOMLText.string(expression.formulaText))"]
            if let terms {
                lines.append("random_terms = { term = \(TOMLText.string(terms.term.formulaText)), orders = \(TOMLText.list(terms.orders)) }")
            }
            return lines
        case .layers(let sizes, let activation, let bias):
            return ["layers = \(TOMLText.list(sizes))", "activation = \(TOMLText.string(activation.rawValue))"]
                + (bias ? [] : ["bias = false"])
        }
    }

    private static func scheduleLines(_ schedule: LearningRateSchedule) -> [String] {
        var lines: [String] = []
        switch schedule.decay {
        case .step(let size, let gamma)?: lines += ["kind = \"step\"", "step_size = \(size)", "gamma = \(TOMLText.number(gamma))"]
        case .exponential(let gamma)?: lines += ["kind = \"exponential\"", "gamma = \(TOMLText.number(gamma))"]
        case .cosine(let tMax, let etaMin)?: lines += ["kind = \"cosine\"", "t_max = \(tMax)", "eta_min = \(TOMLText.number(etaMin))"]
        case nil: break
        }
        if let warmup = schedule.warmup {
            lines += ["warmup = \(warmup.steps)", "warmup_start = \(TOMLText.number(warmup.startFactor))"]
        }
        return lines
    }
}
