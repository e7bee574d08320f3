import Foundation
import ReferenceMath
import Testing

/// `--snapshot COLSxROWS`: the lab's frame after the run, as plain text, without a terminal.
@Suite("snapshots")
struct SnapshotTests {
    struct Shot: CustomTestStringConvertible, Sendable {
        var scene: String
        var extra: [String] = []
        /// What the status row must say after the run.
        var status: [String]
        var testDescription: String { ([scene] + extra).joined(separator: " ") }
    }

    /// The loss the status line must show after sin-cubic's 2000 SGD steps from a=0.5, b=−0.3,
    /// c=0.2, d=0.1: the loss at the parameters after the last update, computed here by plain
    /// gradient descent (ReferenceMath), to the status line's 4 significant digits.
    static let sinCubicLoss: String = {
        let loss = SinData.descend(from: [0.5, -0.3, 0.2, 0.1], learningRate: 1e-6, steps: 2000).loss
        return String(format: "%.4g", loss)
    }()

    @Test("--snapshot 100x30 prints 30 lines of at most 100 characters: title, status and braille plots", arguments: [
        Shot(scene: "sin-cubic", extra: ["--init", "a=0.5,b=-0.3,c=0.2,d=0.1"],
             status: ["done", "step 2000", "loss \(SnapshotTests.sinCubicLoss)", "lr 1e-6", "SGD"]),
        Shot(scene: "parabola", extra: ["--init", "x=1.5"], status: ["done", "loss -1.533", "lr 0.01", "SGD", "x=-0.333"]),
        // w·x on y = 2x, x = 1…4, from w = 0: each SGD step multiplies w − 2 by 1 − 0.01·15.
        Shot(scene: "linear", status: ["done", "step 20", "loss \(String(format: "%.4g", 7.5 * pow(2 * pow(0.85, 20), 2)))", "lr 0.01",
                                       "w=\(String(format: "%.3g", 2 - 2 * pow(0.85, 20)))"]),
        Shot(scene: "noisy-quadratic", extra: ["--optimizer", "adam", "--steps", "50"], status: ["step 50", "lr 0.05", "Adam"]),
        Shot(scene: "legendre", extra: ["--steps", "10"], status: ["step 10", "lr 5e-6"]),
        Shot(scene: "dynamic-net", extra: ["--steps", "10"], status: ["step 10", "lr 1e-8", "Momentum"]),
        Shot(scene: "two-layer-net", extra: ["--steps", "3"], status: ["step 3", "lr 0.0001", "Adam"]),
    ])
    func snapshot(_ shot: Shot) throws {
        let result = Tinylab.succeed(["scene", shot.scene, "--snapshot", "100x30"] + shot.extra, timeout: .seconds(300))
        let lines = result.stdoutLines
        #expect(lines.count == 30, "\(result)")
        for (number, line) in lines.enumerated() {
            #expect(line.count <= 100, "line \(number + 1) has \(line.count) characters: \(line)")
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "control characters in line \(number + 1)")
        }
        let title = try #require(SceneFiles.title(of: shot.scene))
        #expect(result.stdout.contains(title), "no title “\(title)”:\n\(result.stdout)")
        #expect(result.stdout.contains(shot.scene))
        let status = try #require(lines.first { LabStatus(screen: $0) != nil }, "no status row:\n\(result.stdout)")
        for phrase in shot.status {
            #expect(status.contains(phrase), "status row lacks “\(phrase)”: \(status)")
        }
        #expect(result.stdout.containsBraille, "no braille dots:\n\(result.stdout)")
        #expect(!result.stdout.contains("\u{1B}"), "escape sequences in a plain-text snapshot")
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("--snapshot alone prints only the frame; with --headless the log comes first")
    func snapshotWithLog() {
        let frameOnly = Tinylab.succeed(["scene", "linear", "--snapshot", "80x24"])
        #expect(frameOnly.stdoutLines.count == 24)
        let both = Tinylab.succeed(["scene", "linear", "--snapshot", "80x24", "--headless"])
        #expect(both.stdoutLines.first == "0 30.0", "\(both)")
        #expect(both.stdoutLines.suffix(24) == frameOnly.stdoutLines)
    }

    @Test("the lab's status, its loss panel and the headless final line give the same loss for the same run",
          arguments: [["linear"], ["parabola", "--init", "x=1.5"], ["noisy-quadratic", "--steps", "40"], ["sin-cubic", "--steps", "300"]])
    func oneLossEverywhere(arguments: [String]) throws {
        let result = Tinylab.succeed(["scene"] + arguments + ["--headless", "--snapshot", "100x30"], timeout: .seconds(300))
        let lines = result.stdoutLines
        let final = try #require(lines.dropLast(30).last, "\(result)")
        let match = try #require(final.firstMatch(of: #/^Result after \d+ steps: loss (\S+);/#), "\(final)")
        let loss = try #require(Double(match.1))
        let status = try #require(LabStatus(screen: lines.suffix(30).joined(separator: "\n")), "\(result)")
        // The lab shows 4 significant digits.
        #expect(Double(status.loss).map { abs($0 - loss) <= abs(loss) * 1e-3 } == true, "status \(status.loss), final \(loss)")
        let header = lines.suffix(30)[lines.count - 29]
        #expect(header.contains("loss \(status.loss)"), "loss panel: \(header)")
    }

    @Test("snapshots are reproducible")
    func snapshotIsDeterministic() {
        let arguments = ["scene", "noisy-quadratic", "--steps", "100", "--snapshot", "90x25"]
        #expect(Tinylab.succeed(arguments).stdoutData == Tinylab.succeed(arguments).stdoutData)
    }

    @Test("a snapshot smaller than the lab is refused before training, naming the minimum",
          arguments: [(20, 5), (59, 30), (100, 15), (1, 1)])
    func tinySnapshot(columns: Int, rows: Int) {
        let result = Tinylab.run(["scene", "sin-cubic", "--steps", "5", "--snapshot", "\(columns)x\(rows)"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.contains("minimum of 60x16"), "\(result)")
    }

    @Test("the smallest size that fits (60x16) draws the lab")
    func minimumSize() {
        let result = Tinylab.succeed(["scene", "sin-cubic", "--steps", "5", "--snapshot", "60x16"])
        #expect(result.stdoutLines.count == 16)
        #expect(!result.stdout.contains("enlarge"), "\(result)")
        #expect(result.stdout.contains("step 5"), "\(result)")
    }
}
