import Foundation
import TestSupport
import Testing

/// `--present` in a real terminal: no key line, a caption bar, half-block curves, and the keys
/// still working.
@Suite("projector mode", .serialized)
struct PresentModeTests {
    typealias Lab = InteractiveLabTests

    @Test("scene --present: the caption bar with the scene's first sentence, no key line, curves of half blocks; space runs, q restores the terminal")
    func scene() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal(width: 100, height: 30)
        defer { terminal.close() }
        terminal.type(Lab.command("scene parabola --present --paused"))
        let screen = try #require(terminal.waitForScreen("the projector lab") { $0.contains("parabola Gradient descent on a function") })
        #expect(!screen.contains("? help") && !screen.contains("q quit"), "no key line:\n\(screen)")
        #expect(screen.contains("█") || screen.contains("▀") || screen.contains("▄"), "\(screen)")
        #expect(!screen.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "no braille dots:\n\(screen)")
        terminal.send(" ")
        try #require(terminal.waitForStatus("running") { $0.step > 0 } != nil)
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }

    @Test("lesson --present: the cue's caption, no key line, n still moves on")
    func lesson() throws {
        try Lab.ensureBinary()
        let terminal = try TmuxTerminal(width: 100, height: 30)
        defer { terminal.close() }
        terminal.type(Lab.command("lesson momentum --present"))
        let screen = try #require(terminal.waitForScreen("cue 1") { $0.contains("cue 1/4 y = a·x² + b·x + c") })
        #expect(!screen.contains("n next"), "\(screen)")
        terminal.send("n")
        try #require(terminal.waitForScreen("cue 2") { $0.contains("cue 2/4 Three hundred steps") } != nil)
        terminal.send("q")
        #expect(Lab.waitForShell(terminal) == 0)
        terminal.expectSaneTerminal()
    }
}
