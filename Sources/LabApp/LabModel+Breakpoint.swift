import Lab

/// Where the lab stops training by itself (a lesson's trigger or exercise): the round that meets
/// it is the last one, the runners pause, and `breakpointHit` says so until the next one is set.
public enum Breakpoint: Equatable, Sendable {
    /// The selected runner reaches this step.
    case step(Int)
    /// The selected runner's loss (of the step just taken) falls below this value.
    case lossBelow(Double)
    /// The selected runner's loss falls below `loss`, or it reaches step `by`.
    case reach(loss: Double, by: Int)
    /// Any runner's loss falls to this value or below.
    case anyLossAtMost(Double)
    /// One of the selected runner's parameters crosses its value in `optimum` (flat, as
    /// `Session.flatParameterValues`), or the runner reaches step `before`.
    case crossing(optimum: [Double], before: Int)
}

extension LabModel {
    /// Stops training at `breakpoint` from now on (nil: no stop of its own).
    public mutating func setBreakpoint(_ breakpoint: Breakpoint?) {
        self.breakpoint = breakpoint
        breakpointHit = false
        lastBreakpoint = nil
    }

    /// One lockstep round; afterwards, if the breakpoint is met, pauses every runner. Returns
    /// whether any runner stepped and whether the breakpoint stopped the lab.
    mutating func trainRoundWatching() -> (stepped: Bool, stopped: Bool) {
        guard let breakpoint else { return (race.trainRound(), false) }
        let selected = ObjectIdentifier(selectedRunner)
        var met = false
        var sides: [Double] = []
        if case .crossing(let optimum, _) = breakpoint { sides = zip(selectedRunner.flatParameterValues, optimum).map { $0 - $1 } }
        let stepped = race.trainRound { runner, step, loss, _ in
            switch breakpoint {
            case .step(let target): if ObjectIdentifier(runner) == selected, step + 1 >= target { met = true }
            case .lossBelow(let limit): if ObjectIdentifier(runner) == selected, loss < limit { met = true }
            case .reach(let limit, let by): if ObjectIdentifier(runner) == selected, loss <= limit || step + 1 >= by { met = true }
            case .anyLossAtMost(let limit): if loss <= limit { met = true }
            case .crossing(_, let before): if ObjectIdentifier(runner) == selected, step + 1 >= before { met = true }
            }
        }
        if case .crossing(let optimum, _) = breakpoint {
            let now = zip(selectedRunner.flatParameterValues, optimum).map { $0 - $1 }
            if zip(sides, now).contains(where: { $0 * $1 < 0 }) { met = true }
        }
        guard met else { return (stepped, false) }
        for runner in runners { runner.pause() }
        wantsToRun = false
        lastBreakpoint = breakpoint
        self.breakpoint = nil
        breakpointHit = true
        return (stepped, true)
    }
}
