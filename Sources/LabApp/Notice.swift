import Grad

/// A short word on what a key just changed, shown above the status line for a few seconds
/// (`LabModel.noticeLifetime`), so that a change the picture does not make obvious is said in words.
public enum Notice: Equatable, Sendable {
    /// Another optimizer, with the learning rate it now uses: its own rate in this session (the
    /// scene's, or what the person set for it earlier); its state starts fresh.
    case optimizer(OptimizerKind, learningRate: Double)
    /// The learning rate was multiplied by `factor`.
    case learningRate(Double, factor: Double)
    /// The learning rate cannot go further (it would stop being a positive finite number).
    case learningRateLimit(Double)
    /// Back to step 0 with the same settings; `running` says whether it trains on at once.
    case reset(running: Bool)
    /// Back to step 0 with the scene's own optimizer and learning rates.
    case resetToDefaults(OptimizerKind, learningRate: Double)
    /// Rewound to `step`; going forward repeats the same numbers until a change starts a new future.
    case rewound(to: Int)
    /// The person asked to go back further than the rewind memory reaches: `oldest` is as far as it
    /// goes (the current step when rewind is off or nothing is kept), and the run did not move.
    case rewindLimit(oldest: Int)
    /// Went back as far as it could, to `step` (step 0, or the oldest step the rewind memory
    /// keeps), short of how far the person asked.
    case rewoundAsFarAsPossible(to: Int)
    /// A key the lab does not use here (it changes nothing).
    case keyDoesNothing(KeyPress)
    /// In a race: the runner whose learning rate the rate keys now change.
    case runnerSelected(OptimizerKind)
    /// In a race: a runner left the race.
    case runnerDropped(OptimizerKind)
    /// In a race: the last runner cannot be dropped.
    case lastRunner(OptimizerKind)
    /// Momentum's β changed from `from` to `to`; the momentum buffer stays.
    case momentum(from: Double, to: Double)
    /// β is at the end of the ladder (0 or 0.99) already.
    case momentumLimit(Double)
    /// The optimizer has no β (only momentum and Nesterov do).
    case momentumNotApplicable(OptimizerKind)
    /// In a race each runner keeps its optimizer (o and O do nothing).
    case optimizerFixedInRace
    /// Mini-batches of this many rows from the next step on.
    case batchSize(Int)
    /// The batch size cannot go further (1 row, or every row).
    case batchSizeLimit(Int)
    /// The scene trains on every row each step (no `batch_size`).
    case noMiniBatches
    /// At `step`, where `g` or a bookmark asked to go (paused there).
    case arrived(at: Int)
    /// Training toward `step` at top speed (Esc stops).
    case goingTo(Int)
    /// The runs stopped at `at` (finished, diverged, or Esc when `goal` is nil) before reaching `goal`.
    case stoppedShort(of: Int?, at: Int)
    /// Every run is finished or diverged: nothing can train forward to `target` from `at`.
    case cannotGoForward(Int, at: Int)
    /// Bookmark `number` is now `step`.
    case bookmarkSet(Int, step: Int)
    /// `step` is bookmark `number` already.
    case bookmarkExists(Int, step: Int)
    /// All the bookmarks are taken.
    case bookmarksFull(Int)
    /// `` ` `` with nothing bookmarked.
    case noBookmarks
    /// A digit with no bookmark of that number (`count` are set).
    case noSuchBookmark(Int, count: Int)
    /// New data from seed `seed` (and the noise `noise`, for a generated set); back to step 0.
    case newData(seed: UInt64, noise: Double?)
    /// The noise cannot go further that way, or the scene has no generated data set to change.
    case noiseLimit(Double?)
    /// The data keys need one run (not a race) with data.
    case dataFixed
    /// What a lesson says about a key or a cue.
    case lesson(String)
    /// What w or W wrote, or why it could not.
    case exported(ExportOutcome)
}

/// The notice on show and how long it has been there: it goes once `LabModel.noticeLifetime` has
/// passed. A session and a race each keep one.
struct NoticeBoard {
    private(set) var current: Notice?
    private var age = 0.0

    mutating func say(_ notice: Notice) {
        current = notice
        age = 0
    }

    /// Lets `elapsed` seconds pass.
    mutating func age(by elapsed: Double) {
        guard current != nil else { return }
        age += elapsed
        if age >= LabModel.noticeLifetime { current = nil }
    }
}
