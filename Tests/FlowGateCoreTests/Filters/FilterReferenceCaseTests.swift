import Foundation
import Testing

@testable import FlowGateCore

/// The cases of reference §7 that need no region format, with the reference's own numbering.
@Suite struct FilterReferenceCaseTests {
    static let integerCases: [FilterCase] = [
        FilterCase("1100..2100", .decimal, filterNumber(2100), true),  // 1: inclusive
        FilterCase("..2500", .decimal, filterNumber(2501), false),  // 2
        FilterCase("5000..", .decimal, filterNumber(4999), false),  // 3
        FilterCase("1200|1300", .decimal, filterNumber(1300), true),  // 4
        FilterCase("<>0", .decimal, filterNumber(0), false),  // 5
        FilterCase(">50&<100", .decimal, filterNumber(100), false),  // 6
        FilterCase(">50&<100", .decimal, filterNumber(99), true),
        FilterCase(">50&<100", .decimal, filterNumber(50), false),
        FilterCase("..1299|1400..", .decimal, filterNumber(1350), false),  // 7
        FilterCase("5999|8100..8490", .decimal, filterNumber(8490), true),  // 8
        FilterCase("30|(>=10&<=20)", .decimal, filterNumber(15), true),  // 9
        FilterCase("30|(>=10&<=20)", .decimal, filterNumber(25), false),
        FilterCase("1200&1300", .decimal, filterNumber(1200), false),  // 10
    ]

    static let textCases: [FilterCase] = [
        FilterCase("*Co*", .text, .string("cocoa"), false),  // 11: case-sensitive
        FilterCase("Co*", .text, .string("Acme Co"), false),  // 12
        FilterCase("*Co", .text, .string("Acme Co"), true),
        FilterCase("@man*", .text, .string("Manchester"), true),  // 13
        FilterCase("@man*", .text, .string("Sportsman"), false),
        FilterCase("'man'", .text, .string("Man"), false),  // 14
        FilterCase("'man'", .text, .string("man"), true),
        FilterCase("Hans?n", .text, .string("Hanssen"), false),  // 15: exactly one character
        FilterCase("Hans?n", .text, .string("Hansen"), true),
        FilterCase("Hans?n", .text, .string("Hanson"), true),
        FilterCase("@*co?*", .text, .string("taco"), false),  // 16
        FilterCase("@*co?*", .text, .string("incorporated"), true),
        FilterCase("*C*&*D*", .text, .string("CD player"), true),  // 17
        FilterCase("*C*&*D*", .text, .string("CPU"), false),
        FilterCase("''", .text, .string(""), true),  // 18
        FilterCase("''", .text, .string("A"), false),
        FilterCase("<>''", .text, .string("A"), true),  // 19
        FilterCase("<>''", .text, .string(""), false),
        FilterCase("10000..10042", .text, .string("100000"), true),  // 20: lexicographic
        FilterCase("10..20", .code, .string("100"), true),  // 21
        FilterCase("Bicycle..Car", .text, .string("Cart"), false),  // 22
        FilterCase("Bicycle..Car", .text, .string("Bus"), true),
        FilterCase("'J & V*'", .text, .string("J & V Trading"), true),  // 23
        FilterCase("<>A*", .text, .string("Apple"), false),  // 24
        FilterCase("<>A*", .text, .string("Banana"), true),
        FilterCase("A..Z", .text, .string("M"), true),  // 25
        FilterCase("*%1*", .text, .string("Banana"), false),  // 29: placeholders stay literal
        FilterCase("*%1*", .text, .string("rate %1 applies"), true),
    ]

    @Test("Integer filters give the reference's results (cases 1–10)", arguments: integerCases)
    func integers(_ row: FilterCase) throws {
        try row.run()
    }

    @Test("Integer filters behave the same on JSON numbers read automatically", arguments: integerCases)
    func integersAutomatic(_ row: FilterCase) throws {
        var row = row
        row.kind = .automatic
        try row.run()
    }

    @Test("Text and code filters give the reference's results (cases 11–25, 29)", arguments: textCases)
    func texts(_ row: FilterCase) throws {
        try row.run()
    }

    @Test("Code 2..10 matches nothing because '2' sorts after '10' (case 21)",
          arguments: ["1", "2", "3", "5", "9", "10", "100", "20", "A", ""])
    func codeRangeBackwards(_ value: String) throws {
        #expect(try parseFilter("2..10").matches(.string(value), as: .code, in: filterToday) == false)
    }

    @Test("The empty filter applies no filter: every value matches (case 28)",
          arguments: [nil, .null, .string(""), .string("anything"), filterNumber(0), .bool(false), .array([])] as [JSONValue?])
    func emptyFilter(_ value: JSONValue?) throws {
        let expression = try parseFilter("")
        #expect(expression.matchesEverything)
        for kind in FilterValueKind.allCases {
            #expect(expression.matches(value, as: kind, in: filterToday))
        }
    }
}
