import Grad
import TOMLKit

extension SceneReader {
    /// `[training.schedule]`: `kind` = "step" (`step_size`, `gamma`), "exponential" (`gamma`) or
    /// "cosine" (`t_max`, `eta_min`), and/or a linear `warmup` of so many steps (`warmup_start`, the
    /// first step's factor, torch's 1/3 by default); nil when the table is absent.
    func schedule(_ training: TOMLTable) throws(SceneError) -> LearningRateSchedule? {
        let name = "training.schedule"
        guard let table = try subtable(training, "schedule", in: "training") else { return nil }
        try checkKeys(table, in: name, allowed: ["kind", "step_size", "gamma", "t_max", "eta_min", "warmup", "warmup_start"])
        let kinds = ["step", "exponential", "cosine"]
        let kind = try string(table, "kind", in: name)
        if let kind, !kinds.contains(kind) {
            throw error(name, "kind", "unknown schedule '\(kind)'; expected one of: \(kinds.joined(separator: ", ")) (and/or warmup = steps)")
        }
        let used: [String: [String]] = ["step": ["step_size", "gamma"], "exponential": ["gamma"], "cosine": ["t_max", "eta_min"]]
        for key in ["step_size", "gamma", "t_max", "eta_min"] where table[key] != nil && !(kind.flatMap { used[$0] } ?? []).contains(key) {
            throw error(name, key, kind.map { "'\($0)' takes no \(key)" } ?? "\(key) needs kind = \"step\", \"exponential\" or \"cosine\"")
        }
        var decay: LearningRateSchedule.Decay?
        switch kind {
        case "step"?:
            guard let size = try integer(table, "step_size", in: name, minimum: 1) else {
                throw error(name, nil, "a step schedule needs step_size (steps between decays) and gamma (the factor)")
            }
            decay = .step(size: size, gamma: try gamma(table, name))
        case "exponential"?:
            decay = .exponential(gamma: try gamma(table, name))
        case "cosine"?:
            guard let tMax = try integer(table, "t_max", in: name, minimum: 1) else {
                throw error(name, nil, "a cosine schedule needs t_max (the steps from the base rate down to eta_min)")
            }
            let etaMin = try number(table, "eta_min", in: name) ?? 0
            guard etaMin >= 0 else { throw error(name, "eta_min", "expected a rate of at least 0, found \(etaMin)") }
            decay = .cosine(tMax: tMax, etaMin: etaMin)
        default:
            decay = nil
        }
        var warmup: LearningRateSchedule.Warmup?
        if let steps = try integer(table, "warmup", in: name, minimum: 1) {
            let start = try number(table, "warmup_start", in: name) ?? 1.0 / 3
            guard start > 0, start <= 1 else {
                throw error(name, "warmup_start", "expected the first step's factor, above 0 and at most 1, found \(start)")
            }
            warmup = LearningRateSchedule.Warmup(steps: steps, startFactor: start)
        } else if table["warmup_start"] != nil {
            throw error(name, "warmup_start", "warmup_start needs warmup = steps")
        }
        guard decay != nil || warmup != nil else {
            throw error(name, nil, "give kind = \"step\", \"exponential\" or \"cosine\", or warmup = steps")
        }
        return LearningRateSchedule(warmup: warmup, decay: decay)
    }

    private func gamma(_ table: TOMLTable, _ name: String) throws(SceneError) -> Double {
        guard let gamma = try number(table, "gamma", in: name, positive: true) else {
            throw error(name, nil, "missing gamma (the factor each decay multiplies the rate by, e.g. 0.5)")
        }
        return gamma
    }
}
