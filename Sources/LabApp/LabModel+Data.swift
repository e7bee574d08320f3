import Lab

extension LabModel {
    /// The noise ladder of a generated data set (the TensorFlow Playground's slider goes to 0.5).
    static let noiseLevels = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]

    /// `n`: the data drawn again from the next seed; `z`/`Z`: a generated set's noise a notch up or
    /// down. Either starts a new run of the same scene from step 0 with the same optimizer, rate
    /// and view, paused or running as before; what the old run remembered (rewind, bookmarks)
    /// goes with it.
    mutating func newData(_ action: Action) {
        guard !isRace, selectedRunner.scene.data != nil else { return say(.dataFixed) }
        let session = selectedRunner
        var scene = session.scene
        var seed = session.seed
        var noise: Double?
        switch action {
        case .stepNoise(let up):
            guard case .dataset(var set) = scene.data?.inputs else { return say(.noiseLimit(nil)) }
            let levels = Self.noiseLevels
            let next = up ? levels.first { $0 > set.noise + 1e-12 } : levels.last { $0 < set.noise - 1e-12 }
            guard let next else { return say(.noiseLimit(set.noise)) }
            set.noise = next
            scene.data?.inputs = .dataset(set)
            noise = next
        default:
            seed &+= 1
            noise = scene.data?.dataset?.noise
        }
        var options = session.options
        options.seed = seed
        options.optimizer = session.optimizerKind
        options.learningRate = session.learningRate
        options.startsPaused = !wantsToRun
        options.initialValues = [:]
        guard let fresh = try? Session(scene: scene, options: options) else { return say(.dataFixed) }
        let view = self.view
        self = LabModel(solo: fresh, view: view, menuOptions: menuOptions)
        wantsToRun = !options.startsPaused
        say(.newData(seed: seed, noise: noise))
    }
}
