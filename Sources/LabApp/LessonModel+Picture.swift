import Lab
import Plot

extension LessonModel {
    /// What the lab shows of the lesson: the lab's picture with the cue's caption bar, the
    /// lesson's keys, and the cue list or the score table over it.
    public mutating func picture(unicode: Bool) -> LabPicture {
        var picture = lab.picture(unicode: unicode)
        picture.title = "lesson \(lesson.name) · \(lesson.title)"
        picture.description = lesson.title + ". " + lesson.description
        picture.keys = KeyTable.lessonHelp(race: lab.isRace, unicode: unicode, keysHidden: keysHidden)
        if lesson.cues.indices.contains(cueIndex) {
            picture.caption = Caption(heading: "cue \(cueIndex + 1)/\(lesson.cues.count)", text: lesson.cues[cueIndex].caption,
                                      task: taskLine(unicode: unicode))
        }
        if isFinished {
            picture.textBox = scoreTable()
        } else if showsCueList {
            picture.textBox = TextBox(title: "\(lesson.title): cues", lines: lesson.cues.enumerated().map { index, cue in
                "\(index < cueIndex ? "✓" : index == cueIndex ? "▶" : " ") \(index + 1). \(Self.triggerText(cue.trigger)) · \(SceneLibrary.summary(of: cue.caption))"
            }, marked: max(cueIndex, 0), hint: "l or Esc closes")
        }
        return picture
    }

    public mutating func frame(width: Int, height: Int, options: RenderOptions) -> Frame {
        render(picture(unicode: options.unicode), width: width, height: height, options: options)
    }

    /// The open exercise's task, or its last verdict; after the last cue, how to end.
    func taskLine(unicode: Bool) -> String? {
        if let exercise {
            if exercise.judged, let last = attempts.last(where: { $0.cue == exercise.cue }) {
                return (last.passed ? "Passed: " : "Not yet: ") + last.detail
            }
            return exercise.prompt(unicode: unicode)
        }
        return nextCue == nil ? "The last cue: n shows the score, q ends the lesson." : nil
    }

    /// `start`, `step 100`, `loss < 0.01`, `diverged`, `n`.
    static func triggerText(_ trigger: Cue.Trigger) -> String {
        switch trigger {
        case .start: "start"
        case .next: "n"
        case .diverged: "diverged"
        case .step(let step): "step \(step)"
        case .lossBelow(let limit): "loss < \(NumberFormat.significant(limit, digits: 3, keepTrailingZeros: false))"
        }
    }

    /// Each exercise's verdict and tries: the score table at the end.
    public func scoreTable() -> TextBox {
        let exercises = lesson.cues.indices.filter { lesson.cues[$0].exercise != nil }
        var lines = exercises.map { index -> String in
            let tries = attempts.filter { $0.cue == index && $0.detail != "skipped" }
            let passed = tries.contains(where: \.passed)
            let verdict = tries.isEmpty ? "not tried" : passed ? "passed" : "not passed"
            let detail = (tries.last(where: \.passed) ?? tries.last)?.detail ?? ""
            return "cue \(index + 1): \(verdict) after \(tries.count) tr\(tries.count == 1 ? "y" : "ies")" + (detail.isEmpty ? "" : " · \(detail)")
        }
        let passed = exercises.filter { index in attempts.contains { $0.cue == index && $0.passed } }.count
        if exercises.isEmpty {
            lines.append("this lesson poses no exercises")
        } else {
            lines.append("")
            lines.append("\(passed) of \(exercises.count) exercise\(exercises.count == 1 ? "" : "s") passed")
        }
        return TextBox(title: "\(lesson.title): score", lines: lines, hint: "p goes back · q ends")
    }
}
