import LabFixtures
import Foundation
import Grad
import Testing
@testable import Lab

/// Bad scene files give one located message each: `FILE:LINE[:COLUMN]: [section] key: message`.
/// The strings are the contract users read in `tinylab check`.
@Suite struct SceneErrorTests {
    /// A valid scene with data; the line numbers below refer to it.
    static let withData = """
        title = "t"
        description = "d"
        seed = 1

        [data]
        x = { linspace = [-1, 1, 5] }
        y = "2*x"

        [model]
        formula = "a + b*x"

        [parameters]
        a = 0.0
        b = "normal"

        [training]
        loss = "mean_squares"
        optimizer = "sgd"
        max_steps = 10

        [training.learning_rate]
        sgd = 0.01
        """

    /// A valid layered scene.
    static let layered = """
        title = "net"
        description = "d"

        [data]
        x = { normal = [8, 3] }
        y = { normal = [8, 2] }

        [model]
        layers = [3, 4, 2]
        activation = "relu"

        [training]
        loss = "sum_squares"
        optimizer = "adam"
        max_steps = 10

        [training.learning_rate]
        adam = 0.001
        """

    /// A valid scene without data: descend a function.
    static let minimize = """
        title = "p"
        description = "d"

        [model]
        formula = "3*x^2 + 2*x"

        [parameters]
        x = 1.0

        [training]
        loss = "minimize"
        optimizer = "sgd"
        max_steps = 10

        [training.learning_rate]
        sgd = 0.01
        """

    /// `withData` with a `[model.random_terms]` table on lines 24–26.
    static let withTerms = withData + """


        [model.random_terms]
        term = "b*x^k"
        orders = [2, 3]
        """

    /// `text` with its 1-based `line` replaced (the line count stays the same).
    static func replacing(line: Int, in text: String, with replacement: String) -> String {
        var lines = text.components(separatedBy: "\n")
        lines[line - 1] = replacement
        return lines.joined(separator: "\n")
    }

    static func line(_ number: Int, _ replacement: String, in text: String = withData) -> String {
        replacing(line: number, in: text, with: replacement)
    }

