import Foundation
import Grad
import TOMLKit

/// Reads lesson files (TOML, the scene-file subset plus `[[cue]]` lists), strictly: unknown keys,
/// wrong types, triggers and actions that cannot happen in the lesson's scene are errors that name
/// the file, line and key, and a scene that does not load says so with the scene's own error.
public enum LessonLoader {
    /// The most cues a lesson may have.
    public static let maximumCues = 200

    static let topKeys = ["title", "description", "scene", "order", "cue"]
    static let cueKeys = ["when", "caption", "scene", "pause", "run", "steps", "lr", "optimizer", "view", "speed", "reset", "rewind_to",
                          "race", "keys", "exercise"]
    static let exerciseKeys = ["task", "gap", "steps", "question", "event", "rehearse"]

    /// Loads the lesson file at `url`; `displayName` is how errors name the file.
    public static func load(contentsOf url: URL, displayName: String? = nil) throws(SceneError) -> Lesson {
        let file = displayName ?? url.path
        return try parse(SceneLoader.readText(url, file: file, kind: "lesson"), name: url.deletingPathExtension().lastPathComponent,
                         file: file, directory: url.deletingLastPathComponent())
    }

    /// Parses lesson text; a scene path in it starts from `directory` (nil: the current directory).
    public static func parse(_ text: String, name: String, file: String, directory: URL? = nil) throws(SceneError) -> Lesson {
        let (root, locator) = try SceneLoader.document(text, file: file, kind: "lesson",
                                                       needs: "a lesson needs title, description, scene and [[cue]] tables (see the README's Lessons)",
                                                       arraysOfTables: ["cue"])
        let reader = LessonReader(scene: SceneReader(file: file, locator: locator, directory: directory))
        guard let lesson = reader.lesson(from: root, name: name), reader.problems.errors.isEmpty else {
            throw reader.problems.combined(file: file)
        }
        return lesson
    }
}

/// Typed access to one parsed lesson file (see `SceneReader`, whose helpers it uses).
struct LessonReader {
    let scene: SceneReader
    var problems: SceneProblems { scene.problems }
    var file: String { scene.file }

    func attempt<T>(_ body: () throws(SceneError) -> T) -> T? { scene.attempt(body) }

    /// A problem of cue `index` (from 0), at its key or its header: `cue 3 lr: …`.
    func error(cue index: Int, _ key: String?, _ message: String, atValue: Bool = true) -> SceneError {
        let position = scene.locator.position(table: "cue.\(index)", key: key)
        var column = position?.column
        // A key's problem is in its value: point at the value's first character.
        if key != nil, atValue, let line = position?.line, line >= 1, line <= scene.locator.lines.count {
            let text = scene.locator.lines[line - 1]
            if let equals = text.firstIndex(of: "="), let start = text[text.index(after: equals)...].firstIndex(where: { $0 != " " && $0 != "\t" }) {
                column = text.distance(from: text.startIndex, to: start) + 1
            }
        }
        return SceneError(file: file, line: position?.line, column: column,
                          key: "cue \(index + 1)" + (key.map { " \($0)" } ?? ""), message: message)
    }

