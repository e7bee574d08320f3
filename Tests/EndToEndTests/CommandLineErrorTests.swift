import Foundation
import Testing

/// Exit statuses and messages for mistakes a user can make: 64 bad command line, 65 bad scene
/// file, 1 diverged; help exits 0.
@Suite("command-line errors")
struct CommandLineErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var status: Int32
        /// Phrases stderr must contain.
        var phrases: [String]
        var testDescription: String { "tinylab \(arguments.joined(separator: " ")) → \(status)" }

        init(_ arguments: [String], _ status: Int32, _ phrases: String...) {
            self.arguments = arguments
            self.status = status
            self.phrases = phrases
        }
    }

    static let missingScene = "/nonexistent-\(UUID().uuidString)/scene.toml"

    static let cases: [Case] = [
        Case(["frob"], 64, "unknown command 'frob'", "commands: list, scene, race, lesson, check"),
        Case(["secne", "parabola"], 64, "unknown command 'secne'; did you mean 'scene'?"),
        Case(["lsit"], 64, "did you mean 'list'?"),
        Case(["parabola", "--steps", "3"], 64, "'parabola' is a scene, not a command", "`tinylab scene parabola --steps 3`"),
        Case(["scene", "parabola", "--frob"], 64, "Unknown option '--frob'"),
        Case(["scene", "parabola", "--optimizer", "foo"], 64, "'foo' is invalid", "adam"),
        Case(["scene", "parabola", "--optimizer"], 64, "Missing value for '--optimizer"),
        // A negative learning rate is a bad value, not a missing one: say what is allowed.
        Case(["scene", "parabola", "--lr", "-1"], 64, "--lr", "positive"),
        Case(["scene", "parabola", "--lr=-1"], 64, "--lr must be a positive number"),
        Case(["scene", "parabola", "--lr", "0"], 64, "--lr must be a positive number"),
        Case(["scene", "parabola", "--lr", "abc"], 64, "'abc' is invalid for '--lr"),
        Case(["scene", "parabola", "--lr", "inf"], 64, "--lr must be a positive number"),
        Case(["scene", "parabola", "--steps", "0"], 64, "--steps must be at least 1"),
        Case(["scene", "parabola", "--steps", "1.5"], 64, "'1.5' is invalid for '--steps"),
        Case(["scene", "parabola", "--every", "0"], 64, "--every must be at least 1"),
        Case(["scene", "parabola", "--init", "x=1,x=2"], 64, "--init gives 'x' more than once"),
        Case(["scene", "parabola", "--every=-3"], 64, "--every must be at least 1"),
        Case(["scene", "parabola", "--format", "xml"], 64, "'xml' is invalid", "jsonl"),
        Case(["scene", "parabola", "--snapshot", "10by5"], 64, "'10by5' is invalid for '--snapshot"),
        Case(["scene", "parabola", "--snapshot", "0x10"], 64, "'0x10' is invalid for '--snapshot"),
        // Below the lab's minimum a snapshot could only show the too-small note: name the minimum.
        Case(["scene", "parabola", "--snapshot", "40x10"], 64, "--snapshot 40x10 is smaller than the lab's minimum of 60x16", "--snapshot 60x16"),
        Case(["scene", "parabola", "--snapshot", "59x16"], 64, "minimum of 60x16"),
        Case(["scene", "parabola", "--snapshot", "60x15"], 64, "minimum of 60x16"),
        Case(["scene", "parabola", "--snapshot", "1x1"], 64, "minimum of 60x16"),
        Case(["scene", "parabola", "--init", "a"], 64, "'a' is invalid for '--init"),
        Case(["scene", "parabola", "--init", "a=x"], 64, "'a=x' is invalid for '--init"),
        Case(["scene", "parabola", "--init", "x=1,"], 64, "'x=1,' is invalid for '--init"),
        Case(["scene", "parabola", "--init", "x=nan"], 64, "'x=nan' is invalid for '--init"),
        Case(["scene", "parabola", "--init", "zzz=1"], 64, "unknown parameter 'zzz'", "parameters: x"),
        Case(["scene", "sin-cubic", "--init", "a=1,e=2"], 64, "unknown parameter 'e'", "a, b, c, d"),
        Case(["scene", "two-layer-net", "--init", "w=1"], 64, "unknown parameter 'w'", "no named scalar parameters"),
        Case(["scene", "parabola", "--seed", "abc"], 64, "'abc' is invalid for '--seed"),
        Case(["scene", "sin-cubic", "--view", "neurons", "--steps", "3"], 64,
             "--view neurons: scene 'sin-cubic': the neurons view draws the first layer of a layered model", "this model is a formula"),
        Case(["race", "two-layer-net", "--view", "neurons", "--steps", "3"], 64,
             "--view neurons: scene 'two-layer-net'", "this scene's data is not 2-D (1000 inputs a point)"),
        Case(["scene", "xor", "--view", "nuerons"], 64, "'nuerons' is invalid for '--view", "neurons"),
        Case(["scene", "nosuch"], 64, "unknown scene 'nosuch'", "parabola", "sin-cubic"),
        Case(["scene", missingScene], 64, missingScene, "no such scene file"),
        Case(["scene"], 64, "Missing expected argument"),
        // A near miss (a typo, capitals, _ for -) names the scene that was meant.
        Case(["scene", "parabolla"], 64, "unknown scene 'parabolla'; did you mean 'parabola'?", "sin-cubic"),
        Case(["scene", "Parabola"], 64, "unknown scene 'Parabola'; did you mean 'parabola'?"),
        Case(["scene", "sin_cubic", "--headless"], 64, "did you mean 'sin-cubic'?"),
        Case(["check", "parabolla"], 64, "unknown scene 'parabolla'; did you mean 'parabola'?"),
        Case(["check", "Parabola", "sin_cubic"], 64, "did you mean 'parabola'?", "did you mean 'sin-cubic'?"),
        Case(["check", missingScene], 64, "\(missingScene): no such file"),
        Case(["list", "extra"], 64, "Unexpected argument 'extra'"),
    ]

    @Test("bad command lines exit 64 (65 for scene files) with a message that names the problem", arguments: cases)
    func badCommandLine(_ c: Case) {
        let result = Tinylab.run(c.arguments)
        #expect(result.status == c.status, "\(result)")
        for phrase in c.phrases {
            #expect(result.stderr.contains(phrase), "stderr lacks “\(phrase)”: \(result)")
        }
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Crash"), "\(result)")
    }

    @Test("the case table has at least 20 cases")
    func enoughCases() {
        #expect(Self.cases.count >= 20)
    }

    @Test("a diverging run exits 1, says at which step and suggests a smaller --lr")
    func divergingRun() throws {
        let result = Tinylab.run(["scene", "parabola", "--lr", "10", "--headless"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("diverged"), "\(result)")
        let step = try #require(result.stderr.firstMatch(of: #/at step (\d+)/#).flatMap { Int($0.1) }, "no step in: \(result.stderr)")
        #expect(result.stderr.contains("smaller learning rate"), "\(result)")
        let suggested = try #require(result.stderr.firstMatch(of: #/--lr (\S+)/#).flatMap { Double($0.1) }, "no --lr suggestion: \(result.stderr)")
        #expect(suggested < 10)
        // The text log ends at the last finite step before the step that diverged.
        let lastLogged = result.stdoutLines.dropLast().last.flatMap { $0.split(separator: " ").first }.flatMap { Int($0) }
        #expect(lastLogged != nil && lastLogged! < step, "\(result)")
        #expect(result.stdoutLines.last?.contains("step \(step)") == true, "\(result)")
    }

    @Test("the suggested learning rate helps: parabola with it does not diverge")
    func suggestionWorks() throws {
        let diverged = Tinylab.run(["scene", "parabola", "--lr", "1", "--headless"])
        #expect(diverged.status == 1, "\(diverged)")
        let suggested = try #require(diverged.stderr.firstMatch(of: #/--lr (\S+)/#).map { String($0.1) })
        let result = Tinylab.run(["scene", "parabola", "--lr", suggested, "--headless"])
        #expect(result.status == 0, "--lr \(suggested) (suggested after lr 1 diverged): \(result)")
    }

    // MARK: - Malformed scene files

    struct BadFile: CustomTestStringConvertible, Sendable {
        var name: String
        var contents: Data
        /// `file:line` or `file:line:column` the message must start with.
        var location: String
        var phrases: [String]
        var testDescription: String { name }

        init(_ name: String, _ contents: Data, location: String, _ phrases: String...) {
            self.name = name
            self.contents = contents
            self.location = location
            self.phrases = phrases
        }

        init(_ name: String, line: Int, replacement: String, location: String, _ phrases: String...) {
            self.name = name
            contents = Data(SceneText.valid.replacingLine(line, with: replacement).utf8)
            self.location = location
            self.phrases = phrases
        }
    }

    static let badFiles: [BadFile] = [
        BadFile("syntax-error.toml", line: 7, replacement: "y = \"2*x + 1", location: "syntax-error.toml:7", "TOML"),
        BadFile("unknown-key.toml", line: 11, replacement: "colour = \"red\"", location: "unknown-key.toml:11", "colour", "unknown key"),
        BadFile("wrong-type.toml", line: 19, replacement: "max_steps = \"many\"", location: "wrong-type.toml:19", "max_steps", "whole number"),
        BadFile("unknown-optimizer.toml", line: 18, replacement: "optimizer = \"lbfgs\"", location: "unknown-optimizer.toml:18",
                "lbfgs", "adam"),
        // `formula = "a + b*x + q*x^2"`: q is the 22nd character of the line.
        BadFile("undeclared.toml", line: 10, replacement: "formula = \"a + b*x + q*x^2\"", location: "undeclared.toml:10:22",
                "unknown parameter 'q'", "a, b"),
        BadFile("formula-syntax.toml", line: 10, replacement: "formula = \"a + b*\"", location: "formula-syntax.toml:10", "formula"),
        BadFile("negative-lr.toml", line: 22, replacement: "sgd = -0.1", location: "negative-lr.toml:22", "greater than 0"),
        BadFile("unknown-loss.toml", line: 17, replacement: "loss = \"hinge\"", location: "unknown-loss.toml:17",
                "hinge", "mean_squares"),
        BadFile("target-name.toml", line: 7, replacement: "y = \"2*x + z\"", location: "target-name.toml:7:12", "'z'"),
        BadFile("binary-garbage.toml", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0xFE, 0x00, 0x01, 0x9C, 0xC3, 0x28]),
                location: "binary-garbage.toml:1"),
        BadFile("truncated.toml", Data(SceneText.valid.utf8.prefix(203)), location: "truncated.toml:17", "TOML"),
        BadFile("empty.toml", Data(), location: "empty.toml:1", "title"),
    ]

    @Test("malformed scene files: check and scene exit 65 with file:line and what is wrong", arguments: badFiles)
    func malformedSceneFile(_ file: BadFile) throws {
        let folder = try TemporaryFolder()
        try folder.write(file.name, file.contents)
        for arguments in [["check", file.name], ["scene", "./\(file.name)", "--headless"]] {
            let result = Tinylab.run(arguments, in: folder.url)
            let command = "tinylab \(arguments.joined(separator: " "))"
            #expect(result.status == 65, "\(command): \(result)")
            let message = result.stderr.split(separator: "\n").first { $0.contains(file.name) }.map(String.init) ?? ""
            let location = arguments[0] == "check" ? file.location : "./" + file.location
            #expect(message.hasPrefix(location + ":"), "\(command): the message should start with \(location): — \(result.stderr)")
            for phrase in file.phrases {
                #expect(message.contains(phrase), "\(command): “\(phrase)” missing from: \(result.stderr)")
            }
            #expect(result.stdout.isEmpty, "\(command): \(result)")
        }
    }

    @Test("the truncated file really ends inside line 17")
    func truncationPoint() {
        let prefix = String(decoding: SceneText.valid.utf8.prefix(203), as: UTF8.self)
        #expect(prefix.split(separator: "\n", omittingEmptySubsequences: false).count == 17)
        #expect(!prefix.hasSuffix("\n"))
    }

    // MARK: - Help

    struct Help: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var mentions: [String]
        var testDescription: String { "tinylab \(arguments.joined(separator: " "))" }
    }

    @Test("--help of each command exits 0 and lists its options", arguments: [
        Help(arguments: ["--help"], mentions: ["list", "scene", "check", "tinylab scene parabola", "--version"]),
        Help(arguments: ["list", "--help"], mentions: ["USAGE: tinylab list", "--help"]),
        Help(arguments: ["scene", "--help"], mentions: ["--optimizer", "--lr", "--steps", "--seed", "--init", "--headless",
                                                         "--every", "--format", "--snapshot", "sgd", "adamw", "jsonl", "csv",
                                                         "Exit status"]),
        Help(arguments: ["help", "scene"], mentions: ["--optimizer", "--lr", "--snapshot"]),
        Help(arguments: ["check", "--help"], mentions: ["USAGE: tinylab check", "<scene>", "every\nbuilt-in scene and lesson", "65"]),
        Help(arguments: ["lesson", "--help"], mentions: ["USAGE: tinylab lesson", "--headless", "n goes to the next cue", "Exit status"]),
    ])
    func help(_ help: Help) {
        let result = Tinylab.run(help.arguments)
        #expect(result.status == 0, "\(result)")
        for mention in help.mentions {
            #expect(result.stdout.contains(mention), "help lacks “\(mention)”: \(result)")
        }
    }

    @Test("--version prints the version and exits 0")
    func version() {
        let result = Tinylab.succeed(["--version"])
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.3.0", "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
    }

    /// In a terminal that cannot show the lab, one clear message: what is wrong, how to fix the
    /// terminal, and --headless said once.
    @Test("without a usable terminal the lab says what is wrong and mentions --headless once", arguments: [
        ("TERM=dumb ", "", "cannot drive terminal type 'dumb'; set TERM to a known type"),
        ("TERM= ", "", "TERM is not set"),
        ("TERM=no-such-terminal ", "", "no terminfo entry for terminal type 'no-such-terminal' (looked in "),
        // A hostile TERM: its escape sequence is printed as text, never sent to the terminal.
        ("TERM=\"$(printf 'a\\033[2Jb')\" ", "", "no terminfo entry for terminal type 'a\\u{1B}[2Jb' (looked in "),
        ("", " </dev/null", "the interactive lab needs a terminal on standard input and output"),
    ])
    func noUsableTerminal(_ environment: String, _ redirection: String, _ problem: String) throws {
        try InteractiveLabTests.ensureBinary()
        let terminal = try TmuxTerminal(width: 320, height: 10)
        defer { terminal.close() }
        let lines = try #require(terminal.shell(InteractiveLabTests.command("scene parabola", environment: environment)
                                                    + redirection + "; echo \"exit=$?\""))
        let message = lines.filter { $0.hasPrefix("tinylab:") }
        #expect(message.count == 1, "\(lines)")
        let text = message.first ?? ""
        #expect(text.contains(problem), "\(text)")
        #expect(text.components(separatedBy: "--headless").count == 2, "--headless should appear once: \(text)")
        #expect(text.hasSuffix("To train without the lab, use --headless."), "\(text)")
        #expect(lines.contains("exit=1"), "\(lines)")
    }
}
