import Foundation
import Testing

@testable import FlowGateCore

/// Midnight UTC of an ISO calendar date, built with Foundation rather than the code under test.
func filterDate(_ iso: String) -> Date {
    let parts = iso.split(separator: "-").map { Int($0)! }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
}

/// The context most filter tests use: today is Sunday 2026-11-22, no work date, no user.
let filterToday = FilterContext(today: filterDate("2026-11-22"))

/// Parses or fails the test with the parser's own message.
func parseFilter(_ text: String) throws -> FilterExpression {
    try FilterExpression(parsing: text)
}

/// One filter applied to one value, as a row of a parameterized test.
struct FilterCase: Sendable, CustomTestStringConvertible {
    var filter: String
    var kind: FilterValueKind
    var value: JSONValue?
    var expected: Bool

    init(_ filter: String, _ kind: FilterValueKind, _ value: JSONValue?, _ expected: Bool) {
        self.filter = filter
        self.kind = kind
        self.value = value
        self.expected = expected
    }

    var testDescription: String {
        let shown = value.map { value -> String in
            switch value {
            case .string(let text): "\"\(text)\""
            case .number(let number): "\(number)"
            case .bool(let flag): "\(flag)"
            default: value.typeName
            }
        } ?? "missing"
        return "\(kind.rawValue) \(filter) on \(shown) → \(expected ? "match" : "no match")"
    }

    func run(in context: FilterContext = filterToday) throws {
        let expression = try FilterExpression(parsing: filter)
        #expect(expression.matches(value, as: kind, in: context) == expected, "\(testDescription)")
    }
}

func filterNumber(_ value: Int) -> JSONValue { .number(Decimal(value)) }
