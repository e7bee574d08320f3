import Testing
@Test func placeholderGradTests() { #expect(Bool(true)) }
