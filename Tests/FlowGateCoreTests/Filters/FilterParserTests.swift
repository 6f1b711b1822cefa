import Foundation
import Testing

@testable import FlowGateCore

@Suite struct FilterParserTests {
    private func root(_ text: String) throws -> FilterNode {
        try FilterExpression(parsing: text).root
    }

    private func equal(_ text: String, ignoringCase: Bool = false) -> FilterNode {
        .comparison(.equal, .literal(text), ignoringCase: ignoringCase)
    }

    @Test("& binds tighter than |, so A|B&C means A|(B&C)")
    func precedence() throws {
        let expected = FilterNode.anyOf([equal("A"), .allOf([equal("B"), equal("C")])])
        #expect(try root("A|B&C") == expected)
        #expect(try root("A|(B&C)") == expected)
        #expect(try root("(A|B)&C") == .allOf([.anyOf([equal("A"), equal("B")]), equal("C")]))
    }

    @Test("Every comparison operator is read, and a bare value means =",
          arguments: [("=5", FilterComparison.equal), ("5", .equal), ("<>5", .notEqual), ("<5", .less),
                      ("<=5", .lessOrEqual), (">5", .greater), (">=5", .greaterOrEqual)])
    func operators(text: String, comparison: FilterComparison) throws {
        #expect(try root(text) == .comparison(comparison, .literal("5"), ignoringCase: false))
    }

    @Test("Ranges may be open on either side")
    func ranges() throws {
        #expect(try root("1..2") == .range(from: .literal("1"), to: .literal("2"), ignoringCase: false))
        #expect(try root("..2") == .range(from: nil, to: .literal("2"), ignoringCase: false))
        #expect(try root("1..") == .range(from: .literal("1"), to: nil, ignoringCase: false))
        #expect(try root("1000.50..2000") == .range(from: .literal("1000.50"), to: .literal("2000"), ignoringCase: false))
    }

    @Test("Whitespace around operators is ignored; inside a value it is kept")
    func whitespace() throws {
        #expect(try root(" >10000 & <> 20000 ") == root(">10000&<>20000"))
        #expect(try root("<=200 | >500") == root("<=200|>500"))
        #expect(try root("1100 .. 2100") == root("1100..2100"))
        #expect(try root("Open | Pending Approval") == .anyOf([equal("Open"), equal("Pending Approval")]))
        #expect(try root("'  padded '") == equal("  padded "))
    }

    @Test("Quotes make & | ( ) = < > and .. literal; '' inside quotes is one quote; '' alone is blank")
    func quoting() throws {
        #expect(try root("'A|B&(C)=<D>..E'") == equal("A|B&(C)=<D>..E"))
        #expect(try root("'O''Brien'") == equal("O'Brien"))
        #expect(try root("''") == equal(""))
        #expect(try root("<>''") == .comparison(.notEqual, .literal(""), ignoringCase: false))
        #expect(try root("'J & V'*") == .comparison(.equal, .pattern([.text("J & V"), .anyCharacters]), ignoringCase: false))
    }

    @Test("An apostrophe inside a value needs no quotes; O''Brien (as Base App writes it) means O'Brien too",
          arguments: ["O'Brien", "O''Brien", "'O''Brien'", " O'Brien "])
    func apostrophes(_ text: String) throws {
        #expect(try root(text) == equal("O'Brien"))
    }

    @Test("Wildcards stay wildcards inside quotes, as in 'J & V*'")
    func wildcardsInQuotes() throws {
        #expect(try root("'J & V*'") == .comparison(.equal, .pattern([.text("J & V"), .anyCharacters]), ignoringCase: false))
        #expect(try root("Hans?n") == .comparison(.equal, .pattern([.text("Hans"), .oneCharacter, .text("n")]), ignoringCase: false))
    }

    @Test("@ may stand before the condition, after its operator, or before a range's upper bound")
    func ignoreCasePlacement() throws {
        let pattern = FilterOperand.pattern([.text("a"), .anyCharacters])
        #expect(try root("@<>a*") == .comparison(.notEqual, pattern, ignoringCase: true))
        #expect(try root("<>@a*") == .comparison(.notEqual, pattern, ignoringCase: true))
        #expect(try root("a..@c") == .range(from: .literal("a"), to: .literal("c"), ignoringCase: true))
        #expect(try root("@'man'") == equal("man", ignoringCase: true))
        #expect(try root("john@example.com") == equal("john@example.com"))
    }

