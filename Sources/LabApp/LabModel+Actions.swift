import Lab
import Plot

extension LabModel {
    /// Applies what a person asked for (a key's action) to the runners and to the lab; every
    /// action's effect shows on the next frame. Keys act on every runner, except the learning-rate
    /// keys, which change the selected runner's rate; in a race the optimizers stay fixed.
    public mutating func apply(_ action: Action) {
        let before = Dictionary(uniqueKeysWithValues: runners.map { (ObjectIdentifier($0), $0.state) })
        var movedInTime = false
        switch action {
        case .togglePause, .step, .reset, .resetToDefaults, .stepBack:
            stepGoal = nil
        default:
            break
        }
        switch action {
        case .togglePause:
            race.togglePause()
            if runners.contains(where: { $0.state == .running || $0.state == .paused }) { wantsToRun = race.isRunning }
        case .step:
            movedInTime = true
            if runners.contains(where: { !$0.isDiverged }) { wantsToRun = false }
            race.stepOnce()
        case .scaleLearningRate(let factor):
            let runner = selectedRunner
            let rate = runner.learningRate * factor
            if runner.setLearningRate(rate) {
                say(.learningRate(rate, factor: factor))
            } else {
                say(.learningRateLimit(runner.learningRate))
            }
        case .nextOptimizer, .previousOptimizer:
            guard !isRace else {
                say(.optimizerFixedInRace)
                break
            }
            let kind = action == .nextOptimizer ? selectedRunner.optimizerKind.next : selectedRunner.optimizerKind.previous
            selectedRunner.switchOptimizer(to: kind)
            say(.optimizer(kind, learningRate: selectedRunner.learningRate))
        case .reset:
            movedInTime = true
            keepGhost()
            race.reset(running: wantsToRun)
            pictures.reset()
            pacing.due = 0
            say(.reset(running: wantsToRun))
        case .resetToDefaults:
            movedInTime = true
            keepGhost()
            if isRace {
                race.resetToDefaults(running: wantsToRun)
            } else {
                selectedRunner.resetToDefaults(running: wantsToRun)
            }
            pictures.reset()
            pacing.due = 0
            speedIndex = Self.speedIndex(for: race.scene.stepsPerSecond)
            say(.resetToDefaults(selectedRunner.optimizerKind, learningRate: selectedRunner.learningRate))
        case .faster:
            speedIndex = min(speedIndex + 1, Self.speeds.count - 1)
        case .slower:
            speedIndex = max(speedIndex - 1, 0)
        case .toggleHelp:
            showHelp.toggle()
        case .closeOverlay:
            if showHelp { showHelp = false } else { stopGoing() }
        case .askForStep, .setBookmark, .askForBookmark:
            applyJump(action)
        case .goToStep:
            movedInTime = true
            applyJump(action)
        case .showView(let chosen):
            view = chosen
        case .nextView:
            view = view.next
            if view == .neurons, selectedRunner.neuronsUnavailableReason != nil { view = view.next }
        case .nextParameterPair:
            if view == .neurons { chooseNeuron(by: 1) } else { parameterPair += 1 }
        case .scroll(let rows):
            if view == .neurons { chooseNeuron(by: rows) } else { graphScroll = max(0, graphScroll + rows) }
        case .stepBack(let count):
            let steps = runners.map(\.step)
            let result = race.stepBack(count)
            let moved = runners.map(\.step) != steps
            switch result {
            case .rewound(let step): say(.rewound(to: step))
            case .limit(let oldest): say(moved ? .rewoundAsFarAsPossible(to: oldest) : .rewindLimit(oldest: oldest))
            }
            if moved {
                movedInTime = true
                wantsToRun = false
                pacing.due = 0
            }
        case .stepMomentum(let up):
            let runner = selectedRunner
            guard runner.optimizerKind == .momentum || runner.optimizerKind == .nesterov else {
                say(.momentumNotApplicable(runner.optimizerKind))
                break
            }
            let beta = runner.optimizer.momentum
            guard let next = Self.momentumLadder(from: beta, up: up), runner.setMomentum(next) else {
                say(.momentumLimit(beta))
                break
            }
            say(.momentum(from: beta, to: next))
        case .scaleBatchSize(let up):
            guard let size = selectedRunner.batchSize else {
                say(.noMiniBatches)
                break
            }
            let next = up ? size * 2 : max(1, size / 2)
            let changed = runners.map { $0.setBatchSize(next) }.contains(true)
            say(changed ? .batchSize(selectedRunner.batchSize ?? next) : .batchSizeLimit(size))
        case .selectNextRunner:
            guard isRace else { break }
            selectedIndex = (selectedIndex + 1) % runners.count
            say(.runnerSelected(selectedRunner.optimizerKind))
        case .newData, .stepNoise:
            newData(action)
            return
        case .dropSelectedRunner:
            guard isRace else { break }
            let runner = selectedRunner
            guard race.dropRunner(at: selectedIndex) else {
                say(.lastRunner(runner.optimizerKind))
                break
            }
            pausedByHiding.remove(ObjectIdentifier(runner))
            if selectedIndex == runners.count { selectedIndex = 0 }
            say(.runnerDropped(runner.optimizerKind))
        }
        if movedInTime {
            pausedByHiding = []
        } else {
            for runner in runners where before[ObjectIdentifier(runner)].map({ $0 != runner.state }) ?? true {
                pausedByHiding.remove(ObjectIdentifier(runner))
            }
        }
        syncRecording()
    }
}

extension LabModel {
    /// Keeps the selected run's loss curve as the ghost, before a reset (solo labs; a run that has
    /// not stepped leaves the ghost there is).
    mutating func keepGhost() {
        guard !isRace, selectedRunner.step > 0 else { return }
        let loss = SessionPicture.plottedLoss(selectedRunner)
        ghost = LossChart.Ghost(values: loss.values, stride: loss.stride)
    }

    /// Chooses the neuron `offset` places on in the neurons view, round the first layer.
    mutating func chooseNeuron(by offset: Int) {
        guard case .layers(let sizes, _, _) = selectedRunner.scene.model, sizes.count >= 2, sizes[1] > 0 else { return }
        let count = sizes[1]
        selectedNeuron = ((selectedNeuron + offset) % count + count) % count
    }

    /// The β values the momentum keys step through.
    static let momentumValues = [0, 0.5, 0.9, 0.99]

    /// The next β up or down from `beta` (which may lie between the ladder's values), or nil past an end.
    static func momentumLadder(from beta: Double, up: Bool) -> Double? {
        up ? momentumValues.first { $0 > beta } : momentumValues.last { $0 < beta }
    }
}
