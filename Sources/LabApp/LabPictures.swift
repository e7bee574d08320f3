import Grad
import Lab
import Plot

/// Turns the lab's runners into the picture it draws. A solo lab shows its one runner's picture;
/// a race shows the selected runner's picture (its view, its message, its loss in the loss panel's
/// header), with every runner drawn over it (`RaceOverlay`) and the standings in place of the
/// status line. Each runner keeps its own `SessionPicture` between frames; a fit's y range is kept
/// steady over all the runners' curves.
struct LabPictures {
    private var pictures: [ObjectIdentifier: SessionPicture] = [:]
    private var fitY: Scale?

    init() {}

    /// Forgets the view state (after a reset).
    mutating func reset() {
        pictures = [:]
        fitY = nil
    }

    /// A runner's letter: the first of its optimizer's name, `w` for AdamW.
    static func ink(_ kind: OptimizerKind) -> RunnerInk {
        let letter: Character = switch kind {
        case .sgd: "s"
        case .momentum: "m"
        case .nesterov: "n"
        case .rmsprop: "r"
        case .adam: "a"
        case .adamw: "w"
        }
        return RunnerInk(slot: OptimizerKind.allCases.firstIndex(of: kind) ?? 0, letter: letter)
    }

    /// The picture of a solo lab: its runner's.
    mutating func soloPicture(of lab: LabModel) -> LabPicture {
        if pictures.count > 1 || pictures.first.map({ $0.key != ObjectIdentifier(lab.selectedRunner) }) ?? false { pictures = [:] }
        return sessionPicture(of: lab.selectedRunner, lab)
    }

    /// The picture of a race.
    mutating func picture(of lab: LabModel) -> LabPicture {
        let race = lab.race
        let live = Set(race.runners.map(ObjectIdentifier.init))
        pictures = pictures.filter { live.contains($0.key) }
        let selected = lab.selectedRunner
        var picture = sessionPicture(of: selected, lab)
        let everyRunner = lab.view == .fit
        var runners: [RaceOverlay.Runner] = []
        for runner in race.runners {
            let main = !everyRunner ? nil : runner === selected ? picture.main : sessionPicture(of: runner, lab).main
            let loss = SessionPicture.plottedLoss(runner)
            var overlay = RaceOverlay.Runner(name: runner.optimizerKind.displayName, ink: Self.ink(runner.optimizerKind),
                                             loss: loss.values, lossStride: loss.stride)
            switch main {
            case let .fit(_, curve, _, _, _)?: overlay.curve = curve
            case let .parabola(_, point, trail, _, _)?:
                overlay.point = point
                overlay.trail = trail
            case let .parity(_, prediction)?: overlay.prediction = prediction
            default: break
            }
            runners.append(overlay)
            if case let .parabola(curve, _, _, _, view?)? = main, case let .parabola(_, point, trail, slope, current?) = picture.main,
               view.x.upper - view.x.lower > current.x.upper - current.x.lower {
                picture.main = .parabola(curve: curve, point: point, trail: trail, slope: slope, view: view)
            }
        }
        if case let .fit(data, curve, xLabel, yLabel, _) = picture.main {
            let curves = runners.compactMap(\.curve)
            let needed = XYChart.fitView(data: data, curve: XYPoints(xs: curves.flatMap(\.xs), ys: curves.flatMap(\.ys)))
            fitY = SessionPicture.steady(fitY, needed: needed.y)
            picture.main = .fit(data: data, curve: curve, xLabel: xLabel, yLabel: yLabel, view: Viewport(x: needed.x, y: fitY!))
        }
        var overlaid = everyRunner
        if case .landscape(var landscape) = picture.main {
            landscape.runners = race.runners.compactMap { Self.landscapePath(of: $0, in: landscape) }
            landscape.onTop = Self.ink(selected.optimizerKind)
            overlaid = !landscape.runners.isEmpty
            picture.main = .landscape(landscape)
        }
        let rows = zip(race.standings, race.runners).map { standing, runner in
            RaceOverlay.Row(optimizer: standing.optimizer.displayName, learningRate: standing.learningRate, loss: runner.currentLoss(),
                            stepsToWithinOnePercent: standing.stepsToWithinOnePercent, diverged: standing.diverged,
                            isSelected: runner === selected)
        }
        picture.race = RaceOverlay(runners: runners, rows: rows)
        // The loss panel draws every runner's training loss; a test curve of one of them would not show.
        picture.testLoss = nil
        picture.ghostLoss = nil
        picture.rateCourse = nil
        picture.fullLoss = nil
        let name = selected.optimizerKind.displayName
        picture.title = "\(race.scene.name) · race · "
            + (everyRunner ? race.scene.title
                : overlaid ? "\(lab.view.rawValue) around \(name), the selected runner, with every runner's path"
                : "\(lab.view.rawValue) of \(name), the selected runner (tab selects)")
        picture.status.step = race.step
        picture.status.state = Self.state(of: race)
        if let best = race.bestLoss { picture.bestLoss = min(best, picture.bestLoss ?? best) }
        return picture
    }

    /// A runner's recent path and current point in the coordinates of `landscape`: the loss curve's
    /// (x, loss) for one parameter, or the two named parameters' values; nil for a slice along
    /// random directions (a net), whose coordinates belong to the selected runner alone.
    static func landscapePath(of runner: Session, in landscape: LandscapePicture) -> LandscapePicture.RunnerPath? {
        guard runner.hasScalarParameters else { return nil }
        let ink = Self.ink(runner.optimizerKind)
        let now = runner.flatParameterValues
        let trail = runner.trail.elements
        if landscape.curve != nil, now.count == 1 {
            let xs = trail.map { $0[0] } + now
            let losses = runner.lossCurve(parameter: 0, values: xs)
            let path = XYPoints(xs: Array(xs.dropLast()), ys: Array(losses.dropLast()))
            return LandscapePicture.RunnerPath(ink: ink, path: path, point: DataPoint(x: now[0], y: losses.last ?? .nan))
        }
        let names = runner.flatParameterNames
        guard let first = names.firstIndex(of: landscape.xName), let second = names.firstIndex(of: landscape.yName) else { return nil }
        let path = XYPoints(xs: trail.map { $0[first] }, ys: trail.map { $0[second] })
        return LandscapePicture.RunnerPath(ink: ink, path: path, point: DataPoint(x: now[first], y: now[second]))
    }

    private mutating func sessionPicture(of runner: Session, _ lab: LabModel) -> LabPicture {
        let key = ObjectIdentifier(runner)
        var pictures = self.pictures.removeValue(forKey: key) ?? SessionPicture()
        let picture = pictures.picture(of: runner, in: lab)
        self.pictures[key] = pictures
        return picture
    }

    /// Running while any runner trains; diverged once every runner has; paused while any waits.
    private static func state(of race: Race) -> LabStatus.State {
        if race.isRunning { return .running }
        if race.runners.allSatisfy({ if case .diverged = $0.state { true } else { false } }) { return .diverged }
        if race.runners.contains(where: { $0.state == .paused }) { return .paused }
        return .done
    }
}
