import LabFixtures
import Testing
import TOMLKit
@testable import Lab

/// The scene-file subset of TOML (`TOMLPreflight.validate`): what it accepts reaches toml++, what
/// it refuses is located and says what to write instead.
@Suite struct TOMLSubsetTests {
    @Test(arguments: [
        "[training]", "[ training ]", #"["a b"]"#, "['a']", "x = [\n[1, 2],\n[+3]]",
        "d = \"\"\"\n[}\n\"\"\"", "x = [ # comment\n{a = 1}]", "a.b . c = 1_000", "x = -inf\r\ny = +nan",
        #"s = 'C:\x'"#, #"s = "\u00e9\U0001F600\t""#, "m = '''\na'b''c\n'''", "m = \"\"\"a \\\n   b\"\"\"",
        "f = [1.5e-3, -0.0, 6E+2, 1e0]", "t = { a = 1, b = { c = [true, false] } }", "\u{FEFF}a = 1",
    ])
    func accepted(_ text: String) throws {
        _ = try TOMLPreflight.validate(text)
        _ = try TOMLTable(string: text)
    }

    @Test(arguments: Fixtures.shippedNames)
    func shippedScenesAreInTheSubset(_ name: String) throws {
        _ = try TOMLPreflight.validate(try Fixtures.text(name))
    }

    /// Each line outside the subset: rejected at the right place, with what to write instead.
    @Test(arguments: [
        ("\u{FEFF}[}", 1, 2, "a table header must start with a name, e.g. [training]"),
        ("[[a]]", 1, 2, "arrays of tables ([[…]]) are not used in scene files; write [name]"),
        ("[é]", 1, 2, "'é' cannot start a name; names use A-Z, a-z, 0-9, _ and - (or \"quotes\")"),
        ("a = 1979-05-27", 1, 5, "scene files have no dates or times; write a number, or text in \"quotes\""),
        ("a=1979-05-27T:", 1, 3, "scene files have no dates or times; write a number, or text in \"quotes\""),
        ("a = 07:32:00", 1, 5, "scene files have no dates or times; write a number, or text in \"quotes\""),
        ("a=[}", 1, 4, "expected a value or ']' in the array, found '}'"),
        ("a=[1,2,}", 1, 8, "expected a value or ']' in the array, found '}'"),
        ("a={b=[}}", 1, 7, "expected a value or ']' in the array, found '}'"),
        ("a = 0x1F", 1, 5, "write numbers in decimal, found '0x1F'"),
        ("a = 012", 1, 5, "'012': a number cannot start with 0 (leading zeros are not allowed)"),
        ("a = 1.", 1, 5, "'1.' is not a value; write a number (e.g. 2, -0.5, 1e-3), true/false, or text in \"quotes\""),
        ("a = 1e400", 1, 5, "'1e400' is too large for a number"),
        ("a = 9223372036854775808", 1, 5,
         "'9223372036854775808' is outside the range of whole numbers (±9223372036854775807); write it with a decimal point"),
        ("a = { b = 1, }", 1, 14, "no ',' before '}' in an inline table"),
        ("a = { b = 1,\n c = 2 }", 1, 13, "expected a key in { … }, found the end of the line; an inline table must be on one line"),
        (#"a = "x\q""#, 1, 8, #"unknown escape '\q'; use \n, \t, \", \\, \uXXXX or \UXXXXXXXX"#),
        (#"a = "\uD800""#, 1, 6, #"\ud800 is not a Unicode scalar value"#),
        (#""" = 1"#, 1, 1, "a key must not be empty"),
        ("a = 1 b = 2", 1, 7, "expected the end of the line after the value, found 'b' (one key = value per line)"),
        ("a = \"x\u{1B}\"", 1, 7, #"control character U+001B in a string; write it as an escape such as \u001B"#),
        ("# bell \u{07}", 1, 8, "control character U+0007 in a comment; remove it"),
        ("a = 1\rb = 2", 1, 6, "a carriage return must be followed by a newline"),
        ("a = [1, 2", 1, 10, "expected ',' or ']' in the array, found the end of the file"),
        ("a = \"\"\"x\"\"\"\"", 1, 12, #"write a quote at the end of a multi-line string with an escape (\") or before a newline"#),
        ("x = 1\ny = ", 2, 5, "expected a value after '=', found the end of the file"),
        ("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q = 1", 1, 34, "a key has more than 16 dotted parts"),
    ])
    func refused(_ text: String, line: Int, column: Int, message: String) {
        #expect(throws: TOMLSyntaxError(line: line, column: column, message: message)) { try TOMLPreflight.validate(text) }
    }

    /// Where keys are written, for errors found after parsing: headers, dotted keys, inline tables.
    @Test func keyPositions() throws {
        let positions = try TOMLPreflight.validate("[data]\nx = { uniform = [3], low = 1 }\n\n[\"model\".sub]\nk.j = 2")
        #expect(positions[["data"]] == SourcePosition(line: 1, column: 2))
        #expect(positions[["data", "x"]] == SourcePosition(line: 2, column: 1))
        #expect(positions[["data", "x", "low"]] == SourcePosition(line: 2, column: 22))
        #expect(positions[["model", "sub"]] == SourcePosition(line: 4, column: 2))
        #expect(positions[["model", "sub", "k", "j"]] == SourcePosition(line: 5, column: 1))
    }
}
