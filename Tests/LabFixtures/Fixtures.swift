import Foundation
import Grad
import Lab

/// The shipped scene files (read from the source tree, as a user would copy them) and small helpers
/// shared by the suites of Lab and LabApp.
public enum Fixtures {
    /// `Sources/Lab/Scenes`, found from this file's place in the tree.
    public static let scenesFolder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // LabFixtures
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Sources/Lab/Scenes")

    /// The scenes DESIGN.md §4 promises.
    public static let designScenes = ["dynamic-net", "legendre", "linear", "noisy-quadratic", "parabola", "sin-cubic", "two-layer-net"]

    /// Every `.toml` file in the shipped folder, by stem, sorted.
    public static var shippedNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: scenesFolder.path)) ?? []
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public static func url(_ name: String) -> URL {
        scenesFolder.appendingPathComponent("\(name).toml")
    }

    public static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    public static func scene(_ name: String) throws -> Scene {
        try SceneLoader.load(contentsOf: url(name), displayName: "\(name).toml")
    }

    public static func session(_ name: String, _ options: RunOptions = RunOptions()) throws -> Session {
        try Session(scene: try scene(name), options: options)
    }

    /// Parses inline scene text the way `tinylab check bad.toml` would name it.
    public static func parse(_ text: String, file: String = "bad.toml") throws(SceneError) -> Scene {
        try SceneLoader.parse(text, name: "bad", file: file)
    }

    /// Scalar parameter values by name.
    public static func values(_ session: Session) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: session.parameters.map { ($0.name, $0.tensor.item) })
    }

    /// All parameter values, flattened in order.
    public static func flatParameters(_ session: Session) -> [Double] {
        session.parameters.flatMap(\.tensor.data)
    }

    /// The loss of every step of `session` until it ends (or `limit` steps), via the observe hook.
    public static func losses(_ session: Session, limit: Int = .max) -> [Double] {
        var losses: [Double] = []
        while !session.isFinished, losses.count < limit, session.trainStep(observe: { _, loss, _ in losses.append(loss) }) {}
        return losses
    }

    public static func isClose(_ a: Double, _ b: Double, relative: Double) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b))
    }
}

/// Runs that several suites look at, computed once.
public enum SharedRuns {
    /// The default sin-cubic run (SGD 1e-6, 2000 steps): the loss of every step and the loss after
    /// the last update.
    public static let sinCubicDefault: (losses: [Double], final: Double, steps: Int, state: RunState)? = {
        guard let session = try? Fixtures.session("sin-cubic") else { return nil }
        var losses: [Double] = []
        session.runToEnd { _, loss, _ in losses.append(loss) }
        return (losses, session.currentLoss(), session.step, session.state)
    }()
}
