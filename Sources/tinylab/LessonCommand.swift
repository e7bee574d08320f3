import ArgumentParser
import Foundation
import Lab
import LabApp

/// `tinylab lesson [NAME|PATH]`: the shipped lessons, or one lesson in the lab or rehearsed headless.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Run a scripted lesson (built-in name or lesson file) in the lab, or rehearse it headless; alone, list the shipped lessons.",
        discussion: """
        In a lesson, n goes to the next cue (and answers no to a prediction), p back to the cue \
        before as it stood, l lists the cues, y answers yes, Enter picks a race's runner; the lab's \
        other keys work as in `tinylab scene` unless the lesson hides them. With --headless (or \
        without a terminal) the lesson plays by itself: each cue as it fires (step, loss, caption), \
        each exercise's verdict with the lesson's rehearsed answer, and the score.

        Exit status: 0 success, 64 bad command line or unknown lesson, 65 bad lesson or scene file.
        """
    )

    @Argument(help: ArgumentHelp("A shipped lesson's name or a lesson file (.toml); none lists the shipped lessons.", valueName: "lesson"))
    var lesson: String?

    @Flag(help: "Play the lesson without the lab and print its cues and verdicts (the default when stdout is not a terminal).")
    var headless = false

    @Flag(help: "Glyphs: braille and box lines (--unicode) or ASCII only (--ascii).")
    var glyphs: GlyphFlag?

    @Flag(help: "Projector mode: no key line, curves of half blocks, bold colours, whole-cell data markers.")
    var present = false

    @Option(help: ArgumentHelp("Record the lesson as an asciicast v2 file (asciinema play reads it).", valueName: "file.cast"))
    var record: String?

    func validate() throws {
        if record != nil, headless || lesson == nil {
            throw ValidationError("--record records a lesson in the lab; give a lesson, without --headless")
        }
    }

    func run() throws {
        guard let lesson else {
            ListCommand.print(LessonLibrary.entries())
            return
        }
        let loaded: Lesson
        do {
            if SceneLibrary.isPath(lesson), !FileManager.default.fileExists(atPath: lesson) {
                printError("tinylab: \(lesson.escapingControlCharacters()): no such lesson file; `tinylab lesson` lists the shipped lessons")
                throw ExitCode(64)
            }
            if !SceneLibrary.isPath(lesson), !LessonLibrary.names.contains(lesson) {
                let hint = SceneLibrary.suggestion(for: lesson, among: LessonLibrary.names).map { "did you mean '\($0)'? " } ?? ""
                printError("tinylab: unknown lesson '\(lesson.escapingControlCharacters())'; \(hint)the shipped lessons: "
                           + LessonLibrary.names.joined(separator: ", ") + " (or give a path to a lesson file)")
                throw ExitCode(64)
            }
            loaded = try LessonLibrary.load(lesson)
        } catch let error as SceneError {
            CheckCommand.printProblems(error)
            throw ExitCode(65)
        }
        let model: LessonModel
        do {
            model = try LessonModel(lesson: loaded)
        } catch {
            printError("tinylab: \(error)")
            throw ExitCode(65)
        }
        let recorder = try LabFrontEnd.recorder(record, title: "tinylab lesson \(lesson)", opensLab: !headless && isatty(STDOUT_FILENO) != 0)
        if headless || isatty(STDOUT_FILENO) == 0 {
            var rehearsal = model
            let events = rehearsal.rehearse()
            Self.report(events, of: loaded, model: rehearsal)
        } else {
            try LabFrontEnd(glyphs: glyphs?.choice ?? .automatic, present: present, recorder: recorder).run(model)
        }
    }

    /// The rehearsal as text: a line a cue, a line a verdict, then the score.
    static func report(_ events: [LessonModel.Event], of lesson: Lesson, model: LessonModel) {
        Swift.print("lesson \(lesson.name): \(lesson.title) (scene \(lesson.sceneName), \(lesson.cues.count) cues)".escapingControlCharacters())
        for event in events {
            switch event {
            case .cue(let index, let step, let loss, let caption):
                let words = caption.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                Swift.print("cue \(index + 1)/\(lesson.cues.count) at step \(step), loss \(HeadlessLog.number(loss)): \(words)".escapingControlCharacters())
            case .judged(let index, let passed, let detail):
                Swift.print("  exercise of cue \(index + 1): \(passed ? "passed" : "not passed"): \(detail)".escapingControlCharacters())
            case .finished:
                let box = model.scoreTable()
                Swift.print("score:")
                for line in box.lines where !line.isEmpty { Swift.print("  " + line.escapingControlCharacters()) }
            }
        }
    }
}
