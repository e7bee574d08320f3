import Foundation
import Grad
import TOMLKit

/// Reads scene files (TOML) into `Scene`s, strictly: unknown keys, wrong types and formulas that do
/// not fit the declared parameters are errors that name the file, line, key and what is expected.
public enum SceneLoader {
    /// The largest `max_steps` a scene may ask for, so a headless run without `--steps` ends.
    public static let maximumSteps = 100_000_000

    /// Scene files larger than this are refused before they are read (the shipped ones are about 1 KB;
    /// a state file of two-layer-net with Adam's state, three numbers a weight, about 7 MB).
    public static let maximumFileSize = 32_000_000

    /// Loads the scene file at `url`; `displayName` is how errors name the file (as the user typed it).
    /// Only regular files of at most `maximumFileSize` bytes are read: directories, devices and
    /// FIFOs are refused after a `stat`, without opening them.
    public static func load(contentsOf url: URL, displayName: String? = nil,
                            memoryBudget: Int = MemoryBudget.default) throws(SceneError) -> Scene {
        let file = displayName ?? url.path
        return try parse(readText(url, file: file, kind: "scene"), name: url.deletingPathExtension().lastPathComponent, file: file,
                         memoryBudget: memoryBudget, directory: url.deletingLastPathComponent())
    }

