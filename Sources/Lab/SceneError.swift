/// A problem in a scene file, located as precisely as the file allows, with what was expected.
///
/// Printed as `FILE:LINE:COLUMN: [section] key: message`, e.g.
/// `sin-cubic.toml:16:35: [model] formula: unknown parameter 'e'; declared: a, b, c, d`.
/// Control characters from the file (in keys, formulas, the file name) are printed escaped.
public struct SceneError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file as the user named it.
    public var file: String
    public var line: Int?
    public var column: Int?
    /// `[section] key`, when the problem belongs to one key.
    public var key: String?
    public var message: String
    /// Further independent problems in the same file, in source order after this one (`tinylab check`
    /// prints them all; `description` is this one alone).
    public var others: [SceneError] = []

    /// This problem and the others found in the same file, in source order.
    public var all: [SceneError] {
        var first = self
        first.others = []
        return [first] + others
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return ("\(location): " + (key.map { "\($0): " } ?? "") + message).escapingControlCharacters()
    }
}
