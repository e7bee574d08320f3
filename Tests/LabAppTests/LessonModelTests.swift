import Foundation
import FrameTesting
@testable import Lab
@testable import LabApp
import LabFixtures
import Plot
import Testing

/// Lessons in the lab: cues fire at their triggers, n and p move between cues (p restoring the run
/// exactly), hidden keys, and each kind of exercise graded from the run.
@Suite struct LessonModelTests {
    static func lesson(_ cues: String, scene: String = "parabola") throws -> LessonModel {
        let text = "title = \"t\"\ndescription = \"d\"\nscene = \"\(scene)\"\n" + cues
        return try LessonModel(lesson: try LessonLoader.parse(text, name: "t", file: "t.toml"))
    }

    /// Ticks at the top speed until the lab stands still (or `limit` ticks).
    static func runUntilIdle(_ model: inout LessonModel, limit: Int = 1000) {
        model.lab.speedIndex = LabModel.speeds.count - 1
        var ticks = 0
        while model.lab.race.isRunning, ticks < limit {
            model.update(.tick(elapsed: 0.03, hasTime: { true }))
            ticks += 1
        }
    }

    static func text(_ model: inout LessonModel, _ width: Int = 80, _ height: Int = 24) -> String {
        model.frame(width: width, height: height, options: .standard).lines.joined(separator: "\n")
    }

    @Test("a step trigger fires at exactly its step although the lab trains at top speed; its pause holds")
    func stepTrigger() throws {
        var model = try Self.lesson("""
            [[cue]]
            caption = "go"
            run = true
            [[cue]]
            when = { step = 17 }
            caption = "stop"
            pause = true
            """)
        #expect(model.cueIndex == 0)
        Self.runUntilIdle(&model)
        #expect(model.cueIndex == 1 && model.lab.selectedRunner.step == 17 && !model.lab.race.isRunning)
        #expect(model.events.count == 2)
    }

    @Test("p goes back to the cue before as it stood, bit for bit, even after a later cue reset the run; n comes forward")
    func previousCue() throws {
        var model = try Self.lesson("""
            [[cue]]
            caption = "go"
            run = true
            [[cue]]
            when = { step = 30 }
            caption = "here"
            pause = true
            [[cue]]
            when = "n"
            caption = "faster"
            reset = true
            lr = 0.2
            run = true
            """)
        Self.runUntilIdle(&model)
        let atCue = model.lab.selectedRunner.flatParameterValues.map(\.bitPattern)
        let loss = model.lab.selectedRunner.currentLoss()
        model.update(.key(.character("n")))
        Self.runUntilIdle(&model)
        #expect(model.cueIndex == 2 && model.lab.selectedRunner.learningRate == 0.2 && model.lab.selectedRunner.step < 30)
        model.update(.key(.character("p")))
        #expect(model.cueIndex == 1 && model.lab.selectedRunner.step == 30 && model.lab.selectedRunner.learningRate == 0.01)
        #expect(model.lab.selectedRunner.flatParameterValues.map(\.bitPattern) == atCue)
        #expect(model.lab.selectedRunner.currentLoss().bitPattern == loss.bitPattern)
        model.update(.key(.character("p")))
        #expect(model.cueIndex == 0 && model.lab.selectedRunner.step == 0)
        model.update(.key(.character("p")))
        #expect(model.cueIndex == 0 && Self.text(&model).contains("this is the lesson's first cue"))
    }

    @Test("hidden keys: o and + do nothing and the lesson says which keys work; space still runs; keys = shown gives them back")
    func hiddenKeys() throws {
        var model = try Self.lesson("""
            [[cue]]
            caption = "watch"
            keys = "hidden"
            [[cue]]
            caption = "yours"
            keys = "shown"
            """)
        model.update(.key(.character("o")))
        model.update(.key(.character("+")))
        #expect(model.lab.selectedRunner.optimizerKind == .sgd && model.lab.selectedRunner.learningRate == 0.01)
        #expect(Self.text(&model).contains("the lesson hides the other keys here"))
        model.update(.key(.character(" ")))
        #expect(model.lab.race.isRunning)
        model.update(.key(.character("n")))
        model.update(.key(.character("o")))
        #expect(model.lab.selectedRunner.optimizerKind == .momentum)
    }

    @Test("diverge: passed when the run diverges above the stable bound 1/3, not passed when it ends below it, with the bound in the verdict")
    func divergeExercise() throws {
        var model = try Self.lesson("[[cue]]\ncaption = \"find it\"\nlr = 0.01\nrun = true\nexercise = { task = \"diverge\" }")
        Self.runUntilIdle(&model)
        #expect(model.attempts.last?.passed == false)
        #expect(model.attempts.last?.detail.contains("without diverging at lr 0.01 (the stable bound for SGD is 0.3333)") == true, "\(model.attempts)")
        model.update(.key(.character("r")))
        _ = model.lab.selectedRunner.setLearningRate(0.4)
        #expect(model.lab.race.isRunning, "r keeps the run running, as in the lab")
        Self.runUntilIdle(&model)
        #expect(model.attempts.last?.passed == true && model.attempts.count == 2, "\(model.attempts)")
        #expect(model.attempts.last?.detail.hasPrefix("diverged at step") == true, "\(model.attempts)")
    }

