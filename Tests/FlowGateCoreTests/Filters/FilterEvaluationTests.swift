import Foundation
import Testing

@testable import FlowGateCore

@Suite struct FilterEvaluationTests {
    static let optionCases: [FilterCase] = [
        FilterCase("Open|Pending Approval", .option, .string("pending approval"), true),
        FilterCase("Open|Pending Approval", .option, .string("Open"), true),
        FilterCase("Open|Pending Approval", .option, .string("Released"), false),
        FilterCase("open", .option, .string("OPEN"), true),
        FilterCase("<>Open", .option, .string("open"), false),
        FilterCase("Invoice|'Credit Memo'", .option, .string("Credit Memo"), true),
        FilterCase("=Invoice|Credit Memo", .option, .string("credit memo"), true),
        FilterCase("Pending*", .option, .string("pending approval"), true),
        FilterCase("''", .option, nil, true),
    ]

    @Test("Option fields match captions case-insensitively", arguments: optionCases)
    func options(_ row: FilterCase) throws { try row.run() }

    static let booleanCases: [FilterCase] = [
        FilterCase("Yes", .boolean, .bool(true), true),
        FilterCase("yes", .boolean, .bool(false), false),
        FilterCase("No", .boolean, .bool(false), true),
        FilterCase("TRUE", .boolean, .bool(true), true),
        FilterCase("false", .boolean, .bool(false), true),
        FilterCase("1", .boolean, .bool(true), true),
        FilterCase("0", .boolean, .bool(true), false),
        FilterCase("<>Yes", .boolean, .bool(false), true),
        FilterCase("No", .boolean, nil, true),
        FilterCase("Yes", .boolean, .string("yes"), true),
        FilterCase("Yes", .boolean, filterNumber(1), true),
        FilterCase("Yes", .automatic, .bool(true), true),
        FilterCase("No", .automatic, .bool(true), false),
        FilterCase("Maybe", .boolean, .bool(true), false),
        FilterCase("<>Maybe", .boolean, .bool(true), false),
        FilterCase("Yes", .boolean, .string("perhaps"), false),
    ]

    @Test("Boolean fields accept Yes/No, true/false and 1/0 in any case", arguments: booleanCases)
    func booleans(_ row: FilterCase) throws { try row.run() }

    static let codeCases: [FilterCase] = [
        FilterCase("BLUE", .code, .string("blue"), true),
        FilterCase("blue", .code, .string("BLUE"), true),
        FilterCase("blue", .code, .string("  Blue "), true),
        FilterCase("blue", .text, .string("BLUE"), false),
        FilterCase("bl*", .code, .string("BLUE"), true),
        FilterCase("A..C", .code, .string("b"), true),
        FilterCase("<>blue", .code, .string("RED"), true),
        FilterCase("' blue '", .code, .string("BLUE"), true),
    ]

    @Test("Code fields are trimmed and upper-cased on both sides before comparing", arguments: codeCases)
    func codes(_ row: FilterCase) throws { try row.run() }

    static let decimalCases: [FilterCase] = [
        FilterCase("1000.50..2000", .decimal, .number(decimal("1000.50")), true),
        FilterCase("1000.50..2000", .decimal, .number(decimal("1000.49")), false),
        FilterCase("1000.50..2000", .decimal, .number(decimal("2000.00")), true),
        FilterCase("1000.50..2000", .decimal, .number(decimal("2000.01")), false),
        FilterCase(">=1000", .decimal, .string("1000.00"), true),
        FilterCase("100", .decimal, .string("100.0"), true),
        FilterCase("-5..-1", .decimal, filterNumber(-3), true),
        FilterCase("<-1", .decimal, filterNumber(-1), false),
        FilterCase("+10", .decimal, filterNumber(10), true),
        FilterCase(">100", .decimal, .string("12abc"), false),
        FilterCase("<>100", .decimal, .string("12abc"), false),
        FilterCase("abc", .decimal, filterNumber(0), false),
        FilterCase("<>abc", .decimal, filterNumber(0), false),
        FilterCase("1,000", .decimal, filterNumber(1000), false),
        FilterCase("12abc", .decimal, filterNumber(12), false),
        FilterCase("1*", .decimal, filterNumber(123), true),
        FilterCase("1000", .decimal, .bool(true), false),
        FilterCase("%me", .decimal, filterNumber(0), false),
    ]

