import Testing
import Plot

@Test func preview() {
    for (name, picture) in [("sin", Fixtures.sinCubic()), ("parabola", Fixtures.parabola()), ("parity", Fixtures.parity()), ("diverged", Fixtures.diverged()), ("help", Fixtures.sinCubic(state: .paused, showHelp: true))] {
        for options in [RenderOptions.standard, .mono, .ascii] {
            print("=== \(name) \(options)")
            print(render(picture, width: 80, height: 24, options: options).text)
        }
    }
    print(render(Fixtures.sinCubic(), width: 160, height: 48, options: .standard).text)
    print(render(Fixtures.sinCubic(), width: 59, height: 24, options: .standard).text)
}
