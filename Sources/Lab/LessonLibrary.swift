import Foundation

/// The lessons shipped with tinylab (the EmbedScenes plugin compiles `Lessons/*.toml` into the
/// binary), and how a command-line argument finds one.
public enum LessonLibrary {
    /// The built-in lessons' names, sorted.
    public static var names: [String] { EmbeddedScenes.lessons.map(\.name).sorted() }

    /// The text of the built-in lesson `name` as shipped.
    public static func builtInText(named name: String) -> String? {
        EmbeddedScenes.lessons.first { $0.name == name }?.text
    }

    /// The built-in lesson `name`.
    public static func lesson(named name: String) throws(SceneError) -> Lesson {
        guard let text = builtInText(named: name) else {
            let hint = SceneLibrary.suggestion(for: name, among: names).map { "did you mean '\($0)'? " } ?? ""
            throw SceneError(file: "\(name).toml", message: "no lesson '\(name.escapingControlCharacters())'; \(hint)`tinylab lesson` lists the shipped lessons")
        }
        return try LessonLoader.parse(text, name: name, file: "\(name).toml")
    }

    /// A lesson by built-in name or path.
    public static func load(_ argument: String) throws(SceneError) -> Lesson {
        if SceneLibrary.isPath(argument) {
            return try LessonLoader.load(contentsOf: URL(fileURLWithPath: argument), displayName: argument)
        }
        return try lesson(named: argument)
    }

    /// The built-in lessons in order (`order = n`, then by name), each with its title and the first
    /// sentence of its description; a lesson that does not load comes last, with its problem.
    public static func entries() -> [SceneEntry] {
        names.map { name in
            do {
                let lesson = try lesson(named: name)
                return SceneEntry(name: name, title: lesson.title, summary: SceneLibrary.summary(of: lesson.description), order: lesson.order)
            } catch {
                return SceneEntry(name: name, title: "", summary: "", order: nil, problem: String(describing: error))
            }
        }.sorted(by: SceneLibrary.precedes)
    }
}
