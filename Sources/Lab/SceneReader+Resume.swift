import Grad
import TOMLKit

extension SceneReader {
    /// `[resume]` of a state file (see `ResumeState`), checked against the rest of `scene`: its
    /// optimizer's state names, its parameters' names and shapes, its mini-batches and random terms.
    func resume(_ table: TOMLTable, scene: Scene) throws(SceneError) -> ResumeState {
        let name = "resume"
        try checkKeys(table, in: name, allowed: ["step", "learning_rate", "momentum", "start_loss", "epoch", "batch_position",
                                                 "random_state", "trains_past_stop_rule", "state"])
        guard let step = try integer(table, "step", in: name, minimum: 0) else {
            throw error(name, nil, "missing key 'step' (the optimizer steps the written run had taken, e.g. step = 153)")
        }
        var resume = ResumeState(step: step)
        if let rates = try subtable(table, "learning_rate", in: name) {
            try checkKeys(rates, in: "resume.learning_rate", allowed: OptimizerKind.allCases.map(\.rawValue))
            for kind in OptimizerKind.allCases {
                if let rate = try number(rates, kind.rawValue, in: "resume.learning_rate", positive: true) { resume.learningRates[kind] = rate }
            }
        }
        if let beta = try number(table, "momentum", in: name) {
            guard beta >= 0, beta < 1 else { throw error(name, "momentum", "expected momentum's β from 0 up to (not including) 1, found \(beta)") }
            resume.momentum = beta
        }
        resume.startLoss = try number(table, "start_loss", in: name)
        if let value = table["trains_past_stop_rule"] {
            guard let flag = value.bool else { throw error(name, "trains_past_stop_rule", "expected true or false") }
            resume.trainsPastStopRule = flag
        }
        try readBatchPlace(table, scene: scene, into: &resume)
        if let value = table["random_state"] {
            guard case .formula(_, let terms?) = scene.model, !terms.orders.isEmpty else {
                throw error(name, "random_state", "is the random terms' stream; this scene's model has no [model.random_terms]")
            }
            let words = value.array.map { Array($0).map { $0.string.flatMap { UInt64($0, radix: 16) } } } ?? []
            guard words.count == 4, words.allSatisfy({ $0 != nil }), words.contains(where: { $0 != 0 }) else {
                throw error(name, "random_state", "expected four words of 1 to 16 hex digits in quotes, not all zero, "
                            + "e.g. [\"9e3779b97f4a7c15\", \"1\", \"2\", \"3\"]")
            }
            resume.randomState = words.map { $0! }
        }
        if let states = try subtable(table, "state", in: name) {
            resume.optimizerState = try optimizerStates(states, scene: scene, step: step)
        }
        return resume
    }

    private func readBatchPlace(_ table: TOMLTable, scene: Scene, into resume: inout ResumeState) throws(SceneError) {
        let epoch = try integer(table, "epoch", in: "resume", minimum: 0)
        let position = try integer(table, "batch_position", in: "resume", minimum: 0)
        guard epoch != nil || position != nil else { return }
        let key = epoch != nil ? "epoch" : "batch_position"
        guard scene.batchSize != nil else {
            throw error("resume", key, "is where the mini-batches stand; this scene has no batch_size in [training]")
        }
        let rows = scene.data?.inputs.shape.first ?? 0
        if let position, position > rows {
            throw error("resume", "batch_position", "an epoch takes at most the \(rows) rows; found \(position)")
        }
        if epoch ?? 0 == 0, position ?? 0 > 0 {
            throw error("resume", "batch_position", "rows are taken from an epoch's order once it began; give epoch ≥ 1 too")
        }
        resume.epoch = epoch ?? 0
        resume.batchPosition = position ?? 0
    }

    /// `[resume.state]`: `NAME = { exp_avg = …, exp_avg_sq = …, step = 3 }` per parameter, the
    /// buffers in the parameter's shape (a number for a formula's scalar).
    private func optimizerStates(_ table: TOMLTable, scene: Scene, step: Int) throws(SceneError) -> [String: ResumeState.ParameterState] {
        let name = "resume.state"
        let kind = scene.optimizer
        let shapes: [(name: String, shape: [Int])] = scene.model.tensorShapes.isEmpty
            ? scene.parameters.map { ($0.name, []) } : scene.model.tensorShapes
        let (bufferNames, hasStep) = ResumeState.stateKeys(of: kind)
        var states: [String: ResumeState.ParameterState] = [:]
        for parameter in table.keys.sorted() {
            guard bufferNames.count > 0 else {
                throw error(name, parameter, "SGD keeps no state; remove [resume.state] (or set the optimizer that kept it)")
            }
            guard let shape = shapes.first(where: { $0.name == parameter })?.shape else {
                throw error(name, parameter, "no parameter '\(parameter.escapingControlCharacters())'; the parameters are "
                            + shapes.map(\.name).joined(separator: ", "))
            }
            guard let entry = table[parameter]?.table else {
                throw error(name, parameter, "expected { \(bufferNames.map { "\($0) = …" }.joined(separator: ", "))\(hasStep ? ", step = n" : "") }")
            }
            let allowed = bufferNames + (hasStep ? ["step"] : [])
            for key in entry.keys.sorted() where !allowed.contains(key) {
                throw error(name, parameter, "\(kind.displayName) keeps no '\(key.escapingControlCharacters())'; its state is "
                            + allowed.joined(separator: ", "))
            }
            var state = ResumeState.ParameterState(step: nil, buffers: [:])
            if hasStep {
                guard let value = entry["step"] else { throw error(name, parameter, "missing step (the updates \(kind.displayName) made to it)") }
                guard let count = value.int, count >= 1, count <= step else {
                    throw error(name, parameter, "step must be a whole number from 1 to the run's step \(step); found \(value.int.map(String.init) ?? "\(value.type)")")
                }
                state.step = count
            }
            for buffer in bufferNames {
                guard let value = entry[buffer] else { throw error(name, parameter, "missing \(buffer) (\(kind.displayName)'s state needs it)") }
                let values = try nestedNumbers(value, shape: shape, table: name, key: parameter, what: buffer)
                if buffer != "momentum_buffer" && buffer != "exp_avg", let negative = values.first(where: { $0 < 0 }) {
                    throw error(name, parameter, "\(buffer) is an average of squares, never negative; found \(negative)")
                }
                state.buffers[buffer] = values
            }
            states[parameter] = state
        }
        return states
    }

    /// The numbers of `value`, nested lists of `shape` (a number for shape []), row by row.
    func nestedNumbers(_ value: any TOMLValueConvertible, shape: [Int], table: String, key: String, what: String) throws(SceneError) -> [Double] {
        var values: [Double] = []
        func read(_ value: any TOMLValueConvertible, depth: Int) throws(SceneError) {
            if let number = number(value) {
                guard depth == shape.count else {
                    throw error(table, key, "\(what): expected shape \(shape) (nested lists); found a number at depth \(depth)")
                }
                guard number.isFinite else { throw error(table, key, "\(what): expected finite numbers, found \(number)") }
                values.append(number)
                return
            }
            guard let array = value.array, depth < shape.count else {
                throw error(table, key, shape.isEmpty ? "\(what): expected a number" : "\(what): expected shape \(shape) as nested lists of numbers")
            }
            let items = Array(array)
            guard items.count == shape[depth] else {
                throw error(table, key, "\(what): expected shape \(shape); found \(items.count) where \(shape[depth]) belong at depth \(depth + 1)")
            }
            for item in items { try read(item, depth: depth + 1) }
        }
        try read(value, depth: 0)
        return values
    }
}
