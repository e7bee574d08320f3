import LabFixtures
import Testing
@testable import Lab

/// A state file's `[resume]` keys a person may get wrong (hand-edited, or copied to another scene)
/// each get one located message, as every other key does.
@Suite struct ResumeKeyErrorTests {
    /// A state file of a two-parameter Adam fit; `[resume]` is on line 21.
    static func file(_ resume: String, optimizer: String = "adam", training: String = "") -> String {
        """
        title = "t"
        description = "d"
        seed = 1

        [data]
        x = { linspace = [-1, 1, 5] }
        y = "2*x"

        [model]
        formula = "a + b*x"

        [parameters]
        a = 0.5
        b = -0.25

        [training]
        loss = "mean_squares"
        optimizer = "\(optimizer)"
        max_steps = 10\(training)

        [resume]
        \(resume)
        """
    }

    static func message(_ text: String) -> String {
        do {
            _ = try Fixtures.parse(text)
            return "no error"
        } catch {
            return error.description
        }
    }

    static let rates = "\n[training.learning_rate]\nadam = 0.01"

    @Test func aGoodResumeTableReads() throws {
        let scene = try Fixtures.parse(Self.file("step = 4\nstart_loss = 2.5\n[resume.learning_rate]\nadam = 0.02\n[resume.state]\n"
                                                 + "a = { exp_avg = 0.1, exp_avg_sq = 0.01, step = 4 }") + Self.rates)
        let resume = try #require(scene.resume)
        #expect(resume.step == 4)
        #expect(resume.startLoss == 2.5)
        #expect(resume.learningRates == [.adam: 0.02])
        #expect(resume.optimizerState == ["a": .init(step: 4, buffers: ["exp_avg": [0.1], "exp_avg_sq": [0.01]])])
    }

    @Test(arguments: [
        ("step = -1", "bad.toml:22: [resume] step: expected a whole number of at least 0, found -1"),
        ("start_loss = 1", "bad.toml:21: [resume]: missing key 'step' (the optimizer steps the written run had taken, e.g. step = 153)"),
        ("step = 3\nsteps = 4", "bad.toml:23: [resume] steps: unknown key; expected one of: step, learning_rate, momentum, start_loss, epoch, batch_position, random_state, trains_past_stop_rule, state"),
        ("step = 3\nmomentum = 1", "bad.toml:23: [resume] momentum: expected momentum's β from 0 up to (not including) 1, found 1.0"),
        ("step = 3\nepoch = 2", "bad.toml:23: [resume] epoch: is where the mini-batches stand; this scene has no batch_size in [training]"),
        ("step = 3\nrandom_state = [\"1\", \"2\", \"3\", \"4\"]", "bad.toml:23: [resume] random_state: is the random terms' stream; this scene's model has no [model.random_terms]"),
        ("step = 3\n[resume.learning_rate]\nadma = 0.1", "bad.toml:24: [resume.learning_rate] adma: unknown key; expected one of: sgd, momentum, nesterov, rmsprop, adam, adamw"),
        ("step = 3\n[resume.state]\nc = { exp_avg = 0.1, exp_avg_sq = 0.1, step = 1 }", "bad.toml:24: [resume.state] c: no parameter 'c'; the parameters are a, b"),
        ("step = 3\n[resume.state]\na = { exp_avg = 0.1, step = 1 }", "bad.toml:24: [resume.state] a: missing exp_avg_sq (Adam's state needs it)"),
        ("step = 3\n[resume.state]\na = { exp_avg = 0.1, exp_avg_sq = 0.1, step = 4 }", "bad.toml:24: [resume.state] a: step must be a whole number from 1 to the run's step 3; found 4"),
        ("step = 3\n[resume.state]\na = { exp_avg = [0.1], exp_avg_sq = 0.1, step = 2 }", "bad.toml:24: [resume.state] a: exp_avg: expected a number"),
        ("step = 3\n[resume.state]\na = { exp_avg = 0.1, exp_avg_sq = -0.1, step = 2 }", "bad.toml:24: [resume.state] a: exp_avg_sq is an average of squares, never negative; found -0.1"),
        ("step = 3\n[resume.state]\na = { momentum_buffer = 0.1 }", "bad.toml:24: [resume.state] a: Adam keeps no 'momentum_buffer'; its state is exp_avg, exp_avg_sq, step"),
    ])
    func badResumeKeysAreLocated(_ resume: String, _ expected: String) {
        #expect(Self.message(Self.file(resume) + Self.rates) == expected)
    }

    @Test func sgdKeepsNoStateAndMiniBatchPlacesMustFitTheData() {
        #expect(Self.message(Self.file("step = 3\n[resume.state]\na = { momentum_buffer = 0.1 }", optimizer: "sgd")
                             + "\n[training.learning_rate]\nsgd = 0.01")
                == "bad.toml:24: [resume.state] a: SGD keeps no state; remove [resume.state] (or set the optimizer that kept it)")
        let batches = "\nbatch_size = 2"
        #expect(Self.message(Self.file("step = 3\nepoch = 1\nbatch_position = 6", training: batches) + Self.rates)
                == "bad.toml:25: [resume] batch_position: an epoch takes at most the 5 rows; found 6")
        #expect(Self.message(Self.file("step = 3\nbatch_position = 2", training: batches) + Self.rates)
                == "bad.toml:24: [resume] batch_position: rows are taken from an epoch's order once it began; give epoch ≥ 1 too")
    }

    @Test func aLayeredModelsStateHasItsTensorsShapes() {
        let text = """
            title = "net"
            description = "d"
            [data]
            x = { normal = [4, 2] }
            y = { normal = [4, 1] }
            [model]
            layers = [2, 1]
            [training]
            loss = "mean_squares"
            optimizer = "momentum"
            max_steps = 5
            [training.learning_rate]
            momentum = 0.01
            [resume]
            step = 2
            [resume.state]
            "0.weight" = { momentum_buffer = [[0.1, 0.2, 0.3]] }
            """
        #expect(Self.message(text) == "bad.toml:17: [resume.state] 0.weight: momentum_buffer: expected shape [1, 2]; found 3 where 2 belong at depth 2")
    }
}
