import Testing

@testable import FlowGateCore

@Suite struct JSONNestingTests {
    @Test("Nesting counts arrays and objects, not brackets inside strings or escaped quotes")
    func counting() {
        #expect(!JSONNesting.exceeds(2, in: Array(#"{"a": [1, 2]}"#.utf8)))
        #expect(JSONNesting.exceeds(2, in: Array(#"{"a": [[1]]}"#.utf8)))
        #expect(!JSONNesting.exceeds(1, in: Array(#"{"a": "[[[{{{"}"#.utf8)))
        #expect(!JSONNesting.exceeds(1, in: Array(#"{"a": "\"[[[", "b": 1}"#.utf8)))
        #expect(JSONNesting.exceeds(1, in: Array(#"{"a": "\\", "b": [1]}"#.utf8)), "an escaped backslash ends the string")
        #expect(!JSONNesting.exceeds(64, in: Array(String(repeating: "[", count: 64).utf8)))
        #expect(JSONNesting.exceeds(64, in: Array(String(repeating: "[", count: 65).utf8)))
        #expect(!JSONNesting.exceeds(1, in: Array("]]]]]][".utf8)), "malformed text is the decoder's to refuse")
    }
}