    /// The UTF-8 text of the regular file at `url` (see `read`), a `kind` of file ("scene",
    /// "lesson") for the messages.
    static func readText(_ url: URL, file: String, kind: String) throws(SceneError) -> String {
        let bytes = try read(url.path, file: file)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(in: bytes)
            throw SceneError(file: file, line: line, column: column,
                             message: "the file is not UTF-8 text (invalid byte here); a \(kind) file is TOML")
        }
        return text
    }

    /// The bytes of the regular file at `path`, at most `maximumFileSize` of them.
    static func read(_ path: String, file: String) throws(SceneError) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno
            if reason == ENOENT { throw SceneError(file: file, message: "no such file; `tinylab list` shows the built-in scenes") }
            throw SceneError(file: file, message: "cannot read the file (\(String(cString: strerror(reason))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw SceneError(file: file, message: "is a directory; give a scene file (.toml) inside it")
        case S_IFIFO, S_IFSOCK:
            throw SceneError(file: file, message: "is a pipe or socket, not a file; save the scene to a .toml file and give its path")
        default:
            throw SceneError(file: file, message: "is a device, not a file; give a scene file (.toml)")
        }
        guard info.st_size <= maximumFileSize else {
            throw SceneError(file: file, message: "the file has \(info.st_size) bytes; scene files are at most \(maximumFileSize) bytes (32 MB)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SceneError(file: file, message: "cannot read the file (permission denied)")
        }
        defer { try? handle.close() }
        let bytes: Data
        do {
            bytes = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
        } catch {
            throw SceneError(file: file, message: "cannot read the file (\(error.localizedDescription))")
        }
        guard bytes.count <= maximumFileSize else {
            throw SceneError(file: file, message: "the file has more than \(maximumFileSize) bytes; scene files are at most 32 MB")
        }
        return bytes
    }

    /// 1-based line and column (in bytes) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(in bytes: Data) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        let array = Array(bytes)
        var i = 0
        while i < array.count {
            let byte = array[i]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, i - lineStart + 1)
            }
            if i + length > array.count { return (line, i - lineStart + 1) }
            let sequence = array[i..<(i + length)]
            if String(validating: sequence, as: UTF8.self) == nil { return (line, i - lineStart + 1) }
            if byte == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += length
        }
        return (line, i - lineStart + 1)
    }

    /// Parses scene TOML `text`; `name` becomes the scene's name, `file` names it in errors.
    /// Scenes whose training would need more than `memoryBudget` bytes are refused (see `MemoryBudget`).
    /// CSV files the scene names (`x = { csv = "points.csv", column = "x" }`) are read from
    /// `directory` (the scene file's folder), or from the current directory when it is nil.
    public static func parse(_ text: String, name: String, file: String,
                             memoryBudget: Int = MemoryBudget.default, directory: URL? = nil) throws(SceneError) -> Scene {
        let (table, locator) = try document(text, file: file, kind: "scene",
                                            needs: "a scene needs title, description, [model] and [training] (copy one from Scenes/)")
        let reader = SceneReader(file: file, locator: locator, directory: directory)
        guard let scene = reader.scene(from: table, name: name), reader.problems.errors.isEmpty else {
            throw reader.problems.combined(file: file)
        }
        try reader.checkBudget(scene, budget: memoryBudget)
        try reader.checkData(scene)
        return scene
    }

    /// `text` as a TOML document in the scene files' subset (lesson files add `arraysOfTables`),
    /// checked before the TOML library sees it, and where each key is: empty text (`needs` says
    /// what a file holds), NUL bytes, an oversize text and text outside the subset are located errors.
    static func document(_ text: String, file: String, kind: String, needs: String,
                         arraysOfTables: Set<String> = []) throws(SceneError) -> (TOMLTable, SourceLocator) {
        if text.allSatisfy(\.isWhitespace) {
            throw SceneError(file: file, line: 1, message: "the file is empty; \(needs)")
        }
        if let offset = text.utf8.firstIndex(of: 0) {
            let prefix = text.utf8[..<offset]
            let line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let column = prefix.count - (prefix.lastIndex(of: 0x0A).map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
            throw SceneError(file: file, line: line, column: column, message: "the file contains NUL bytes; a \(kind) file is TOML text")
        }
        if text.utf8.count > maximumFileSize {
            throw SceneError(file: file, line: 1, message: "the text has \(text.utf8.count) bytes; \(kind) files are at most \(maximumFileSize) bytes (32 MB)")
        }
        let positions: [[String]: SourcePosition]
        do {
            positions = try TOMLPreflight.validate(text, arraysOfTables: arraysOfTables)
        } catch {
            throw SceneError(file: file, line: error.line, column: error.column, message: "not valid TOML: \(error.message)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SceneError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                             message: "not valid TOML: \(error.description)")
        } catch {
            throw SceneError(file: file, line: 1, message: "not valid TOML: \(error)")
        }
        return (table, SourceLocator(text, positions: positions))
    }
}

/// The problems found in one file so far. Reading goes on after a problem wherever the rest of the
/// file does not depend on what failed, so one `tinylab check` lists every independent mistake.
final class SceneProblems {
    private(set) var errors: [SceneError] = []
    /// Tables with an unknown key, and the table of each "missing …" problem (by description): a
    /// key missing from a table with a mistyped key is most likely that key, so it is not repeated.
    private var tablesWithUnknownKeys: Set<String> = []
    private var missingIn: [String: String] = [:]

    func record(_ error: SceneError) {
        if !errors.contains(error) { errors.append(error) }
    }

    func noteUnknownKey(in table: String) { tablesWithUnknownKeys.insert(table) }

    func noteMissing(_ error: SceneError, in table: String) { missingIn[error.description] = table }

    /// The problems that do not follow from another one.
    var independent: [SceneError] {
        errors.filter { error in
            guard let table = missingIn[error.description] else { return true }
            return !tablesWithUnknownKeys.contains(table)
        }
    }

    /// The first problem in source order, carrying the rest in `others`.
    func combined(file: String) -> SceneError {
        let sorted = independent.enumerated().sorted { a, b in
            let left = (a.element.line ?? 0, a.element.column ?? 0, a.offset)
            let right = (b.element.line ?? 0, b.element.column ?? 0, b.offset)
            return left < right
        }.map(\.element)
        guard var first = sorted.first else { return SceneError(file: file, message: "invalid scene") }
        first.others = Array(sorted.dropFirst())
        return first
    }
}

/// Typed access to one parsed file, turning every mismatch into a located `SceneError`.
struct SceneReader {
    let file: String
    let locator: SourceLocator
    /// The folder relative CSV paths start from (nil: the current directory).
    var directory: URL?
    /// Every independent problem found so far.
    let problems = SceneProblems()

    /// Runs `body`; a problem it throws is recorded and gives nil, so reading can go on.
    func attempt<T>(_ body: () throws(SceneError) -> T) -> T? {
        do {
            return try body()
        } catch {
            problems.record(error)
            return nil
        }
    }

    /// The line of `[table] key`; for a table written inline (`random_terms = { … }`), the line of
    /// its key in the parent table.
    func line(table: String, key: String?) -> Int? {
        if let line = locator.line(table: table, key: key) { return line }
        guard let dot = table.lastIndex(of: ".") else { return nil }
        return line(table: String(table[..<dot]), key: String(table[table.index(after: dot)...]))
    }

    func error(_ table: String, _ key: String?, _ message: String, column: Int? = nil) -> SceneError {
        let line = line(table: table, key: key) ?? (table.isEmpty || key == nil ? 1 : nil)
        let label = table.isEmpty ? key : "[\(table)]" + (key.map { " \($0)" } ?? "")
        let error = SceneError(file: file, line: line, column: column, key: label, message: message)
        if key == nil, message.hasPrefix("missing") { problems.noteMissing(error, in: table) }
        return error
    }

    /// Records every unknown key of `table` (each is independent of the rest: it is ignored).
    func checkKeys(_ table: TOMLTable, in name: String, allowed: [String]) throws(SceneError) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            problems.noteUnknownKey(in: name)
            problems.record(error(name, key, "unknown key; expected one of: \(allowed.joined(separator: ", "))"))
        }
    }

    func string(_ table: TOMLTable, _ key: String, in name: String) throws(SceneError) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw error(name, key, "expected a string in quotes, found \(value.type)") }
        return string
    }

    func requiredString(_ table: TOMLTable, _ key: String, in name: String) throws(SceneError) -> String {
        guard let value = try string(table, key, in: name) else { throw error(name, nil, "missing key '\(key)' (a string)") }
        return value
    }

    func number(_ value: any TOMLValueConvertible) -> Double? {
        if let double = value.double { return double }
        if let int = value.int { return Double(int) }
        return nil
    }

    func number(_ table: TOMLTable, _ key: String, in name: String, positive: Bool = false) throws(SceneError) -> Double? {
        guard let value = table[key] else { return nil }
        guard let number = number(value) else { throw error(name, key, "expected a finite number, found \(value.type)") }
        guard number.isFinite else { throw error(name, key, "expected a finite number, found \(number)") }
        if positive && number <= 0 { throw error(name, key, "expected a number greater than 0, found \(number)") }
        return number
    }

    func integer(_ table: TOMLTable, _ key: String, in name: String, minimum: Int) throws(SceneError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.int else { throw error(name, key, "expected a whole number, found \(value.type)") }
        guard int >= minimum else { throw error(name, key, "expected a whole number of at least \(minimum), found \(int)") }
        return int
    }

    func subtable(_ table: TOMLTable, _ key: String, in name: String) throws(SceneError) -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let sub = value.table else { throw error(name, key, "expected a table ([\(name.isEmpty ? key : name + "." + key)] or { … }), found \(value.type)") }
        return sub
    }

    /// File column of `name` inside the formula `text` written at `[table] key`.
    func column(ofVariable name: String, in text: String, line: Int?) -> Int? {
        guard let line, let start = locator.column(of: text, line: line),
              let offset = Expression.column(ofVariable: name, in: text) else { return nil }
        return start + offset - 1
    }

    func formula(_ text: String, table: String, key: String) throws(SceneError) -> Expression {
        do {
            return try Expression.parse(text)
        } catch let problem {
            let line = self.line(table: table, key: key)
            let start = line.flatMap { locator.column(of: text, line: $0) }
            throw SceneError(file: file, line: line, column: start.map { $0 + problem.column - 1 },
                             key: "[\(table)] \(key)", message: "\(problem.message) at column \(problem.column) of the formula")
        }
    }

    /// A number or a constant formula such as "pi" or "-2*pi".
    func constant(_ value: any TOMLValueConvertible, table: String, key: String) throws(SceneError) -> Double {
        if let number = number(value) {
            guard number.isFinite else { throw error(table, key, "expected finite numbers, found \(number)") }
            return number
        }
        if let text = value.string {
            let expression = try formula(text, table: table, key: key)
            if let name = expression.variables.first {
                throw error(table, key, "'\(name)' is not a constant; use numbers or pi")
            }
            if let value = Evaluation.constant(expression), value.isFinite { return value }
            throw error(table, key, "'\(text)' is not a finite number")
        }
        throw error(table, key, "expected a number or a constant like \"pi\", found \(value.type)")
    }

    /// The scene in `root`, or nil when a problem was recorded. Each top-level key and table is read
    /// on its own so independent mistakes are all recorded; [parameters] is read only when [model]
    /// was, and the checks across tables only when everything else is clean (no cascades).
    func scene(from root: TOMLTable, name: String) -> Scene? {
        _ = attempt { () throws(SceneError) in
            try checkKeys(root, in: "", allowed: ["title", "description", "seed", "generator", "order", "view", "data", "model", "parameters",
                                                   "training", "resume"])
        }
        let title = attempt { () throws(SceneError) in try requiredString(root, "title", in: "").escapingControlCharacters() }
        let description = attempt { () throws(SceneError) in
            try requiredString(root, "description", in: "").escapingControlCharacters(keepingNewlines: true)
        }
        let seed = attempt { () throws(SceneError) in try integer(root, "seed", in: "", minimum: 0) ?? 0 }
        let generator = attempt { () throws(SceneError) -> GeneratorKind in
            guard let generatorName = try string(root, "generator", in: "") else { return .tinylab }
            guard let kind = GeneratorKind(rawValue: generatorName) else {
                throw error("", "generator", "unknown generator '\(generatorName.escapingControlCharacters())'; expected one of: \(GeneratorKind.names)")
            }
            return kind
        }
        let order = attempt { () throws(SceneError) in try integer(root, "order", in: "", minimum: 0) }
        let view = attempt { () throws(SceneError) -> LabView? in
            guard let name = try string(root, "view", in: "") else { return nil }
            guard let view = LabView(rawValue: name) else {
                throw error("", "view", "unknown view '\(name.escapingControlCharacters())'; expected one of: "
                            + LabView.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return view
        }
        let data = attempt { () throws(SceneError) -> DataSpec? in
            guard let table = try subtable(root, "data", in: "") else { return nil }
            return try dataSpec(table)
        }
        let modelTable = attempt { () throws(SceneError) -> TOMLTable in
            guard let table = try subtable(root, "model", in: "") else { throw error("", nil, "missing table [model] (a formula, or layers)") }
            return table
        }
        let model = modelTable.flatMap { table in attempt { () throws(SceneError) in try modelSpec(table) } }
        let trainingTable = attempt { () throws(SceneError) -> TOMLTable in
            guard let table = try subtable(root, "training", in: "") else {
                throw error("", nil, "missing table [training] (loss, optimizer, learning_rate, max_steps)")
            }
            return table
        }
        let parameterTable = attempt { () throws(SceneError) in try subtable(root, "parameters", in: "") }
        var parameters: [ParameterSpec]?
        if let model, let modelTable, let parameterTable {
            parameters = attempt { () throws(SceneError) in
                try parameterSpecs(parameterTable, model: model,
                                   inputs: (data ?? nil)?.formulaInputs ?? (root["data"] != nil ? ["x"] : []),
                                   formulaText: modelTable["formula"]?.string ?? "",
                                   termText: modelTable["random_terms"]?.table?["term"]?.string)
            }
        }
        let trained = trainingTable.flatMap { table in training(table) }
        let schedule = trainingTable.flatMap { table in attempt { () throws(SceneError) in try self.schedule(table) } }
        let batchSize = trainingTable.flatMap { table in attempt { () throws(SceneError) -> Int? in
            guard let size = try integer(table, "batch_size", in: "training", minimum: 1) else { return nil }
            guard size <= BatchOrder.largestSize else {
                throw error("training", "batch_size", "at most \(BatchOrder.largestSize) rows a batch; found \(size)")
            }
            guard table["batch_size"] == nil || root["data"] != nil else {
                throw error("training", "batch_size", "mini-batches are drawn from the data; this scene has no [data]")
            }
            return size
        } }
        let weightDecay = trainingTable.flatMap { table in attempt { () throws(SceneError) -> Double? in
            guard let decay = try number(table, "weight_decay", in: "training") else { return nil }
            guard decay >= 0, decay.isFinite, decay <= 1 else {
                throw error("training", "weight_decay", "expected an L2 factor from 0 to 1 (torch.optim's weight_decay, e.g. 1e-4), found \(decay)")
            }
            return decay
        } }
        let l1 = trainingTable.flatMap { table in attempt { () throws(SceneError) -> Double? in
            guard let strength = try number(table, "l1", in: "training") else { return nil }
            guard strength >= 0, strength.isFinite, strength <= 1 else {
                throw error("training", "l1", "expected the strength of the L1 term λ·Σ|w|, from 0 to 1 (e.g. 1e-3), found \(strength)")
            }
            return strength
        } }
        guard problems.errors.isEmpty, let title, let description, let seed, let generator, let order, let data,
              let model, let parameters, let trained else { return nil }
        let (loss, optimizer, rates, stop, speed, divergence) = trained
        guard attempt({ () throws(SceneError) in try checkConsistency(data: data, model: model, loss: loss) }) != nil else { return nil }
        guard let schedule, let batchSize, let weightDecay, let l1, let view else { return nil }
        if view == .neurons, let reason = NeuronsView.unavailableReason(data: data, model: model) {
            problems.record(error("", "view", reason))
            return nil
        }
        var scene = Scene(name: name, title: title, description: description, seed: UInt64(seed), generator: generator, data: data,
                          model: model, parameters: parameters, loss: loss, optimizer: optimizer,
                          learningRates: rates, stop: stop, stepsPerSecond: speed, divergence: divergence, order: order)
        scene.schedule = schedule
        scene.batchSize = batchSize
        scene.weightDecay = weightDecay
        scene.l1 = l1
        scene.view = view
        if let table = root["resume"] {
            guard let resumeTable = attempt({ () throws(SceneError) -> TOMLTable in
                guard let table = table.table else { throw error("", "resume", "expected a table [resume], found \(table.type)") }
                return table
            }), let resume = attempt({ () throws(SceneError) in try self.resume(resumeTable, scene: scene) }) else { return nil }
            scene.resume = resume
        }
        return scene
    }

    func valueSource(_ value: any TOMLValueConvertible, table: String, key: String) throws(SceneError) -> ValueSource {
        let expected = "expected { linspace = [start, end, count] }, { values = [...] }, { normal = [shape] }, "
            + "{ uniform = [shape], low = …, high = … } or { csv = \"file.csv\", column = \"name\" }"
        guard let source = value.table else { throw error(table, key, expected) }
        let kinds = ["linspace", "values", "normal", "uniform"].filter { source[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else { throw error(table, key, expected) }
        try checkKeys(source, in: table, allowed: kind == "uniform" ? ["uniform", "low", "high"] : [kind])
        guard let array = source[kind]?.array else { throw error(table, key, "\(kind) must be an array; \(expected)") }
        let items = Array(array)
        switch kind {
        case "linspace":
            guard items.count == 3 else { throw error(table, key, "linspace takes [start, end, count], found \(items.count) values") }
            let start = try constant(items[0], table: table, key: key)
            let end = try constant(items[1], table: table, key: key)
            guard let count = items[2].int, count >= 2, count <= 50_000_000 else {
                throw error(table, key, "linspace count must be a whole number from 2 to 50000000")
            }
            guard (end - start).isFinite else {
                throw error(table, key, "linspace from \(start) to \(end) spans more than the largest number; choose closer ends")
            }
            return .linspace(start: start, end: end, count: count)
        case "values":
            guard !items.isEmpty else { throw error(table, key, "values must not be empty") }
            var values: [Double] = []
            for item in items { values.append(try constant(item, table: table, key: key)) }
            return .values(values)
        default:
            var shape: [Int] = []
            for item in items {
                guard let size = item.int, size >= 1 else { throw error(table, key, "\(kind) shape must list whole numbers ≥ 1, e.g. [64, 1000]") }
                shape.append(size)
            }
            let total = shape.reduce(1) { product, size in product.multipliedReportingOverflow(by: size).overflow ? Int.max : product * size }
            guard (1...2).contains(shape.count), total <= 50_000_000 else {
                throw error(table, key, "\(kind) shape must have 1 or 2 dimensions and at most 50000000 values")
            }
            if kind == "normal" { return .normal(shape: shape) }
            let low = try number(source, "low", in: "\(table).\(key)") ?? 0
            let high = try number(source, "high", in: "\(table).\(key)") ?? 1
            guard low < high else { throw error(table, key, "uniform needs low < high, found low = \(low), high = \(high)") }
            guard (high - low).isFinite else {
                throw error(table, key, "uniform from \(low) to \(high) spans more than the largest number; choose closer bounds")
            }
            return .uniform(shape: shape, low: low, high: high)
        }
    }

    func dataSpec(_ table: TOMLTable) throws(SceneError) -> DataSpec {
        if table["dataset"] != nil { return try datasetSpec(table) }
        try checkKeys(table, in: "data", allowed: ["x", "y", "noise", "test_fraction", "dataset", "features"])
        guard let xValue = table["x"] else { throw error("data", nil, "missing key 'x' (the inputs, e.g. { linspace = [-5, 7, 200] })") }
        guard let yValue = table["y"] else { throw error("data", nil, "missing key 'y' (a formula of x such as \"sin(x)\", or { normal = [shape] })") }
        let tables = try readCSV([try csvRequest(xValue, key: "x"), try csvRequest(yValue, key: "y")].compactMap { $0 })
        let inputs: ValueSource
        if let table = tables["x"] { inputs = .csv(table) } else { inputs = try valueSource(xValue, table: "data", key: "x") }
        let target: DataSpec.Target
        if let table = tables["y"] {
            target = .source(.csv(table))
        } else if let text = yValue.string {
            let expression = try formula(text, table: "data", key: "y")
            if let stray = expression.variables.first(where: { $0 != "x" }) {
                let line = self.line(table: "data", key: "y")
                throw SceneError(file: file, line: line, column: column(ofVariable: stray, in: text, line: line),
                                 key: "[data] y", message: "unknown name '\(stray)'; the target formula may only use x, numbers and pi")
            }
            target = .formula(expression)
        } else {
            target = .source(try valueSource(yValue, table: "data", key: "y"))
        }
        let noise = try number(table, "noise", in: "data") ?? 0
        guard noise >= 0 else { throw error("data", "noise", "expected σ ≥ 0, found \(noise)") }
        var spec = DataSpec(inputs: inputs, target: target, noise: noise, testFraction: try testFraction(table))
        spec.features = try features(table, width: inputs.shape.count == 2 ? inputs.shape[1] : 1)
        return spec
    }

    /// `features = ["x1", "x2", "x1^2", "x1*x2", "sin(x1)"]`: formulas of the `width` input columns
    /// x1…x{width}, each an input of the model.
    private func features(_ table: TOMLTable, width: Int) throws(SceneError) -> [Expression]? {
        guard let value = table["features"] else { return nil }
        let names = (1...max(width, 1)).map { "x\($0)" }
        guard let array = value.array, !Array(array).isEmpty, Array(array).count <= 64 else {
            throw error("data", "features", "expected a list of 1 to 64 formulas of \(names.joined(separator: ", ")), e.g. [\"x1\", \"x2\", \"x1^2\", \"x1*x2\"]")
        }
        var expressions: [Expression] = []
        for item in Array(array) {
            guard let text = item.string else { throw error("data", "features", "expected formulas in quotes, e.g. \"x1^2\"; found \(item.type)") }
            let expression = try formula(text, table: "data", key: "features")
            if let stray = expression.variables.first(where: { !names.contains($0) }) {
                let line = self.line(table: "data", key: "features")
                throw SceneError(file: file, line: line, column: column(ofVariable: stray, in: text, line: line), key: "[data] features",
                                 message: "unknown input '\(stray.escapingControlCharacters())'; the inputs are \(names.joined(separator: ", "))")
            }
            expressions.append(expression)
        }
        return expressions
    }

    private func testFraction(_ table: TOMLTable) throws(SceneError) -> Double {
        let testFraction = try number(table, "test_fraction", in: "data") ?? 0
        guard testFraction >= 0, testFraction <= DataSpec.largestTestFraction else {
            throw error("data", "test_fraction", "expected the share of rows to hold out, from 0 to \(DataSpec.largestTestFraction) "
                        + "(0.25 holds out a quarter), found \(testFraction)")
        }
        return testFraction
    }

    /// `[data] dataset = "circle"`, with `points` and `noise`: a generated classification set.
    private func datasetSpec(_ table: TOMLTable) throws(SceneError) -> DataSpec {
        try checkKeys(table, in: "data", allowed: ["dataset", "points", "noise", "test_fraction", "features"])
        let names = ClassDataset.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = try string(table, "dataset", in: "data") else { throw error("data", "dataset", "expected a name, one of: \(names)") }
        guard let kind = ClassDataset.Kind(rawValue: name) else {
            throw error("data", "dataset", "unknown data set '\(name.escapingControlCharacters())'; expected one of: \(names)")
        }
        var points = 200
        if let value = table["points"] {
            guard let count = value.int, (1...ClassDataset.largestPoints).contains(count) else {
                throw error("data", "points", "expected a whole number of points from 1 to \(ClassDataset.largestPoints), e.g. points = 200")
            }
            points = count
        }
        let noise = try number(table, "noise", in: "data") ?? 0
        guard noise >= 0, noise <= ClassDataset.largestNoise else {
            throw error("data", "noise", "expected noise from 0 to \(ClassDataset.largestNoise) (the Playground's slider goes to 0.5), found \(noise)")
        }
        var spec = DataSpec(inputs: .dataset(ClassDataset(kind: kind, points: points, noise: noise)), target: .labels, noise: 0,
                            testFraction: try testFraction(table))
        spec.features = try features(table, width: 2)
        return spec
    }

    func modelSpec(_ table: TOMLTable) throws(SceneError) -> ModelSpec {
        if table["layers"] != nil {
            try checkKeys(table, in: "model", allowed: ["layers", "activation", "bias"])
            guard let array = table["layers"]?.array else { throw error("model", "layers", "expected sizes like [1000, 100, 10]") }
            var sizes: [Int] = []
            for item in Array(array) {
                guard let size = item.int, (1...100_000).contains(size) else {
                    throw error("model", "layers", "layer sizes must be whole numbers from 1 to 100000")
                }
                sizes.append(size)
            }
            guard sizes.count >= 2 else { throw error("model", "layers", "give at least an input and an output size, e.g. [1000, 100, 10]") }
            // Each layer is a stage of the graph view and of every step's graph; far deeper nets
            // than a lesson trains would only slow both (a fuzzed net of 3,700 layers did).
            guard sizes.count <= 101 else {
                throw error("model", "layers", "\(sizes.count - 1) layers; the lab trains at most 100 (101 sizes)")
            }
            let weights = zip(sizes, sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
            guard weights <= 50_000_000 else {
                throw error("model", "layers", "these layers need \(weights) weights; the lab allows at most 50000000")
            }
            let activationName = try string(table, "activation", in: "model") ?? "relu"
            guard let activation = ModelSpec.Activation(rawValue: activationName) else {
                throw error("model", "activation", "unknown activation '\(activationName.escapingControlCharacters())'; expected one of: "
                            + ModelSpec.Activation.allCases.map(\.rawValue).joined(separator: ", "))
            }
            var bias = true
            if let value = table["bias"] {
                guard let flag = value.bool else { throw error("model", "bias", "expected true or false") }
                bias = flag
            }
            return .layers(sizes: sizes, activation: activation, bias: bias)
        }
        try checkKeys(table, in: "model", allowed: ["formula", "random_terms"])
        guard let text = try string(table, "formula", in: "model") else {
            throw error("model", nil, "missing key 'formula' (e.g. \"a + b*x + c*x^2\") or 'layers' (e.g. [1000, 100, 10])")
        }
        let expression = try formula(text, table: "model", key: "formula")
        var randomTerms: RandomTerms?
        if let terms = try subtable(table, "random_terms", in: "model") {
            try checkKeys(terms, in: "model.random_terms", allowed: ["term", "orders"])
            guard let termText = try string(terms, "term", in: "model.random_terms") else {
                throw error("model.random_terms", nil, "missing key 'term' (e.g. \"e*x^k\")")
            }
            let term = try formula(termText, table: "model.random_terms", key: "term")
            guard term.variables.contains("k") else {
                throw error("model.random_terms", "term", "the term must use k, the order drawn at random (e.g. \"e*x^k\")")
            }
            guard let orderArray = terms["orders"]?.array, !orderArray.isEmpty else {
                throw error("model.random_terms", "orders", "expected a non-empty list of orders, e.g. [4, 5]")
            }
            var orders: [Double] = []
            for item in Array(orderArray) {
                guard let order = number(item), order.isFinite else {
                    throw error("model.random_terms", "orders", "orders must be finite numbers")
                }
                orders.append(order)
            }
            randomTerms = RandomTerms(term: term, orders: orders)
        }
        return .formula(expression, randomTerms: randomTerms)
    }

    func parameterSpecs(_ table: TOMLTable?, model: ModelSpec, inputs: [String],
                        formulaText: String, termText: String?) throws(SceneError) -> [ParameterSpec] {
        let before = problems.errors.count
        guard case .formula(let expression, let randomTerms) = model else {
            guard let table, !table.keys.isEmpty else { return [] }
            return try tensorSpecs(table, shapes: model.tensorShapes)
        }
        let declared = table?.keys.sorted() ?? []
        let hasData = !inputs.isEmpty
        if let input = declared.first(where: inputs.contains) {
            throw error("parameters", input, "\(input) is a data input of this scene; name the parameter differently")
        }
        var used = expression.variables.filter { !inputs.contains($0) }
        for name in randomTerms?.term.variables ?? [] where name != "k" && !inputs.contains(name) && !used.contains(name) {
            used.append(name)
        }
        if inputs.count > 1, expression.variables.contains("x"), !declared.contains("x") {
            let names = inputs.count == 2 ? "x1 and x2" : "x1 … x\(inputs.count)"
            let line = self.line(table: "model", key: "formula")
            throw SceneError(file: file, line: line, column: column(ofVariable: "x", in: formulaText, line: line), key: "[model] formula",
                             message: "this data gives each point \(inputs.count) inputs, \(names); write the formula with them "
                                 + "(e.g. w1*x1 + w2*x2 + b for logistic regression)")
        }
        if expression.variables.allSatisfy(inputs.contains) {
            let example = inputs.count > 1 ? "w1*x1 + w2*x2 + b" : "a*x + b"
            throw error("model", "formula", hasData
                ? "the formula has no parameters to train; use named parameters such as \(example) and declare them under [parameters]"
                : "the formula has no parameters to train; name the variable to descend (e.g. x) and declare it under [parameters]")
        }
        for name in used where !declared.contains(name) {
            let inFormula = expression.variables.contains(name)
            let (tableName, key) = inFormula ? ("model", "formula") : ("model.random_terms", "term")
            let line = self.line(table: tableName, key: key)
            let column = column(ofVariable: name, in: inFormula ? formulaText : termText ?? "", line: line)
            let hint = declared.isEmpty ? "declare it under [parameters], e.g. \(name) = \"normal\"" : "declared: \(declared.joined(separator: ", "))"
            problems.record(SceneError(file: file, line: line, column: column, key: "[\(tableName)] \(key)",
                                       message: "unknown parameter '\(name)'; \(hint)"))
        }
        // Each undeclared, unused or badly started parameter is its own problem: record them all.
        for name in declared where !used.contains(name) {
            problems.record(error("parameters", name, "parameter '\(name)' is not used by the formula; remove it or use it"))
        }
        var specs: [ParameterSpec] = []
        for name in used {
            guard let value = table?[name] else { continue }
            if let number = number(value) {
                guard number.isFinite else { problems.record(error("parameters", name, "expected a finite number")); continue }
                specs.append(ParameterSpec(name: name, initial: .value(number)))
            } else if value.string == "normal" {
                specs.append(ParameterSpec(name: name, initial: .normal))
            } else {
                problems.record(error("parameters", name, "expected a starting value (a number) or \"normal\" (drawn from N(0, 1))"))
            }
        }
        guard problems.errors.count == before else {
            throw problems.errors.last!
        }
        return specs
    }

    /// [training], or nil when a problem was recorded; its keys are read independently of each other
    /// (the default optimizer's rate only once the optimizer is known).
    func training(_ table: TOMLTable) -> (LossKind, OptimizerKind, [OptimizerKind: Double], StopRule, Double, DivergenceRule)? {
        _ = attempt { () throws(SceneError) in
            try checkKeys(table, in: "training", allowed: ["loss", "optimizer", "learning_rate", "max_steps",
                                                           "stop_when_gradient_below", "stop_when_loss_below", "steps_per_second",
                                                           "diverge_when_loss_grows_by", "diverge_when_parameter_beyond", "schedule",
                                                           "batch_size", "weight_decay", "l1"])
        }
        let loss = attempt { () throws(SceneError) -> LossKind in
            let lossName = try requiredString(table, "loss", in: "training")
            guard let loss = LossKind(rawValue: lossName) else {
                throw error("training", "loss", "unknown loss '\(lossName)'; expected one of: \(LossKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return loss
        }
        let optimizer = attempt { () throws(SceneError) -> OptimizerKind in
            let optimizerName = try requiredString(table, "optimizer", in: "training")
            let kinds = OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")
            guard let optimizer = OptimizerKind(rawValue: optimizerName) else {
                throw error("training", "optimizer", "unknown optimizer '\(optimizerName)'; expected one of: \(kinds)")
            }
            return optimizer
        }
        // nil inside: a rate or key of the table was wrong, so a missing default rate would be noise.
        let given = attempt { () throws(SceneError) -> [OptimizerKind: Double]? in
            guard let rateTable = try subtable(table, "learning_rate", in: "training") else {
                throw error("training", nil, "missing table [training.learning_rate] (e.g. sgd = 0.01, adam = 0.001)")
            }
            let before = problems.errors.count
            try checkKeys(rateTable, in: "training.learning_rate", allowed: OptimizerKind.allCases.map(\.rawValue))
            var rates: [OptimizerKind: Double] = [:]
            for kind in OptimizerKind.allCases {
                if let rate = attempt({ () throws(SceneError) in
                    try number(rateTable, kind.rawValue, in: "training.learning_rate", positive: true)
                }) ?? nil { rates[kind] = rate }
            }
            return problems.errors.count == before ? rates : nil
        }
        var rates: [OptimizerKind: Double]?
        if let optimizer, var given = given ?? nil {
            rates = attempt { () throws(SceneError) -> [OptimizerKind: Double] in
                guard let fallback = given[optimizer] else {
                    throw error("training.learning_rate", nil, "missing the learning rate of the default optimizer '\(optimizer.rawValue)'")
                }
                for kind in OptimizerKind.allCases where given[kind] == nil { given[kind] = fallback }
                return given
            }
        }
        let maxSteps = attempt { () throws(SceneError) -> Int in
            guard let maxSteps = try integer(table, "max_steps", in: "training", minimum: 1) else {
                throw error("training", nil, "missing key 'max_steps' (a whole number ≥ 1)")
            }
            guard maxSteps <= SceneLoader.maximumSteps else {
                throw error("training", "max_steps", "at most \(SceneLoader.maximumSteps) steps (about a day of training at full speed); found \(maxSteps)")
            }
            return maxSteps
        }
        let gradientBelow = attempt { () throws(SceneError) in try number(table, "stop_when_gradient_below", in: "training", positive: true) }
        let lossBelow = attempt { () throws(SceneError) in try number(table, "stop_when_loss_below", in: "training", positive: true) }
        let speed = attempt { () throws(SceneError) in try number(table, "steps_per_second", in: "training", positive: true) ?? 30 }
        let growth = attempt { () throws(SceneError) in try number(table, "diverge_when_loss_grows_by", in: "training", positive: true) }
        let limit = attempt { () throws(SceneError) in try number(table, "diverge_when_parameter_beyond", in: "training", positive: true) }
        guard let loss, let optimizer, let rates, let maxSteps, let gradientBelow, let lossBelow, let speed,
              let growth, let limit else { return nil }
        let stop = StopRule(maxSteps: maxSteps, gradientBelow: gradientBelow, lossBelow: lossBelow)
        var divergence = DivergenceRule()
        if let growth { divergence.lossGrowth = growth }
        if let limit { divergence.parameterLimit = limit }
        return (loss, optimizer, rates, stop, speed, divergence)
    }

    func checkConsistency(data: DataSpec?, model: ModelSpec, loss: LossKind) throws(SceneError) {
        switch (data, loss) {
        case (nil, .minimize): break
        case (nil, _): throw error("training", "loss", "'\(loss.rawValue)' compares predictions with data; add a [data] table or use loss = \"minimize\"")
        case (_, .minimize): throw error("training", "loss", "\"minimize\" descends the formula itself and takes no [data]; use sum_squares or mean_squares")
        default: break
        }
        guard let data else {
            if case .layers = model { throw error("model", "layers", "a layered model needs [data] with x and y") }
            return
        }
        let inputShape = data.inputs.shape
        if loss.classifies { try checkClasses(data: data, model: model, loss: loss) }
        switch model {
        case .formula:
            if data.features != nil {
                throw error("data", "features", "features are the inputs of a layered model; a formula model writes them itself, "
                            + "e.g. w1*x1^2 + w2*x2^2 + b")
            }
            guard inputShape.count <= 2 else {
                throw error("data", "x", "a formula model takes one number a point (x) or columns (x1, x2, …); found shape \(inputShape)")
            }
            if case .source(let source) = data.target {
                let rows = inputShape.first ?? 0
                let fits = inputShape.count == 1 ? source.shape == inputShape : source.shape == [rows] || source.shape == [rows, 1]
                guard fits else {
                    throw error("data", "y", "y has shape \(source.shape) but x has shape \(inputShape)"
                                + (inputShape.count == 2 ? "; a formula of x1, x2, … gives one number a row, so y needs one a row" : ""))
                }
            }
        case .layers(let sizes, _, _):
            if let features = data.features, sizes[0] != features.count {
                throw error("model", "layers", "the \(features.count) features are the model's inputs, so layers start with \(features.count); found \(sizes[0])")
            }
            if data.features == nil, let set = data.dataset, sizes[0] != 2 {
                throw error("model", "layers", "the \(set.kind.rawValue) data set gives 2 inputs a point (x1, x2), so layers start with 2; found \(sizes[0])")
            }
            guard inputShape.count == 2, inputShape[1] == sizes[0] || data.features?.count == sizes[0] else {
                throw error("data", "x", "layers start with \(sizes[0]) inputs, so x must have shape [N, \(sizes[0])]; found \(inputShape)")
            }
            if case .labels = data.target {
                guard loss == .crossEntropy || sizes.last == 1 else {
                    throw error("model", "layers", "the labels are one number a point, so the last layer has 1 output\(loss.classifies ? "" : " for \(loss.rawValue)"); "
                                + "found \(sizes.last!) (for one output a class, use loss = \"cross_entropy\")")
                }
                return
            }
            guard case .source(let source) = data.target else {
                throw error("data", "y", "a layered model needs y as numbers of shape [N, \(sizes.last!)], e.g. { normal = [\(inputShape[0]), \(sizes.last!)] }")
            }
            let outputs = loss == .crossEntropy ? 1 : sizes.last!
            guard source.shape == [inputShape[0], outputs] else {
                var hint = ""
                if case .csv(let table) = source, !table.isMatrix { hint = "; a layered model takes y as columns = [\"\(table.columns[0])\"]" }
                throw error("data", "y", "y must have shape [\(inputShape[0]), \(outputs)] to match x and \(loss == .crossEntropy ? "cross_entropy's one class label a row" : "the last layer"); found \(source.shape)\(hint)")
            }
        }
    }

    /// The labels of a classification loss are classes of it (0 or 1 for `bce_with_logits`, 0…C−1
    /// for `cross_entropy` with C outputs), and the model has an output for each class it scores.
    private func checkClasses(data: DataSpec, model: ModelSpec, loss: LossKind) throws(SceneError) {
        let outputs: Int
        switch model {
        case .layers(let sizes, _, _): outputs = sizes.last!
        case .formula:
            guard loss == .binaryCrossEntropy else {
                throw error("training", "loss", "cross_entropy scores every class, so it needs a layered model with one output a class; "
                            + "a formula gives one number (use bce_with_logits for two classes)")
            }
            outputs = 1
        }
        let labels: [Double]
        let key: String
        switch data.target {
        case .labels:
            let classes = data.dataset?.classes ?? 2
            key = "dataset"
            if loss == .binaryCrossEntropy, classes != 2 {
                throw error("training", "loss", "the \(data.dataset!.kind.rawValue) data set has \(classes) classes; bce_with_logits tells two apart. "
                            + "Use loss = \"cross_entropy\" with layers ending in \(classes)")
            }
            labels = (0..<classes).map(Double.init)
        case .source(.csv(let table)): labels = table.values; key = "y"
        case .source(.values(let values)): labels = values; key = "y"
        case .formula, .source:
            throw error("data", "y", "\(loss.rawValue) needs class labels (0, 1, …) as y: a column of a CSV file, a list of numbers, or a data set; "
                        + "random or formula values are not classes")
        }
        if loss == .crossEntropy, case .labels = data.target, let set = data.dataset, outputs != set.classes {
            throw error("model", "layers", "the \(set.kind.rawValue) data set has \(set.classes) classes, so the last layer needs \(set.classes) outputs "
                        + "for cross_entropy; found \(outputs)")
        }
        let largest = loss == .binaryCrossEntropy ? 1 : outputs - 1
        if let bad = labels.first(where: { $0 != $0.rounded() || $0 < 0 || $0 > Double(largest) }) {
            let what = loss == .binaryCrossEntropy ? "0 or 1" : "a class number from 0 to \(largest) (one a model output)"
            throw error("data", key, "\(bad) is not a class of \(loss.rawValue): every label must be \(what)")
        }
        if loss == .binaryCrossEntropy, outputs != 1 {
            throw error("model", "layers", "bce_with_logits scores one class against the other with one output; the last layer has \(outputs) "
                        + "(for one output a class, use loss = \"cross_entropy\")")
        }
    }

    /// A layered model's [parameters]: starting values of its tensors by PyTorch's names
    /// (`"0.weight" = [[…], …]`, outputs × inputs; `"0.bias" = […]`), the others drawn as PyTorch
    /// draws them.
    private func tensorSpecs(_ table: TOMLTable, shapes: [(name: String, shape: [Int])]) throws(SceneError) -> [ParameterSpec] {
        var specs: [ParameterSpec] = []
        for name in table.keys.sorted() {
            guard let shape = shapes.first(where: { $0.name == name })?.shape else {
                throw error("parameters", name, "no tensor '\(name.escapingControlCharacters())' in these layers; "
                            + "they are \(shapes.map { "\($0.name) \($0.shape)" }.joined(separator: ", "))")
            }
            var values: [Double] = []
            var found: [Int] = []
            func read(_ value: any TOMLValueConvertible, depth: Int) throws(SceneError) {
                if let number = number(value) {
                    guard depth == shape.count else { throw error("parameters", name, "expected shape \(shape) (nested lists); found a number at depth \(depth)") }
                    guard number.isFinite else { throw error("parameters", name, "expected finite numbers, found \(number)") }
                    values.append(number)
                    return
                }
                guard let array = value.array, depth < shape.count else {
                    throw error("parameters", name, "expected shape \(shape) as nested lists of numbers, e.g. \(shape.count == 1 ? "[0.1, -0.2]" : "[[0.1, -0.2], [0.3, 0.4]]")")
                }
                let items = Array(array)
                if found.count == depth { found.append(items.count) }
                guard items.count == shape[depth] else {
                    throw error("parameters", name, "expected shape \(shape) (outputs × inputs, as PyTorch); found \(items.count) where \(shape[depth]) belong at depth \(depth + 1)")
                }
                for item in items { try read(item, depth: depth + 1) }
            }
            try read(table[name]!, depth: 0)
            specs.append(ParameterSpec(name: name, initial: .tensor(values)))
        }
        return specs
    }
}