    @Test("predict overshoot: lr 0.2 > 1/6 jumps past the minimum (the lab pauses there), lr 0.15 does not; the answer is graded against the run",
          arguments: [(0.2, "y", true), (0.2, "n", false), (0.15, "n", true), (0.15, "y", false)])
    func predictExercise(rate: Double, key: Character, passes: Bool) throws {
        var model = try Self.lesson("""
            [[cue]]
            caption = "predict"
            lr = \(rate)
            exercise = { task = "predict", question = "Overshoot?", event = "overshoot", steps = 20 }
            """)
        #expect(model.exercise?.awaitsAnswer == true)
        model.update(.key(.character(key)))
        #expect(model.exercise?.awaitsAnswer == false && model.cueIndex == 0, "n answers, it does not move on")
        Self.runUntilIdle(&model)
        #expect(model.attempts.last?.passed == passes, "\(model.attempts)")
        if rate == 0.2 { #expect(model.lab.selectedRunner.step == 1, "x jumps past x* = -1/3 on the first step") }
    }

    @Test("reach: within 1 % of L* in 50 steps passes at lr 0.1 and fails at lr 0.001, counted from the cue")
    func reachExercise() throws {
        for (rate, passes) in [(0.1, true), (0.001, false)] {
            var model = try Self.lesson("[[cue]]\ncaption = \"reach\"\nlr = \(rate)\nrun = true\nexercise = { task = \"reach\", steps = 50 }")
            Self.runUntilIdle(&model)
            #expect(model.attempts.last?.passed == passes, "lr \(rate): \(model.attempts)")
            if !passes { #expect(model.lab.selectedRunner.step == 50) }
        }
    }

    @Test("first: in a race the pick (Tab, Enter) wins when it comes within the gap of L* first")
    func firstExercise() throws {
        for (tabs, passes) in [(1, true), (0, false)] {
            var model = try Self.lesson("""
                [[cue]]
                caption = "race"
                race = ["sgd", "momentum"]
                exercise = { task = "first" }
                """, scene: "noisy-quadratic")
            for _ in 0..<tabs { model.update(.key(.character("\t"))) }
            model.update(.key(.enter))
            #expect(model.exercise?.pick == (tabs == 1 ? .momentum : .sgd))
            Self.runUntilIdle(&model, limit: 100_000)
            #expect(model.attempts.last?.passed == passes, "\(model.attempts)")
            #expect(model.attempts.last?.detail.hasPrefix("Momentum came within 1 % of L* first") == true)
        }
    }

    @Test("every shipped lesson rehearses to its end: each cue fires once, every exercise passes with its rehearsed answer")
    func shippedRehearsals() throws {
        for name in LessonLibrary.names {
            let lesson = try LessonLibrary.lesson(named: name)
            var model = try LessonModel(lesson: lesson)
            let events = model.rehearse()
            let cues = events.compactMap { if case .cue(let index, _, _, _) = $0 { index } else { nil } }
            #expect(cues == Array(lesson.cues.indices), "\(name): \(cues)")
            let exercises = lesson.cues.indices.filter { lesson.cues[$0].exercise != nil }
            let verdicts = events.compactMap { if case .judged(let index, let passed, _) = $0 { passed ? index : nil } else { nil } }
            #expect(verdicts == exercises, "\(name): \(events)")
            #expect(events.last == .finished)
        }
    }

    @Test("the frame: the caption bar with its cue number, the task line, the cue list (l) and the score table at the end")
    func frame() throws {
        var model = try Self.lesson("""
            [[cue]]
            caption = "Gradient descent walks downhill."
            [[cue]]
            caption = "Now you."
            exercise = { task = "diverge" }
            """)
        var text = Self.text(&model)
        #expect(text.contains("│ cue 1/2 Gradient descent walks downhill."), "\(text)")
        #expect(text.contains("n next") && text.contains("p back") && text.contains("l cues"))
        model.update(.key(.character("n")))
        text = Self.text(&model)
        #expect(text.contains("cue 2/2 Now you.") && text.contains("Task: find a learning rate at which the run diverges"))
        model.update(.key(.character("l")))
        text = Self.text(&model)
        #expect(text.contains("✓ 1. start · Gradient descent walks downhill.") && text.contains("▶ 2. n · Now you."), "\(text)")
        model.update(.key(.escape))
        model.update(.key(.character("n")))
        text = Self.text(&model)
        #expect(model.isFinished && text.contains("cue 2: not tried after 0 tries") && text.contains("0 of 1 exercise passed"), "\(text)")
    }

    @Test("the help of a lesson at 60×16 lists the lesson's keys (n, p, l, y, Enter) and the lab's that work in it")
    func helpAtSmallestSize() throws {
        var model = try Self.lesson("[[cue]]\ncaption = \"c\"")
        model.update(.key(.character("?")))
        let text = Self.text(&model, 60, 16)
        for phrase in ["n / p", "next / previous cue", "l · y n · Enter", "cues · yes/no · pick a runner", "space", "? h / Esc", "q "] {
            #expect(text.contains(phrase), "\(phrase):\n\(text)")
        }
        #expect(!text.contains("scene menu") && !text.contains("new data"), "keys a lesson takes over are not listed:\n\(text)")
    }
}
