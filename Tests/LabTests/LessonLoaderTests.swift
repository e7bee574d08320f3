import Foundation
@testable import Lab
import LabFixtures
import Testing

/// Lesson files: the shipped ones load, and every mistake is a located error.
@Suite struct LessonLoaderTests {
    static let head = """
        title = "t"
        description = "d"
        scene = "parabola"

        """

    static func problem(_ text: String) -> String {
        do {
            _ = try LessonLoader.parse(text, name: "bad", file: "bad.toml")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test("the shipped lessons load: learning-rate, momentum, adam, overfitting, in order, each with cues and a scene")
    func shipped() throws {
        #expect(LessonLibrary.entries().map(\.name) == ["learning-rate", "momentum", "adam", "overfitting"])
        let lesson = try LessonLibrary.lesson(named: "learning-rate")
        #expect(lesson.sceneName == "parabola" && lesson.cues.count == 7)
        #expect(lesson.cues[0].trigger == .start && lesson.cues[1].trigger == .step(40) && lesson.cues[2].trigger == .next)
        #expect(lesson.cues[2].actions.learningRate == 0.2 && lesson.cues[2].actions.reset && lesson.cues[2].actions.running == true)
        #expect(lesson.cues[4].scene?.name == "sin-cubic")
        #expect(lesson.cues[5].exercise == Exercise(task: .diverge, rehearsal: .learningRate(4e-6)))
    }

    @Test("a cue's keys and values are read: triggers, every action, each kind of exercise")
    func everything() throws {
        let lesson = try LessonLoader.parse(Self.head + """
            [[cue]]
            caption = "one"
            optimizer = "momentum"
            lr = 0.05
            view = "landscape"
            speed = 20
            keys = "hidden"
            steps = 3
            [[cue]]
            when = { step = 10 }
            caption = "two"
            race = ["sgd", "adam"]
            exercise = { task = "first", rehearse = "adam" }
            [[cue]]
            when = { loss_below = 0.5 }
            caption = "three"
            rewind_to = 4
            exercise = { task = "predict", question = "Overshoot?", event = "overshoot", steps = 7, rehearse = "n" }
            [[cue]]
            when = "diverged"
            caption = "four"
            reset = true
            pause = true
            exercise = { task = "reach", gap = 0.05, steps = 100, rehearse = 0.1 }
            """, name: "all", file: "all.toml")
        let cues = lesson.cues
        #expect(cues.map(\.trigger) == [.start, .step(10), .lossBelow(0.5), .diverged])
        var first = CueActions()
        (first.optimizer, first.learningRate, first.view, first.speed, first.keysHidden, first.steps) = (.momentum, 0.05, .landscape, 20, true, 3)
        #expect(cues[0].actions == first)
        #expect(cues[1].actions.race == [.sgd, .adam] && cues[1].exercise == Exercise(task: .first(gap: 0.01), rehearsal: .optimizer(.adam)))
        #expect(cues[2].actions.rewindTo == 4)
        #expect(cues[2].exercise == Exercise(task: .predict(question: "Overshoot?", event: .overshoot, steps: 7), rehearsal: .answer(false)))
        #expect(cues[3].actions.reset && cues[3].actions.running == false)
        #expect(cues[3].exercise == Exercise(task: .reach(gap: 0.05, steps: 100), rehearsal: .learningRate(0.1)))
        #expect(cues.map(\.line) == [4, 12, 17, 22])
    }

    @Test("lesson mistakes are located errors", arguments: [
        ("[[cue]]\ncaption = \"c\"\nlr_rate = 2", "bad.toml:6:1: cue 1 lr_rate: unknown key; expected one of: when, caption, scene, pause, run, steps, lr, optimizer, view, speed, reset, rewind_to, race, keys, exercise"),
        ("[[cue]]\ncaption = \"c\"\n[[cue]]\nwhen = { step = 5000 }\ncaption = \"c\"", "bad.toml:7:8: cue 2 when: step 5000 is beyond the scene's max_steps (1000); the run stops before it"),
        ("[[cue]]\nwhen = \"later\"\ncaption = \"c\"", "bad.toml:5:8: cue 1 when: unknown trigger 'later'; expected \"start\", \"n\" (the student presses n), \"diverged\", { step = 100 } or { loss_below = 0.01 }"),
        ("[[cue]]\nlr = 0.1", "bad.toml:4:3: cue 1: missing key 'caption' (the few sentences the class reads at this cue)"),
        ("[[cue]]\ncaption = \"c\"\npause = true\nrun = true", "bad.toml:7:7: cue 1 run: a cue either pauses or runs; give one of pause = true and run = true"),
        ("[[cue]]\ncaption = \"c\"\nrace = [\"sgd\"]", "bad.toml:6:8: cue 1 race: a race needs at least two optimizers, e.g. [\"sgd\", \"momentum\"]"),
        ("[[cue]]\ncaption = \"c\"\noptimizer = \"adamax\"", "bad.toml:6:13: cue 1 optimizer: unknown optimizer 'adamax'; expected one of: sgd, momentum, nesterov, rmsprop, adam, adamw"),
        ("[[cue]]\ncaption = \"c\"\nexercise = { task = \"first\" }", "bad.toml:6:12: cue 1 exercise: \"first\" asks which runner of a race wins; start a race at this cue or before (race = [\"sgd\", \"adam\"])"),
        ("[[cue]]\ncaption = \"c\"\nexercise = { task = \"guess\" }", "bad.toml:6:12: cue 1 exercise: unknown task 'guess'; expected \"diverge\", \"reach\", \"first\" or \"predict\""),
        ("[[cue]]\ncaption = \"c\"\nexercise = { task = \"predict\", question = \"q\" }", "bad.toml:6:12: cue 1 exercise: a prediction needs event = overshoot or diverge: what the run is watched for"),
        ("[[cue]]\ncaption = \"c\"\nview = \"neurons\"", "bad.toml:6:8: cue 1 view: the neurons view draws the first layer of a layered model (layers = [2, 8, 1]); this model is a formula"),
        ("[[cue]]\ncaption = \"c\"\nscene = \"parabolla\"", "bad.toml:6:9: cue 1 scene: no scene 'parabolla'; did you mean 'parabola'? `tinylab list` shows the built-in scenes (or give a path to a .toml file)"),
        ("[[cue]]\ncaption = \"c\"\nscene = \"two-layer-net\"\nexercise = { task = \"reach\" }", "bad.toml:7:12: cue 1 exercise: this task needs the optimum's loss L*, which only a scene whose loss is an exact quadratic has (parabola, linear, noisy-quadratic, sin-cubic, valley)"),
        ("cue = 1\n[[cue]]\ncaption = \"c\"", "bad.toml:4:4: not valid TOML: 'cue' is a list of tables here: write each one as [[cue]] with its keys below it"),
        ("[cue]\ncaption = \"c\"", "bad.toml:4:5: not valid TOML: 'cue' is a list of tables here: write each one as [[cue]] with its keys below it"),
        ("[[cues]]\ncaption = \"c\"", "bad.toml:4:7: not valid TOML: the only list of tables here is [[cue]]"),
        ("", "bad.toml:1: missing [[cue]] tables: a lesson needs at least one cue (when, caption and what it does)"),
    ])
    func located(body: String, message: String) {
        #expect(Self.problem(Self.head + body) == message)
    }

    @Test("the lesson's scene: unknown names suggest one, a scene that fails says so with its own error, paths start at the lesson's folder")
    func scenes() throws {
        let unknown = Self.head.replacingOccurrences(of: "parabola", with: "sin_cubic") + "[[cue]]\ncaption = \"c\""
        #expect(Self.problem(unknown) == "bad.toml:3: scene: no scene 'sin_cubic'; did you mean 'sin-cubic'? `tinylab list` shows the built-in scenes (or give a path to a .toml file)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "title = \"x\"\n".write(to: folder.appendingPathComponent("broken.toml"), atomically: true, encoding: .utf8)
        try (Self.head.replacingOccurrences(of: "\"parabola\"", with: "\"broken.toml\"") + "[[cue]]\ncaption = \"c\"")
            .write(to: folder.appendingPathComponent("lesson.toml"), atomically: true, encoding: .utf8)
        #expect(throws: SceneError.self) { try LessonLoader.load(contentsOf: folder.appendingPathComponent("lesson.toml"), displayName: "lesson.toml") }
        do {
            _ = try LessonLoader.load(contentsOf: folder.appendingPathComponent("lesson.toml"), displayName: "lesson.toml")
        } catch {
            #expect(error.description.hasPrefix("lesson.toml:3: scene: the scene does not load: broken.toml:1: missing key 'description'"), "\(error)")
        }
        try Data(SceneLibrary.builtInText(named: "valley")!.utf8).write(to: folder.appendingPathComponent("mine.toml"))
        try (Self.head.replacingOccurrences(of: "\"parabola\"", with: "\"mine.toml\"") + "[[cue]]\ncaption = \"c\"")
            .write(to: folder.appendingPathComponent("ok.toml"), atomically: true, encoding: .utf8)
        #expect(try LessonLoader.load(contentsOf: folder.appendingPathComponent("ok.toml")).scene.title.contains("narrow valley"))
    }

    @Test("scene files still refuse [[…]]: the list of tables is the lessons' alone")
    func scenesRefuseArraysOfTables() {
        #expect(throws: SceneError.self) { try Fixtures.parse("title = \"t\"\n[[cue]]\na = 1\n") }
    }
}
