import Lab

/// What the lab is waiting for after a prefix key: the digits of a step to go to (`g`), or the
/// digit of a bookmark (`` ` ``).
public enum LabPrompt: Equatable, Sendable {
    /// `g`: the digits typed so far.
    case step(String)
    /// `` ` ``: a digit 1–9 picks the bookmark.
    case bookmark
}

extension LabModel {
    /// Bookmarks a lecture can come back to, numbered 1 to this.
    public static let bookmarkLimit = 9

    /// The longest step number the prompt takes.
    static let stepDigitsLimit = 9

    /// Answers a key while a prompt is open. In the step prompt digits and Backspace edit, Enter
    /// goes and Esc cancels; in the bookmark prompt a digit goes to that bookmark, Esc cancels and
    /// any other key closes the prompt and does what it does in the lab. q quits in both.
    mutating func answerPrompt(_ key: KeyPress) -> LabEffect? {
        guard let open = prompt else { return nil }
        if KeyTable.command(for: key) == .quit { return .quit }
        switch open {
        case .step(let digits):
            switch key {
            case .character(let c) where c.isASCII && c.isNumber:
                if digits.count < Self.stepDigitsLimit { prompt = .step(digits + String(c)) }
            case .backspace:
                prompt = .step(String(digits.dropLast()))
            case .enter:
                prompt = nil
                if let target = Int(digits) { apply(.goToStep(target)) }
            case .escape:
                prompt = nil
            default:
                break
            }
        case .bookmark:
            prompt = nil
            switch key {
            case .character(let c) where c.isASCII && c.isNumber:
                let number = Int(String(c)) ?? 0
                if number >= 1, number <= bookmarks.count {
                    apply(.goToStep(bookmarks[number - 1]))
                } else {
                    say(.noSuchBookmark(number, count: bookmarks.count))
                }
            case .escape:
                break
            default:
                return press(key)
            }
        }
        return nil
    }

    /// The prompt's line, shown where notices go while it is open.
    var promptText: String? {
        switch prompt {
        case nil:
            return nil
        case .step(let digits):
            let back = race.oldestReachableStep < race.step ? ", back as far as \(race.oldestReachableStep)" : ""
            return "go to step: \(digits)_ · now \(race.step)\(back) · Enter goes, Esc cancels"
        case .bookmark:
            let list = bookmarks.enumerated().map { "\($0.offset + 1): step \($0.element)" }.joined(separator: " · ")
            return "go to bookmark \(list) · its digit goes, Esc cancels"
        }
    }

    /// `g`, `'` and `` ` ``: the jump and bookmark actions.
    mutating func applyJump(_ action: Action) {
        switch action {
        case .askForStep:
            prompt = .step("")
        case .setBookmark:
            let step = race.step
            if let index = bookmarks.firstIndex(of: step) {
                say(.bookmarkExists(index + 1, step: step))
            } else if bookmarks.count >= Self.bookmarkLimit {
                say(.bookmarksFull(Self.bookmarkLimit))
            } else {
                bookmarks.append(step)
                say(.bookmarkSet(bookmarks.count, step: step))
            }
        case .askForBookmark:
            if bookmarks.isEmpty { say(.noBookmarks) } else { prompt = .bookmark }
        case .goToStep(let target):
            goTo(target)
        default:
            break
        }
    }

    /// Goes to step `target`: back through the rewind memory at once, or forward by training at
    /// top speed over the next ticks (whatever the speed setting), pausing there.
    private mutating func goTo(_ target: Int) {
        stepGoal = nil
        let position = race.step
        if target < position {
            let result = race.stepBack(position - target)
            switch result {
            case .rewound(let step): say(.arrived(at: step))
            case .limit(let oldest): say(race.step < position ? .rewoundAsFarAsPossible(to: oldest) : .rewindLimit(oldest: oldest))
            }
            if race.step < position {
                wantsToRun = false
                for runner in runners { runner.pause() }
                pacing.due = 0
            }
        } else if target == position {
            say(.arrived(at: target))
        } else if runners.contains(where: { $0.state == .running || $0.state == .paused }) {
            stepGoal = target
            wantsToRun = false
            for runner in runners { runner.resume() }
            say(.goingTo(target))
        } else {
            say(.cannotGoForward(target, at: position))
        }
    }

    /// While going to a step: trains rounds until it is reached (then pauses there), the runs stop
    /// on their own, or the frame's time is up. Returns whether it trained for the tick.
    mutating func trainTowardGoal(hasTime: () -> Bool) -> Bool {
        guard let goal = stepGoal else { return false }
        while race.step < goal, race.isRunning, hasTime() {
            guard race.trainRound() else { break }
        }
        if race.step >= goal {
            stepGoal = nil
            for runner in runners { runner.pause() }
            say(.arrived(at: race.step))
        } else if !race.isRunning {
            stepGoal = nil
            say(.stoppedShort(of: goal, at: race.step))
        }
        return true
    }

    /// Esc while going to a step: stops where the run is.
    mutating func stopGoing() {
        guard stepGoal != nil else { return }
        stepGoal = nil
        for runner in runners { runner.pause() }
        say(.stoppedShort(of: nil, at: race.step))
    }
}
