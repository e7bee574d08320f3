import FrameTesting
import Lab
import LabApp
import LabFixtures
import Plot
import Testing

/// The help overlay against the key table it is drawn from.
struct HelpKeysTests {
    /// Every key the lab acts on, found by asking the key map about every key there is (not by
    /// reading the table the help is drawn from), must be named in a help row beside its text.
    @Test("every bound key is in the help, at the smallest and a large size, in Unicode and ASCII",
          arguments: [(60, 16), (100, 30)], [RenderOptions.standard, .ascii])
    func helpOverlayListsEveryBoundKey(_ size: (Int, Int), _ options: RenderOptions) throws {
        var lab = LabModel(solo: try Fixtures.session("sin-cubic", RunOptions(startsPaused: true)))
        lab.apply(.toggleHelp)
        let frame = lab.frame(width: size.0, height: size.1, options: options)
        let probes: [KeyPress] = (0x20...0x7E).map { .character(Character(Unicode.Scalar(UInt8($0)))) }
            + [.left, .right, .up, .down, .escape, .enter]
        // The race's own keys (x) do nothing in the solo lab; `RacePictureTests` finds them in a race's help.
        let bound = probes.filter { key in KeyTable.entries(race: false).contains { $0.keys.contains(key) } }
        #expect(bound.count >= 20, "the probe found only \(bound.count) bound keys")
        let rows = frame.lines.filter { $0.contains("│ ") || $0.contains("| ") }
        for key in bound {
            let name = key.name(unicode: options.unicode)
            let entry = KeyTable.entries.first { $0.keys.contains(key) }!
            let help = options.unicode ? entry.help : entry.help.replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "÷", with: "/")
            let found = rows.contains { row in
                let cells = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                return cells.contains(name) && row.contains(help)
            }
            #expect(found, "key \(name) (\(help)) is bound but not in the \(size.0)×\(size.1) help:\n\(frame.text)")
        }
        lab.apply(.toggleHelp)
        #expect(!lab.frame(width: 60, height: 16, options: .standard).text.contains("one step (pauses first)"))
    }
}