    func lesson(from root: TOMLTable, name: String) -> Lesson? {
        _ = attempt { () throws(SceneError) in try scene.checkKeys(root, in: "", allowed: LessonLoader.topKeys) }
        let title = attempt { () throws(SceneError) in try scene.requiredString(root, "title", in: "").escapingControlCharacters() }
        let description = attempt { () throws(SceneError) in
            try scene.requiredString(root, "description", in: "").escapingControlCharacters(keepingNewlines: true)
        }
        let order = attempt { () throws(SceneError) in try scene.integer(root, "order", in: "", minimum: 0) }
        let loaded = attempt { () throws(SceneError) -> (String, Scene) in
            let sceneName = try scene.requiredString(root, "scene", in: "")
            return (sceneName, try loadScene(sceneName))
        }
        var cues: [Cue]?
        if let array = root["cue"]?.array {
            let tables = Array(array).compactMap(\.table)
            if tables.isEmpty {
                problems.record(scene.error("", "cue", "a lesson needs at least one [[cue]] (when, caption and what it does)"))
            } else if tables.count > LessonLoader.maximumCues {
                problems.record(scene.error("", "cue", "at most \(LessonLoader.maximumCues) cues a lesson; found \(tables.count)"))
            } else if var current = loaded?.1 {
                var read: [Cue] = []
                for (index, table) in tables.enumerated() {
                    guard let cue = attempt({ () throws(SceneError) in try cue(table, index: index, scene: current) }) else { continue }
                    if let switched = cue.scene { current = switched.scene }
                    read.append(cue)
                }
                cues = read
            }
        } else if root["cue"] == nil {
            problems.record(scene.error("", nil, "missing [[cue]] tables: a lesson needs at least one cue (when, caption and what it does)"))
        }
        guard problems.errors.isEmpty, let title, let description, let order, let loaded, let cues else { return nil }
        let (sceneName, lessonScene) = loaded
        if let cue = cues.indices.first(where: { index in
            if case .first = cues[index].exercise?.task { return !cues[...index].contains { $0.actions.race != nil } }
            return false
        }) {
            problems.record(error(cue: cue, "exercise", "\"first\" asks which runner of a race wins; start a race at this cue or before (race = [\"sgd\", \"adam\"])"))
            return nil
        }
        return Lesson(name: name, title: title, description: description, sceneName: sceneName, scene: lessonScene, order: order, cues: cues)
    }

    /// The lesson's scene (or a cue's, `cue`): a built-in name, or a path from the lesson file's folder.
    private func loadScene(_ name: String, cue: Int? = nil) throws(SceneError) -> Scene {
        let located = cue.map { error(cue: $0, "scene", "") } ?? scene.error("", "scene", "")
        func failing(_ inner: SceneError) -> SceneError {
            var error = located
            error.message = "the scene does not load: \(inner.description)"
            return error
        }
        if SceneLibrary.isPath(name) {
            let url = URL(fileURLWithPath: name, relativeTo: scene.directory).standardizedFileURL
            do {
                return try SceneLoader.load(contentsOf: url, displayName: name)
            } catch {
                throw failing(error)
            }
        }
        guard SceneLibrary.names.contains(name) else {
            var error = located
            let hint = SceneLibrary.suggestion(for: name).map { "did you mean '\($0)'? " } ?? ""
            error.message = "no scene '\(name.escapingControlCharacters())'; \(hint)`tinylab list` shows the built-in scenes (or give a path to a .toml file)"
            throw error
        }
        do {
            return try SceneLibrary.scene(named: name)
        } catch {
            throw failing(error)
        }
    }

