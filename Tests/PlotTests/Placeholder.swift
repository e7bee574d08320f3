import Testing
@Test func placeholderPlotTests() { #expect(Bool(true)) }
