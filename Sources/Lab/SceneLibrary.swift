import Foundation

/// The scenes shipped with tinylab, and how a command-line argument finds a scene.
///
/// Built-in scenes are compiled into the binary (the EmbedScenes build plugin turns `Scenes/*.toml`
/// into `EmbeddedScenes.swift`), so the binary alone works from any folder. Scene files in
/// `TINYLAB_SCENES` and in `../share/tinylab/Scenes` beside the binary add to them; a file there
/// with a built-in's name replaces it (the first folder wins), so a teacher can adjust a scene.
public enum SceneLibrary {
    /// The folders that add scenes, those that exist, in order of precedence.
    public static var folders: [URL] {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let custom = ProcessInfo.processInfo.environment["TINYLAB_SCENES"], !custom.isEmpty {
            candidates.append(URL(fileURLWithPath: custom))
        }
        let executable = URL(fileURLWithPath: (try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent("../share/tinylab/Scenes").standardized)
        return candidates.filter { url in
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// The names of the scenes compiled into the binary, sorted.
    public static var builtInNames: [String] { EmbeddedScenes.files.map(\.name).sorted() }

    /// Names of all scenes (built in, and added by `folders`), sorted.
    public static var names: [String] {
        let added = folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }
        }
        return Set(builtInNames + added).sorted()
    }

    /// Loads the scene `name`: a folder's file if one has it, otherwise the built-in text.
    public static func scene(named name: String) throws(SceneError) -> Scene {
        let fileName = "\(name).toml"
        for folder in folders {
            let url = folder.appendingPathComponent(fileName)
            if FileManager.default.fileExists(atPath: url.path) {
                return try SceneLoader.load(contentsOf: url, displayName: url.path)
            }
        }
        guard let text = EmbeddedScenes.files.first(where: { $0.name == name })?.text else {
            throw SceneError(file: fileName, message: "no such file; `tinylab list` shows the built-in scenes")
        }
        return try SceneLoader.parse(text, name: name, file: fileName)
    }

    /// The text of the built-in scene `name` as shipped, if there is one.
    public static func builtInText(named name: String) -> String? {
        EmbeddedScenes.files.first { $0.name == name }?.text
    }

    /// The built-in scenes in teaching order (see `precedes`), each with its title and the first
    /// sentence of its description. A file that does not load is listed last, with its problem.
    public static func entries() -> [SceneEntry] {
        names.map { name in
            do {
                let scene = try scene(named: name)
                return SceneEntry(name: name, title: scene.title, summary: summary(of: scene.description), order: scene.order)
            } catch {
                return SceneEntry(name: name, title: "", summary: "", order: nil, problem: String(describing: error))
            }
        }.sorted(by: precedes)
    }

    /// Teaching order: scenes that say their place (`order = n`) by it, then the others, by name.
    public static func precedes(_ a: SceneEntry, _ b: SceneEntry) -> Bool {
        switch (a.order, b.order) {
        case let (x?, y?) where x != y: x < y
        case (_?, nil): true
        case (nil, _?): false
        default: a.name < b.name
        }
    }

    /// The first sentence of a description, on one line: what a menu shows under the title.
    public static func summary(of description: String) -> String {
        let words = description.split(whereSeparator: \.isWhitespace)
        var sentence: [Substring] = []
        for (index, word) in words.enumerated() {
            sentence.append(word)
            let next = words.indices.contains(index + 1) ? words[index + 1] : nil
            if let last = word.last, ".!?".contains(last), next?.first.map({ $0.isUppercase || $0.isNumber }) ?? true { break }
        }
        return sentence.joined(separator: " ")
    }

    /// The built-in name closest to `argument`, if one is close enough to be what was meant: case,
    /// `_` for `-` and up to a third of the letters (at least two) may differ, or the argument is
    /// the start of just one name (`dynamic`).
    public static func suggestion(for argument: String, among names: [String] = names) -> String? {
        let typed = comparable(argument)
        let extended = names.filter { typed.count >= 3 && comparable($0).starts(with: typed) }
        if extended.count == 1 { return extended[0] }
        let scored = names.map { (name: $0, distance: editDistance(typed, comparable($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance || ($0.distance == $1.distance && $0.name < $1.name) })
        else { return nil }
        return best.distance <= max(2, typed.count / 3) ? best.name : nil
    }

    private static func comparable(_ name: String) -> [Character] {
        Array(name.lowercased().replacingOccurrences(of: "_", with: "-"))
    }

    /// Levenshtein distance: the fewest insertions, deletions and substitutions that turn `a` into `b`.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// Whether `argument` names a file rather than a built-in scene.
    public static func isPath(_ argument: String) -> Bool {
        argument.contains("/") || argument.hasSuffix(".toml") || FileManager.default.fileExists(atPath: argument)
    }
}

/// One built-in scene as a list or menu shows it.
public struct SceneEntry: Equatable, Sendable {
    /// The file's stem, as `tinylab scene NAME` takes it.
    public var name: String
    public var title: String
    /// The first sentence of the description.
    public var summary: String
    /// The place the file gives itself (`order = n`), if any.
    public var order: Int?
    /// Why the file could not be loaded (title and summary are empty then).
    public var problem: String?

    public init(name: String, title: String, summary: String, order: Int?, problem: String? = nil) {
        self.name = name
        self.title = title
        self.summary = summary
        self.order = order
        self.problem = problem
    }
}
