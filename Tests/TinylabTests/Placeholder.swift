import Testing
@Test func placeholderTinylabTests() { #expect(Bool(true)) }