    private func cue(_ table: TOMLTable, index: Int, scene current: Scene) throws(SceneError) -> Cue {
        for key in table.keys.sorted() where !LessonLoader.cueKeys.contains(key) {
            throw error(cue: index, key, "unknown key; expected one of: \(LessonLoader.cueKeys.joined(separator: ", "))", atValue: false)
        }
        var switched: (name: String, scene: Scene)?
        if let value = table["scene"] {
            guard let name = value.string else { throw error(cue: index, "scene", "expected a scene's name or path in quotes") }
            switched = (name, try loadScene(name, cue: index))
        }
        let lessonScene = switched?.scene ?? current
        let line = scene.line(table: "cue.\(index)", key: nil) ?? 1
        let trigger = try self.trigger(table["when"], index: index, scene: lessonScene)
        guard let captionValue = table["caption"] else {
            throw error(cue: index, nil, "missing key 'caption' (the few sentences the class reads at this cue)")
        }
        guard let caption = captionValue.string, !caption.allSatisfy(\.isWhitespace) else {
            throw error(cue: index, "caption", "expected a caption in quotes (a few sentences), found \(captionValue.type)")
        }
        var actions = CueActions()
        func flag(_ key: String) throws(SceneError) -> Bool {
            guard let value = table[key] else { return false }
            guard let flag = value.bool else { throw error(cue: index, key, "expected true or false, found \(value.type)") }
            return flag
        }
        let pause = try flag("pause"), run = try flag("run")
        if pause && run { throw error(cue: index, "run", "a cue either pauses or runs; give one of pause = true and run = true") }
        if pause { actions.running = false }
        if run { actions.running = true }
        actions.reset = try flag("reset")
        let maxSteps = lessonScene.stop.maxSteps
        if let value = table["steps"] {
            guard let steps = value.int, (1...maxSteps).contains(steps) else {
                throw error(cue: index, "steps", "expected a whole number of steps from 1 to the scene's max_steps (\(maxSteps))")
            }
            actions.steps = steps
        }
        if let value = table["rewind_to"] {
            guard let step = value.int, (0...maxSteps).contains(step) else {
                throw error(cue: index, "rewind_to", "expected a step from 0 to the scene's max_steps (\(maxSteps))")
            }
            actions.rewindTo = step
        }
        if let value = table["lr"] {
            guard let rate = scene.number(value), rate.isFinite, rate > 0 else {
                throw error(cue: index, "lr", "expected a learning rate greater than 0, e.g. 3e-6")
            }
            actions.learningRate = rate
        }
        if let value = table["optimizer"] { actions.optimizer = try optimizer(value, index: index, key: "optimizer") }
        if let value = table["race"] {
            guard let array = value.array else { throw error(cue: index, "race", "expected a list of optimizers, e.g. [\"sgd\", \"momentum\"]") }
            var kinds: [OptimizerKind] = []
            for item in Array(array) {
                let kind = try optimizer(item, index: index, key: "race")
                guard !kinds.contains(kind) else { throw error(cue: index, "race", "'\(kind.rawValue)' is in the race twice") }
                kinds.append(kind)
            }
            guard kinds.count >= 2 else { throw error(cue: index, "race", "a race needs at least two optimizers, e.g. [\"sgd\", \"momentum\"]") }
            actions.race = kinds
        }
        if let value = table["view"] {
            let views = LabView.allCases.map(\.rawValue).joined(separator: ", ")
            guard let text = value.string, let view = LabView(rawValue: text) else {
                throw error(cue: index, "view", "expected one of: \(views)")
            }
            if view == .neurons, let reason = NeuronsView.unavailableReason(data: lessonScene.data, model: lessonScene.model) {
                throw error(cue: index, "view", reason)
            }
            actions.view = view
        }
        if let value = table["speed"] {
            guard let speed = scene.number(value), speed > 0, !speed.isNaN else {
                throw error(cue: index, "speed", "expected steps per second greater than 0 (inf for the top speed)")
            }
            actions.speed = speed
        }
        if let value = table["keys"] {
            guard let text = value.string, ["hidden", "shown"].contains(text) else {
                throw error(cue: index, "keys", "expected \"hidden\" (only space, n, p, ? and q work) or \"shown\"")
            }
            actions.keysHidden = text == "hidden"
        }
        var exercise: Exercise?
        if let value = table["exercise"] {
            guard let spec = value.table else {
                throw error(cue: index, "exercise", "expected an inline table, e.g. { task = \"diverge\" }")
            }
            exercise = try self.exercise(spec, index: index, scene: lessonScene)
        }
        return Cue(trigger: trigger, scene: switched, caption: caption.escapingControlCharacters(keepingNewlines: true), actions: actions,
                   exercise: exercise, line: line)
    }

    private func optimizer(_ value: any TOMLValueConvertible, index: Int, key: String) throws(SceneError) -> OptimizerKind {
        let kinds = OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = value.string else { throw error(cue: index, key, "expected an optimizer name in quotes: \(kinds)") }
        guard let kind = OptimizerKind(rawValue: text) else {
            throw error(cue: index, key, "unknown optimizer '\(text.escapingControlCharacters())'; expected one of: \(kinds)")
        }
        return kind
    }

    private func trigger(_ value: (any TOMLValueConvertible)?, index: Int, scene lessonScene: Scene) throws(SceneError) -> Cue.Trigger {
        let expected = "expected \"start\", \"n\" (the student presses n), \"diverged\", { step = 100 } or { loss_below = 0.01 }"
        guard let value else { return index == 0 ? .start : .next }
        if let text = value.string {
            switch text {
            case "start": return .start
            case "n": return .next
            case "diverged": return .diverged
            default: throw error(cue: index, "when", "unknown trigger '\(text.escapingControlCharacters())'; \(expected)")
            }
        }
        guard let table = value.table, table.keys.count == 1, let key = table.keys.first, let given = table[key] else {
            throw error(cue: index, "when", expected)
        }
        switch key {
        case "step":
            let maxSteps = lessonScene.stop.maxSteps
            guard let step = given.int, step >= 1 else { throw error(cue: index, "when", "{ step = N } needs a whole number N ≥ 1") }
            guard step <= maxSteps else {
                throw error(cue: index, "when", "step \(step) is beyond the scene's max_steps (\(maxSteps)); the run stops before it")
            }
            return .step(step)
        case "loss_below":
            guard let loss = scene.number(given), loss.isFinite, loss > 0 else {
                throw error(cue: index, "when", "{ loss_below = X } needs a number X > 0")
            }
            return .lossBelow(loss)
        default:
            throw error(cue: index, "when", "unknown trigger key '\(key.escapingControlCharacters())'; \(expected)")
        }
    }