    @Test("Decimals compare numerically; text that is not a number never matches and never crashes",
          arguments: decimalCases)
    func decimals(_ row: FilterCase) throws { try row.run() }

    static let missingCases: [FilterCase] = [
        FilterCase("0", .decimal, nil, true),
        FilterCase("''", .decimal, .null, true),
        FilterCase(">0", .decimal, nil, false),
        FilterCase("<>0", .decimal, .null, false),
        FilterCase("''", .text, nil, true),
        FilterCase("<>''", .text, .null, false),
        FilterCase("A*", .text, nil, false),
        FilterCase("''", .code, nil, true),
        FilterCase("0", .automatic, nil, true),
        FilterCase(">0", .automatic, nil, false),
        FilterCase("<100", .automatic, .null, true),
        FilterCase("''", .automatic, nil, true),
        FilterCase("<>''", .automatic, nil, false),
        FilterCase("A", .automatic, nil, false),
        FilterCase("''", .date, nil, true),
    ]

    @Test("Missing and null values compare as blank: empty text, 0, No, blank date", arguments: missingCases)
    func missing(_ row: FilterCase) throws { try row.run() }

    @Test("Arrays and objects match only the empty filter", arguments: ["''", "<>''", "*", "<>x", ">0"])
    func structuredValues(_ text: String) throws {
        let expression = try parseFilter(text)
        for kind in FilterValueKind.allCases {
            #expect(!expression.matches(.array([.string("x")]), as: kind, in: filterToday))
            #expect(!expression.matches(.object(["a": .string("x")]), as: kind, in: filterToday))
        }
    }

    @Test("Text filters are exact and case-sensitive unless @ is used")
    func textCase() throws {
        let context = filterToday
        #expect(try parseFilter("@location").matches(.string("LOCATION"), as: .text, in: context))
        #expect(try parseFilter("@location").matches(.string("Location"), as: .text, in: context))
        #expect(try !parseFilter("location").matches(.string("Location"), as: .text, in: context))
        #expect(try parseFilter("@a..c").matches(.string("B"), as: .text, in: context))
        #expect(try parseFilter("A..Z").matches(.string("mango"), as: .text, in: context))
        #expect(try !parseFilter("A..Z").matches(.string("Zebra"), as: .text, in: context))
        #expect(try parseFilter("*").matches(.string(""), as: .text, in: context))
        #expect(try !parseFilter("?").matches(.string(""), as: .text, in: context))
    }

    @Test("A JSON string is filtered as text when no kind is given, so its ranges are lexicographic")
    func automaticStringIsText() throws {
        #expect(try !parseFilter(">50").matches(.string("100"), in: filterToday))
        #expect(try parseFilter(">50").matches(.string("100"), as: .decimal, in: filterToday))
    }

    @Test("%me and %user stand for the context's user, upper-cased on code fields")
    func currentUser() throws {
        let context = FilterContext(today: filterDate("2026-11-22"), userId: "ALICE")
        #expect(try parseFilter("%me").matches(.string("ALICE"), as: .code, in: context))
        #expect(try parseFilter("%user").matches(.string("alice"), as: .code, in: context))
        #expect(try parseFilter("<>%me").matches(.string("BOB"), as: .code, in: context))
        #expect(try !parseFilter("%me").matches(.string("alice"), as: .text, in: context))
        #expect(try !parseFilter("%me").matches(.string("ALICE"), as: .code, in: filterToday))
        #expect(try !parseFilter("<>%me").matches(.string("BOB"), as: .code, in: filterToday))
    }

    @Test("A parsed filter is evaluated many times with the same results")
    func parseOnceEvaluateMany() throws {
        let expression = try parseFilter(">=10&<20|100")
        let matching = (0..<200).filter { expression.matches(filterNumber($0), in: filterToday) }
        #expect(matching == Array(10..<20) + [100])
    }
}
