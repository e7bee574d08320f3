import Foundation

extension Scene {
    /// This scene fitted to two columns of a CSV file instead of its own data (`tinylab scene
    /// sin-cubic --data my.csv --columns height,weight`): inputs from the column `x`, targets from
    /// `y`, no added noise; the model, parameters and training stay the scene's, and the title and
    /// description say where the data came from. `path` is read from the current directory when
    /// relative; errors name it as given, with the key `--data`.
    ///
    /// Scenes that fit no data (they descend their formula) and layered models whose first or last
    /// layer is not 1 wide are refused with what would work instead.
    public func withData(csv path: String, x: String = "x", y: String = "y",
                         memoryBudget: Int = MemoryBudget.default) throws(SceneError) -> Scene {
        let key = "--data"
        func refuse(_ message: String) -> SceneError { SceneError(file: path, key: key, message: message) }
        guard data != nil, loss != .minimize else {
            throw refuse("scene '\(name)' descends its formula and fits no data; give --data to a scene that fits "
                         + "points, such as sin-cubic or linear")
        }
        var matrix = false
        if case .layers(let sizes, _, _) = model {
            guard sizes.first == 1, sizes.last == 1 else {
                throw refuse("scene '\(name)' is a net from \(sizes.first ?? 0) inputs to \(sizes.last ?? 0) outputs; "
                             + "--data gives one input and one target column, so it needs a scene with one input, such as sin-cubic")
            }
            matrix = true
        }
        guard x != y else { throw refuse("--columns names '\(x)' twice; give the input column, then the target column") }
        let columns = try CSVFile.read(path: path, file: path, key: key, columns: [x, y])
        var scene = self
        var inputs = CSVColumns(file: path, names: [x], isMatrix: matrix, read: [columns[0]])
        var targets = CSVColumns(file: path, names: [y], isMatrix: matrix, read: [columns[1]])
        let absolute = path.hasPrefix("/") ? path
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path).standardizedFileURL.path
        (inputs.path, targets.path) = (absolute, absolute)
        scene.data = DataSpec(inputs: .csv(inputs), target: .source(.csv(targets)),
                              noise: 0, testFraction: data?.testFraction ?? 0)
        // The scene's own title and description speak of its own data.
        let file = (path as NSString).lastPathComponent
        let rows = columns[0].count == 1 ? "1 row" : "\(columns[0].count) rows"
        scene.title = "\(y) from \(x) in \(file), \(rows)"
        scene.description = "\(name)'s model and training, fitted to the columns \(x) (input) and \(y) (target) of "
            + "\(path) instead of the scene's own data."
        let need = MemoryBudget.estimate(scene)
        guard need <= Double(memoryBudget) else {
            throw refuse("\(columns[0].count) rows with this scene's model would need about \(MemoryBudget.describe(need)); "
                         + "scenes may use at most \(MemoryBudget.describe(Double(memoryBudget))); use fewer rows")
        }
        return scene
    }
}