    @Test("Known % tokens are recognised case-insensitively; %1 placeholders stay literal text")
    func tokens() throws {
        #expect(try root("%ME") == .comparison(.equal, .token(.me), ignoringCase: false))
        #expect(try root("%week") == .comparison(.equal, .token(.week), ignoringCase: false))
        #expect(try root("%1") == equal("%1"))
        #expect(try root("'%me'") == equal("%me"))
    }

    @Test("Blank text is no filter at all", arguments: ["", " ", "\t  "])
    func blankIsEverything(_ text: String) throws {
        #expect(try root(text) == .anything)
    }

    struct BadFilter: Sendable, CustomTestStringConvertible {
        var text: String
        var position: Int
        var message: String
        var testDescription: String { "\(text) → \(message) at \(position)" }
    }

    static let badFilters: [BadFilter] = [
        BadFilter(text: ">", position: 2, message: "missing value after '>'"),
        BadFilter(text: "1..2..3", position: 5, message: "did not expect '..'"),
        BadFilter(text: "&", position: 1, message: "did not expect '&'"),
        BadFilter(text: "A||B", position: 3, message: "did not expect '|'"),
        BadFilter(text: "A|", position: 3, message: "missing value after '|'"),
        BadFilter(text: "(A|B", position: 1, message: "unclosed '('"),
        BadFilter(text: "((A)|B", position: 1, message: "unclosed '('"),
        BadFilter(text: "A|B)", position: 4, message: "did not expect ')'"),
        BadFilter(text: "()", position: 2, message: "did not expect ')'"),
        BadFilter(text: "'abc", position: 1, message: "unterminated quote"),
        BadFilter(text: "A|'it''s", position: 3, message: "unterminated quote"),
        BadFilter(text: "..", position: 3, message: "missing value after '..'"),
        BadFilter(text: "@", position: 2, message: "missing value after '@'"),
        BadFilter(text: "Inventory Adjmt. Entry (Order)", position: 24, message: "did not expect '('"),
        BadFilter(text: ">A*", position: 2, message: "wildcards '*' and '?' can only be used with '=' or '<>'"),
        BadFilter(text: "A*..B", position: 1, message: "wildcards '*' and '?' can only be used with '=' or '<>'"),
        BadFilter(text: "%mycustomers", position: 1, message: "unknown filter token '%mycustomers'"),
        BadFilter(text: "A=B", position: 2, message: "did not expect '='"),
        BadFilter(text: "Ü|(Ö", position: 3, message: "unclosed '('"),
    ]

    @Test("Bad filters are refused with the position of the problem", arguments: badFilters)
    func parseErrors(_ bad: BadFilter) {
        let error = #expect(throws: FilterParseError.self) { try FilterExpression(parsing: bad.text) }
        #expect(error?.position == bad.position)
        #expect(error?.message == bad.message)
        #expect(error?.detail == "The filter \"\(bad.text)\" is not valid: \(bad.message) at position \(bad.position).")
    }

    @Test("parse reports a 400 invalid-filter problem that quotes the filter", arguments: badFilters.map(\.text))
    func parseThrowsFlowGateError(_ text: String) {
        let error = #expect(throws: FlowGateError.self) { try FilterExpression.parse(text) }
        #expect(error?.kind == .badRequest)
        #expect(error?.type == "invalid-filter")
        #expect(error?.detail.contains("\"\(text)\"") == true)
        #expect(error?.detail.contains("at position") == true)
    }

    @Test("A stored filter round-trips through JSON as the exact text the user typed")
    func codableKeepsSource() throws {
        let original = try FilterExpression.parse(" Open | Pending Approval ")
        let data = try JSONEncoder().encode([original])
        #expect(String(decoding: data, as: UTF8.self) == #"[" Open | Pending Approval "]"#)
        let decoded = try JSONDecoder().decode([FilterExpression].self, from: data)
        #expect(decoded == [original])
        #expect(decoded[0].description == " Open | Pending Approval ")
    }

    @Test("Decoding invalid stored filter text fails with the parse message")
    func decodingRefusesBadText() {
        let error = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([FilterExpression].self, from: Data(#"["(A"]"#.utf8))
        }
        guard case .dataCorrupted(let context)? = error else { return }
        #expect(context.debugDescription.contains("unclosed '(' at position 1"))
    }

    @Test("Filters with the same text are equal; different spellings are not")
    func equality() throws {
        #expect(try FilterExpression.parse(">5") == FilterExpression.parse(">5"))
        #expect(try FilterExpression.parse(">5") != FilterExpression.parse("> 5"))
        #expect(FilterExpression.everything == (try FilterExpression.parse("")))
    }
}