    static func error(_ text: String) -> SceneError? {
        do {
            _ = try Fixtures.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func theBaseScenesAreValid() throws {
        for text in [Self.withData, Self.layered, Self.minimize, Self.withTerms] {
            let scene = try Fixtures.parse(text)
            let session = try Session(scene: scene)
            #expect(session.trainStep())
        }
    }

    static let cases: [(String, String, String)] = [
        // TOML itself
        ("TOML syntax", line(19, "max_steps = = 10"),
         "bad.toml:19:13: not valid TOML: expected a value (a number, \"string\", true/false, [array] or { table }), found '='"),
        // required keys and tables
        ("missing title", line(1, ""), "bad.toml:1: missing key 'title' (a string)"),
        ("missing description", line(2, ""), "bad.toml:1: missing key 'description' (a string)"),
        ("missing [model]", line(10, "", in: line(9, "")),
         "bad.toml:1: missing table [model] (a formula, or layers)"),
        ("missing formula", line(10, ""),
         "bad.toml:9: [model]: missing key 'formula' (e.g. \"a + b*x + c*x^2\") or 'layers' (e.g. [1000, 100, 10])"),
        ("missing [training]", withData.components(separatedBy: "\n")[0..<15].joined(separator: "\n"),
         "bad.toml:1: missing table [training] (loss, optimizer, learning_rate, max_steps)"),
        ("missing max_steps", line(19, ""), "bad.toml:16: [training]: missing key 'max_steps' (a whole number ≥ 1)"),
        // the generator beside the seed
        ("unknown generator", line(3, "generator = \"numpy\""),
         "bad.toml:3: generator: unknown generator 'numpy'; expected one of: tinylab, torch"),
        ("generator not a string", line(3, "generator = 1"), "bad.toml:3: generator: expected a string in quotes, found integer"),
        ("missing loss", line(17, ""), "bad.toml:16: [training]: missing key 'loss' (a string)"),
        ("missing rate of the default optimizer", line(22, "adam = 0.01"),
         "bad.toml:21: [training.learning_rate]: missing the learning rate of the default optimizer 'sgd'"),
        ("missing [training.learning_rate]", line(22, "", in: line(21, "")),
         "bad.toml:16: [training]: missing table [training.learning_rate] (e.g. sgd = 0.01, adam = 0.001)"),
        ("missing x in [data]", line(6, ""),
         "bad.toml:5: [data]: missing key 'x' (the inputs, e.g. { linspace = [-5, 7, 200] })"),
        // unknown keys
        ("unknown top-level key", line(3, "colour = \"red\""),
         "bad.toml:3: colour: unknown key; expected one of: title, description, seed, generator, order, view, data, model, parameters, training, resume"),
        ("unknown key in [training]", line(19, "max_step = 10"),
         "bad.toml:19: [training] max_step: unknown key; expected one of: loss, optimizer, learning_rate, max_steps, stop_when_gradient_below, stop_when_loss_below, steps_per_second, diverge_when_loss_grows_by, diverge_when_parameter_beyond, schedule, batch_size, weight_decay, l1"),
        ("unknown key in [data]", line(8, "nosie = 1.0"),
         "bad.toml:8: [data] nosie: unknown key; expected one of: x, y, noise, test_fraction, dataset, features"),
        ("unknown key in [model]", line(11, "kind = \"poly\""),
         "bad.toml:11: [model] kind: unknown key; expected one of: formula, random_terms"),
        ("unknown key in [model.random_terms]", withTerms + "\nweight = 1",
         "bad.toml:27: [model.random_terms] weight: unknown key; expected one of: term, orders"),
        ("unknown key in an inline random_terms table", line(11, "random_terms = { term = \"b*x^k\", orders = [2], weight = 1 }"),
         "bad.toml:11: [model.random_terms] weight: unknown key; expected one of: term, orders"),
        ("unknown key in [training.learning_rate]", withData + "\nsdg = 0.02",
         "bad.toml:23: [training.learning_rate] sdg: unknown key; expected one of: sgd, momentum, nesterov, rmsprop, adam, adamw"),
        ("unknown key in a layered [model]", line(10, "activations = \"relu\"", in: layered),
         "bad.toml:10: [model] activations: unknown key; expected one of: layers, activation, bias"),
        // wrong types and ranges
        ("title = 3", line(1, "title = 3"), "bad.toml:1: title: expected a string in quotes, found integer"),
        ("data = 3", line(8, "", in: line(7, "", in: line(6, "", in: line(5, "data = 3")))),
         "bad.toml:5: data: expected a table ([data] or { … }), found integer"),
        ("seed = -1", line(3, "seed = -1"), "bad.toml:3: seed: expected a whole number of at least 0, found -1"),
        ("max_steps = \"ten\"", line(19, "max_steps = \"ten\""),
         "bad.toml:19: [training] max_steps: expected a whole number, found string"),
        ("max_steps = 2.5", line(19, "max_steps = 2.5"),
         "bad.toml:19: [training] max_steps: expected a whole number, found floating-point number"),
        ("max_steps = 0", line(19, "max_steps = 0"),
         "bad.toml:19: [training] max_steps: expected a whole number of at least 1, found 0"),
        ("noise = -1", line(8, "noise = -1"), "bad.toml:8: [data] noise: expected σ ≥ 0, found -1.0"),
        ("noise = nan", line(8, "noise = nan"), "bad.toml:8: [data] noise: expected a finite number, found nan"),
        ("test_fraction = 1", line(8, "test_fraction = 1"),
         "bad.toml:8: [data] test_fraction: expected the share of rows to hold out, from 0 to 0.9 (0.25 holds out a quarter), found 1.0"),
        ("test_fraction = -0.25", line(8, "test_fraction = -0.25"),
         "bad.toml:8: [data] test_fraction: expected the share of rows to hold out, from 0 to 0.9 (0.25 holds out a quarter), found -0.25"),
        ("test_fraction = \"a quarter\"", line(8, "test_fraction = \"a quarter\""),
         "bad.toml:8: [data] test_fraction: expected a finite number, found string"),
        ("learning rate 0", line(22, "sgd = 0"),
         "bad.toml:22: [training.learning_rate] sgd: expected a number greater than 0, found 0.0"),
        ("negative learning rate", line(22, "sgd = -0.1"),
         "bad.toml:22: [training.learning_rate] sgd: expected a number greater than 0, found -0.1"),
        ("learning rate as text", line(22, "sgd = \"fast\""),
         "bad.toml:22: [training.learning_rate] sgd: expected a finite number, found string"),
        ("stop_when_loss_below = -1", line(20, "stop_when_loss_below = -1"),
         "bad.toml:20: [training] stop_when_loss_below: expected a number greater than 0, found -1.0"),
        ("stop_when_gradient_below = 0", line(20, "stop_when_gradient_below = 0"),
         "bad.toml:20: [training] stop_when_gradient_below: expected a number greater than 0, found 0.0"),
        ("steps_per_second = 0", line(20, "steps_per_second = 0"),
         "bad.toml:20: [training] steps_per_second: expected a number greater than 0, found 0.0"),
        ("bias = 1", line(10, "bias = 1", in: layered), "bad.toml:10: [model] bias: expected true or false"),
        // names that must be one of a list
        ("unknown loss", line(17, "loss = \"l1\""),
         "bad.toml:17: [training] loss: unknown loss 'l1'; expected one of: minimize, sum_squares, mean_squares, bce_with_logits, cross_entropy"),
        ("unknown optimizer", line(18, "optimizer = \"adagrad\""),
         "bad.toml:18: [training] optimizer: unknown optimizer 'adagrad'; expected one of: sgd, momentum, nesterov, rmsprop, adam, adamw"),
        ("unknown activation", line(10, "activation = \"softplus\"", in: layered),
         "bad.toml:10: [model] activation: unknown activation 'softplus'; expected one of: relu, tanh, sigmoid, linear"),
        // formulas
        ("formula syntax error", line(10, "formula = \"a + * b\""),
         "bad.toml:10:16: [model] formula: expected a number, a name or '(' but found '*' at column 5 of the formula"),
        ("formula with an unknown function", line(10, "formula = \"a + b*sinh(x)\""),
         "bad.toml:10:18: [model] formula: unknown function 'sinh'; known: sin, cos, exp, log, tanh, relu, P3 at column 7 of the formula"),
        ("undeclared parameter", line(10, "formula = \"a + b*x + e*x^2\""),
         "bad.toml:10:22: [model] formula: unknown parameter 'e'; declared: a, b"),
        ("undeclared parameter without [parameters]", line(5, "formula = \"3*x^2 + 2*x\"", in: line(8, "", in: line(7, "", in: minimize))),
         "bad.toml:5:14: [model] formula: unknown parameter 'x'; declare it under [parameters], e.g. x = \"normal\""),
        ("declared but unused parameter", line(10, "formula = \"b*x\""),
         "bad.toml:13: [parameters] a: parameter 'a' is not used by the formula; remove it or use it"),
        ("x declared as a parameter in a scene with data", line(13, "x = 0.0", in: line(10, "formula = \"b*x\"")),
         "bad.toml:13: [parameters] x: x is a data input of this scene; name the parameter differently"),
        ("initial value \"uniform\"", line(14, "b = \"uniform\""),
         "bad.toml:14: [parameters] b: expected a starting value (a number) or \"normal\" (drawn from N(0, 1))"),
        ("initial value true", line(14, "b = true"),
         "bad.toml:14: [parameters] b: expected a starting value (a number) or \"normal\" (drawn from N(0, 1))"),
        ("y formula using a name other than x", line(7, "y = \"2*x + t\""),
         "bad.toml:7:12: [data] y: unknown name 't'; the target formula may only use x, numbers and pi"),
        ("y formula syntax error", line(7, "y = \"2*x +\""),
         "bad.toml:7:11: [data] y: expected a number, a name or '(' but found the end of the formula at column 6 of the formula"),
        ("random term without k", line(25, "term = \"b*x^2\"", in: withTerms),
         "bad.toml:25: [model.random_terms] term: the term must use k, the order drawn at random (e.g. \"e*x^k\")"),
        ("random term without orders", line(26, "", in: withTerms),
         "bad.toml:24: [model.random_terms] orders: expected a non-empty list of orders, e.g. [4, 5]"),
        ("random term with an undeclared parameter", line(25, "term = \"e*x^k\"", in: withTerms),
         "bad.toml:25:9: [model.random_terms] term: unknown parameter 'e'; declared: a, b"),
        // data sources
        ("linspace with 2 values", line(6, "x = { linspace = [-1, 1] }"),
         "bad.toml:6: [data] x: linspace takes [start, end, count], found 2 values"),
        ("linspace with count 1", line(6, "x = { linspace = [-1, 1, 1] }"),
         "bad.toml:6: [data] x: linspace count must be a whole number from 2 to 50000000"),
        ("linspace ending at a name", line(6, "x = { linspace = [\"-pi\", \"e\", 5] }"),
         "bad.toml:6: [data] x: 'e' is not a constant; use numbers or pi"),
        ("values = []", line(6, "x = { values = [] }"), "bad.toml:6: [data] x: values must not be empty"),
        ("x as a plain array", line(6, "x = [1, 2, 3]"),
         "bad.toml:6: [data] x: expected { linspace = [start, end, count] }, { values = [...] }, { normal = [shape] }, { uniform = [shape], low = …, high = … } or { csv = \"file.csv\", column = \"name\" }"),
        ("two sources at once", line(6, "x = { values = [1, 2], normal = [2] }"),
         "bad.toml:6: [data] x: expected { linspace = [start, end, count] }, { values = [...] }, { normal = [shape] }, { uniform = [shape], low = …, high = … } or { csv = \"file.csv\", column = \"name\" }"),
        ("normal shape with 0 dims", line(6, "x = { normal = [] }"),
         "bad.toml:6: [data] x: normal shape must have 1 or 2 dimensions and at most 50000000 values"),
        ("normal shape with 3 dims", line(6, "x = { normal = [2, 2, 2] }"),
         "bad.toml:6: [data] x: normal shape must have 1 or 2 dimensions and at most 50000000 values"),
        ("normal shape with a zero", line(6, "x = { normal = [0] }"),
         "bad.toml:6: [data] x: normal shape must list whole numbers ≥ 1, e.g. [64, 1000]"),
        ("uniform low = high", line(6, "x = { uniform = [5], low = 1, high = 1 }"),
         "bad.toml:6: [data] x: uniform needs low < high, found low = 1.0, high = 1.0"),
        ("uniform low > high", line(6, "x = { uniform = [5], low = 2, high = -2 }"),
         "bad.toml:6: [data] x: uniform needs low < high, found low = 2.0, high = -2.0"),
        ("y values of the wrong length", line(7, "y = { values = [1, 2] }"),
         "bad.toml:7: [data] y: y has shape [2] but x has shape [5]"),
        ("formula of x with inputs of two columns", line(6, "x = { normal = [5, 2] }"),
         "bad.toml:10:18: [model] formula: this data gives each point 2 inputs, x1 and x2; write the formula with them (e.g. w1*x1 + w2*x2 + b for logistic regression)"),
        // loss and data
        ("loss minimize with data", line(17, "loss = \"minimize\""),
         "bad.toml:17: [training] loss: \"minimize\" descends the formula itself and takes no [data]; use sum_squares or mean_squares"),
        ("sum_squares without data", line(11, "loss = \"sum_squares\"", in: minimize),
         "bad.toml:11: [training] loss: 'sum_squares' compares predictions with data; add a [data] table or use loss = \"minimize\""),
        // layered models
        ("layers with x of the wrong shape", line(5, "x = { normal = [8, 4] }", in: layered),
         "bad.toml:5: [data] x: layers start with 3 inputs, so x must have shape [N, 3]; found [8, 4]"),
        ("layers with 1-D x", line(5, "x = { linspace = [0, 1, 8] }", in: layered),
         "bad.toml:5: [data] x: layers start with 3 inputs, so x must have shape [N, 3]; found [8]"),
        ("layers with y as a formula", line(6, "y = \"2*x\"", in: layered),
         "bad.toml:6: [data] y: a layered model needs y as numbers of shape [N, 2], e.g. { normal = [8, 2] }"),
        ("layers with y of the wrong shape", line(6, "y = { normal = [8, 3] }", in: layered),
         "bad.toml:6: [data] y: y must have shape [8, 2] to match x and the last layer; found [8, 3]"),
        ("a single layer size", line(9, "layers = [3]", in: layered),
         "bad.toml:9: [model] layers: give at least an input and an output size, e.g. [1000, 100, 10]"),
        ("101 layers", line(9, "layers = [3, \(Array(repeating: "1", count: 100).joined(separator: ", ")), 2]", in: layered),
         "bad.toml:9: [model] layers: 101 layers; the lab trains at most 100 (101 sizes)"),
        ("a layer size of 0", line(9, "layers = [3, 0, 2]", in: layered),
         "bad.toml:9: [model] layers: layer sizes must be whole numbers from 1 to 100000"),
        ("[parameters] on a layered model", line(7, "[parameters]\nw = 1.0", in: layered),
         "bad.toml:8: [parameters] w: no tensor 'w' in these layers; they are 0.weight [4, 3], 0.bias [4], 2.weight [2, 4], 2.bias [2]"),
        // bytes
        ("empty file", "", "bad.toml:1: the file is empty; a scene needs title, description, [model] and [training] (copy one from Scenes/)"),
        ("blank file", " \n\t\n", "bad.toml:1: the file is empty; a scene needs title, description, [model] and [training] (copy one from Scenes/)"),
        ("only a comment", "# my scene\n", "bad.toml:1: missing key 'title' (a string)"),
        ("NUL bytes", withData.replacingOccurrences(of: "seed = 1", with: "seed = 1\0"),
         "bad.toml:3:9: the file contains NUL bytes; a scene file is TOML text"),
    ]

    @Test func thereAreAtLeastTwentyFiveCases() {
        #expect(Self.cases.count >= 25)
        #expect(Set(Self.cases.map(\.0)).count == Self.cases.count, "case names are unique")
    }

    @Test(arguments: cases)
    func badFileGivesItsMessage(_ name: String, _ text: String, _ expected: String) {
        guard let error = Self.error(text) else {
            Issue.record("\(name): the scene was accepted")
            return
        }
        #expect(error.description == expected, "\(name)")
        #expect(error.file == "bad.toml")
    }

    // MARK: every independent problem in one round

    /// Every problem of `text`, in the order `tinylab check` prints them.
    static func problems(_ text: String) -> [String] {
        error(text)?.all.map(\.description) ?? []
    }

    @Test func twoIndependentMistakesAreBothReportedInSourceOrder() {
        let text = Self.line(22, "sgd = -0.01", in: Self.line(3, "sed = 1"))
        #expect(Self.problems(text) == [
            "bad.toml:3: sed: unknown key; expected one of: title, description, seed, generator, order, view, data, model, parameters, training, resume",
            "bad.toml:22: [training.learning_rate] sgd: expected a number greater than 0, found -0.01",
        ])
        // The first one alone is what `tinylab scene FILE` prints, as before.
        #expect(Self.error(text)?.description == Self.problems(text).first)
    }