    private func exercise(_ spec: TOMLTable, index: Int, scene lessonScene: Scene) throws(SceneError) -> Exercise {
        for key in spec.keys.sorted() where !LessonLoader.exerciseKeys.contains(key) {
            throw error(cue: index, "exercise", "unknown key '\(key.escapingControlCharacters())'; expected one of: \(LessonLoader.exerciseKeys.joined(separator: ", "))")
        }
        let tasks = "\"diverge\", \"reach\", \"first\" or \"predict\""
        guard let task = spec["task"]?.string else { throw error(cue: index, "exercise", "missing task = \(tasks)") }
        func gap() throws(SceneError) -> Double {
            guard let value = spec["gap"] else { return 0.01 }
            guard let gap = scene.number(value), gap > 0, gap < 1 else {
                throw error(cue: index, "exercise", "gap is the share of L* to come within, between 0 and 1 (0.01 is 1 %)")
            }
            return gap
        }
        func steps(_ fallback: Int) throws(SceneError) -> Int {
            guard let value = spec["steps"] else { return fallback }
            guard let steps = value.int, steps >= 1, steps <= lessonScene.stop.maxSteps else {
                throw error(cue: index, "exercise", "steps must be a whole number from 1 to the scene's max_steps (\(lessonScene.stop.maxSteps))")
            }
            return steps
        }
        let kind: Exercise.Task
        switch task {
        case "diverge": kind = .diverge
        case "reach": kind = .reach(gap: try gap(), steps: try steps(300))
        case "first": kind = .first(gap: try gap())
        case "predict":
            guard let question = spec["question"]?.string, !question.isEmpty else {
                throw error(cue: index, "exercise", "a prediction needs question = \"Will this rate overshoot?\" (answered with y or n)")
            }
            let events = Exercise.PredictedEvent.allCases.map(\.rawValue).joined(separator: " or ")
            guard let name = spec["event"]?.string, let event = Exercise.PredictedEvent(rawValue: name) else {
                throw error(cue: index, "exercise", "a prediction needs event = \(events): what the run is watched for")
            }
            kind = .predict(question: question.escapingControlCharacters(), event: event, steps: try steps(50))
        default:
            throw error(cue: index, "exercise", "unknown task '\(task.escapingControlCharacters())'; expected \(tasks)")
        }
        if case .diverge = kind {} else if case .predict(_, .diverge, _) = kind {} else {
            guard let session = try? Session(scene: lessonScene, options: RunOptions()), session.quadraticAnalysis().optimum != nil else {
                throw error(cue: index, "exercise", "this task needs the optimum's loss L*, which only a scene whose loss is an exact quadratic has (parabola, linear, noisy-quadratic, sin-cubic, valley)")
            }
        }
        var rehearsal: Exercise.Rehearsal?
        if let value = spec["rehearse"] {
            switch kind {
            case .diverge, .reach:
                guard let rate = scene.number(value), rate.isFinite, rate > 0 else {
                    throw error(cue: index, "exercise", "rehearse is the learning rate a student might try (a number > 0)")
                }
                rehearsal = .learningRate(rate)
            case .predict:
                guard let text = value.string, text == "y" || text == "n" else {
                    throw error(cue: index, "exercise", "rehearse is the answer a student might give: \"y\" or \"n\"")
                }
                rehearsal = .answer(text == "y")
            case .first:
                rehearsal = .optimizer(try optimizer(value, index: index, key: "exercise"))
            }
        }
        return Exercise(task: kind, rehearsal: rehearsal)
    }
}