    @Test func threeIndependentMistakesInDataModelAndTrainingAreAllReported() {
        let text = Self.line(18, "optimizer = \"lbfgs\"", in: Self.line(10, "formula = \"a + b*x + c\"", in: Self.line(7, "y = \"2*x + s\"")))
        #expect(Self.problems(text) == [
            "bad.toml:7:12: [data] y: unknown name 's'; the target formula may only use x, numbers and pi",
            "bad.toml:10:22: [model] formula: unknown parameter 'c'; declared: a, b",
            "bad.toml:18: [training] optimizer: unknown optimizer 'lbfgs'; expected one of: sgd, momentum, nesterov, rmsprop, adam, adamw",
        ])
    }

    @Test func eachUndeclaredAndEachUnusedParameterIsItsOwnProblem() {
        let text = Self.line(14, "z = 1", in: Self.line(10, "formula = \"a + b*x + c*x^2 + d\""))
        #expect(Self.problems(text) == [
            "bad.toml:10:16: [model] formula: unknown parameter 'b'; declared: a, z",
            "bad.toml:10:22: [model] formula: unknown parameter 'c'; declared: a, z",
            "bad.toml:10:30: [model] formula: unknown parameter 'd'; declared: a, z",
            "bad.toml:14: [parameters] z: parameter 'z' is not used by the formula; remove it or use it",
        ])
    }

    /// Problems that follow from another are not reported on top of it.
    @Test(arguments: [
        ("a formula that does not parse says nothing about the parameters", 10, "formula = \"a + * x\"",
         "bad.toml:10:16: [model] formula: expected a number, a name or '(' but found '*' at column 5 of the formula"),
        ("a mistyped key is not also a missing key", 19, "max_step = 10",
         "bad.toml:19: [training] max_step: unknown key; expected one of: loss, optimizer, learning_rate, max_steps, stop_when_gradient_below, "
            + "stop_when_loss_below, steps_per_second, diverge_when_loss_grows_by, diverge_when_parameter_beyond, schedule, batch_size, weight_decay, l1"),
        ("a bad default rate is not also a missing default rate", 22, "sgd = \"fast\"",
         "bad.toml:22: [training.learning_rate] sgd: expected a finite number, found string"),
        ("a mistyped table name is not also a missing table", 9, "[modle]",
         "bad.toml:9: modle: unknown key; expected one of: title, description, seed, generator, order, view, data, model, parameters, training, resume"),
    ])
    func dependentProblemsDoNotCascade(_ name: String, _ number: Int, _ replacement: String, _ expected: String) {
        #expect(Self.problems(Self.line(number, replacement)) == [expected], "\(name)")
    }

    // MARK: columns that point at the right character

    /// The column of an unknown name must point at the name in the formula, not at the first
    /// matching letter elsewhere on the line (here the "m" of "formula").
    @Test func anUndeclaredParameterIsLocatedInTheFormulaNotInTheKey() {
        let error = Self.error(Self.line(10, "formula = \"b*x + m\""))
        #expect(error?.description == "bad.toml:10:18: [model] formula: unknown parameter 'm'; declared: a, b")
    }

    @Test func aStrayNameInTheTargetIsLocatedWhereItIsUsed() {
        let error = Self.error(Self.line(7, "y = \"sin(x) + s\""))
        #expect(error?.description == "bad.toml:7:15: [data] y: unknown name 's'; the target formula may only use x, numbers and pi")
    }

    /// What a user sees after deleting `a = "normal"` from the shipped noisy-quadratic scene: the
    /// column must be that of `a` in the formula (the loader finds the first "a" on the line, which
    /// is the last letter of the key `formula`).
    @Test func forgettingToDeclareAShippedParameterPointsAtItInTheFormula() throws {
        let original = try Fixtures.text("noisy-quadratic")
        var lines = original.components(separatedBy: "\n")
        let declaration = try #require(lines.firstIndex { $0.hasPrefix("a = ") })
        lines.remove(at: declaration)
        let formulaIndex = try #require(lines.firstIndex { $0.hasPrefix("formula = ") })
        let formulaLine = lines[formulaIndex]
        let quote = try #require(formulaLine.firstIndex(of: "\""))
        let formula = formulaLine[formulaLine.index(after: quote)...]
        let offset = try #require(formula.firstIndex(of: "a"))
        let column = formulaLine.distance(from: formulaLine.startIndex, to: offset) + 1
        do {
            _ = try SceneLoader.parse(lines.joined(separator: "\n"), name: "noisy-quadratic", file: "noisy-quadratic.toml")
            Issue.record("accepted a formula with an undeclared parameter")
        } catch {
            #expect(error.line == formulaIndex + 1)
            #expect(error.column == column, "the column of 'a' in \(formulaLine)")
            #expect(error.message == "unknown parameter 'a'; declared: b, c")
        }
    }

    // MARK: line endings

    /// Files saved with Windows line endings (CRLF) are valid TOML and must get the same messages.
    @Test(arguments: ["missing max_steps", "unknown key in [training]", "formula syntax error", "undeclared parameter",
                      "initial value \"uniform\"", "declared but unused parameter"])
    func crlfFilesGetTheSameMessages(_ name: String) throws {
        let (_, text, expected) = try #require(Self.cases.first { $0.0 == name })
        let error = Self.error(text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(error?.description == expected)
    }

    @Test func aCRLFFileLoadsLikeItsLFVersion() throws {
        let lf = try Fixtures.parse(Self.withData)
        let crlf = try Fixtures.parse(Self.withData.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.parameters == lf.parameters)
        #expect(crlf.model == lf.model)
        #expect(crlf.data == lf.data)
        #expect(crlf.stop == lf.stop)
    }

    // MARK: models that cannot train

    /// A model with nothing to train would trap in `backward()` on its first step; the loader should
    /// say so instead.
    @Test(arguments: [
        ("data and a formula without parameters", line(14, "", in: line(13, "", in: line(12, "", in: line(10, "formula = \"2*x\""))))),
        ("a constant to minimize", line(8, "", in: line(7, "", in: line(5, "formula = \"3\"", in: minimize)))),
    ])
    func aModelWithoutParametersIsRejected(_ name: String, _ text: String) {
        let error = Self.error(text)
        #expect(error != nil, "\(name): accepted, and its first training step would crash")
        #expect(error?.key == "[model] formula")
    }

    /// Layer sizes are checked one by one, but their product is not: a file like this passes the
    /// loader and then asks for 10¹⁰ weights (80 GB) when the session starts.
    @Test func aNetworkTooLargeToAllocateIsRejected() {
        let text = Self.line(9, "layers = [100000, 100000, 2]",
                             in: Self.line(6, "y = { normal = [2, 2] }", in: Self.line(5, "x = { normal = [2, 100000] }", in: Self.layered)))
        let error = Self.error(text)
        #expect(error != nil, "accepted a network of 10^10 weights")
        #expect(error?.key == "[model] layers")
    }

    // MARK: files

    static func temporaryFile(_ bytes: [UInt8], name: String = "scene.toml") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labtests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test func invalidUTF8IsReportedAsNotText() throws {
        var bytes = Array(Self.withData.utf8)
        bytes.insert(contentsOf: [0xC3, 0x28, 0xFF], at: 14)
        let url = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        // Byte 14 is the third byte of line 2 (`title = "t"` and its newline are 12 bytes).
        #expect(throws: SceneError(file: "mine.toml", line: 2, column: 3,
                                   message: "the file is not UTF-8 text (invalid byte here); a scene file is TOML")) {
            _ = try SceneLoader.load(contentsOf: url, displayName: "mine.toml")
        }
    }

    @Test func aMissingFileSaysHowToFindTheBuiltInScenes() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/nowhere.toml")
        #expect(throws: SceneError(file: "nowhere.toml", message: "no such file; `tinylab list` shows the built-in scenes")) {
            _ = try SceneLoader.load(contentsOf: url, displayName: "nowhere.toml")
        }
        // Without a display name the path names the file.
        do {
            _ = try SceneLoader.load(contentsOf: url)
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.file == url.path)
        }
    }

    @Test func aFolderIsNotAFile() throws {
        let url = try Self.temporaryFile([])
        let folder = url.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try SceneLoader.load(contentsOf: folder, displayName: "dir")
            Issue.record("a folder loaded")
        } catch {
            #expect(error.file == "dir")
            #expect(error.message == "is a directory; give a scene file (.toml) inside it")
        }
    }

    @Test func aFileLoadsUnderItsStemAndAValidFileFromDiskWorks() throws {
        let url = try Self.temporaryFile(Array(Self.withData.utf8), name: "my-scene.toml")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let scene = try SceneLoader.load(contentsOf: url)
        #expect(scene.name == "my-scene")
        #expect(scene.seed == 1)
        #expect(scene.parameters == [ParameterSpec(name: "a", initial: .value(0)), ParameterSpec(name: "b", initial: .normal)])
        #expect(scene.data?.inputs == .linspace(start: -1, end: 1, count: 5))
        #expect(scene.learningRates[.adam] == 0.01, "unlisted optimizers fall back to the default optimizer's rate")
        #expect(scene.stepsPerSecond == 30)
    }

    @Test func constantsInDataSourcesMayUsePi() throws {
        let scene = try Fixtures.parse(Self.line(6, "x = { linspace = [\"-2*pi\", \"pi/2\", 5] }"))
        #expect(scene.data?.inputs == .linspace(start: -2 * .pi, end: .pi / 2, count: 5))
    }

    // MARK: description format

    @Test func descriptionsReadFileLineColumnKeyMessage() {
        #expect(SceneError(file: "f.toml", line: 3, column: 4, key: "[model] formula", message: "m").description
                == "f.toml:3:4: [model] formula: m")
        #expect(SceneError(file: "f.toml", line: 3, message: "m").description == "f.toml:3: m")
        #expect(SceneError(file: "f.toml", column: 4, message: "m").description == "f.toml: m")
        #expect(SceneError(file: "f.toml", key: "title", message: "m").description == "f.toml: title: m")
    }
}
