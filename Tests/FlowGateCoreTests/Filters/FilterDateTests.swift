import Foundation
import Testing

@testable import FlowGateCore

/// Today is Sunday 2026-11-22 throughout (`filterToday`); the week runs Monday 16 – Sunday 22.
@Suite struct FilterDateTests {
    static let cases: [FilterCase] = [
        FilterCase("t", .date, .string("2026-11-22"), true),
        FilterCase("t", .date, .string("2026-11-21"), false),
        FilterCase("TODAY", .date, .string("2026-11-22"), true),
        FilterCase("%today", .date, .string("2026-11-22"), true),
        FilterCase("t", .date, .string("2026-11-22T18:30:00Z"), true),
        FilterCase("t", .date, .string("2026-11-22T23:59:59+05:00"), true),
        FilterCase("2026-11-01..2026-11-30", .date, .string("2026-11-15"), true),
        FilterCase("2026-11-01..2026-11-30", .date, .string("2026-12-01"), false),
        FilterCase("2026-11-01..2026-11-30", .date, .string("2026-10-31"), false),
        FilterCase("-1W..t", .date, .string("2026-11-15"), true),
        FilterCase("-1W..t", .date, .string("2026-11-14"), false),
        FilterCase("-1W..t", .date, .string("2026-11-23"), false),
        FilterCase("CM", .date, .string("2026-11-30"), true),  // "current month (last day of the month)"
        FilterCase("CM", .date, .string("2026-11-22"), false),
        FilterCase("-CM", .date, .string("2026-11-01"), true),
        FilterCase("-CM..CM", .date, .string("2026-11-01"), true),
        FilterCase("-CM..CM", .date, .string("2026-11-30"), true),
        FilterCase("-CM..CM", .date, .string("2026-12-01"), false),
        FilterCase("%month", .date, .string("2026-11-30"), true),
        FilterCase("%month", .date, .string("2026-10-31"), false),
        FilterCase("<>%month", .date, .string("2026-10-31"), true),
        FilterCase(">%month", .date, .string("2026-12-01"), true),
        FilterCase("%week", .date, .string("2026-11-16"), true),
        FilterCase("%week", .date, .string("2026-11-15"), false),
        FilterCase("-CW..CW", .date, .string("2026-11-23"), false),
        FilterCase("%quarter", .date, .string("2026-10-01"), true),
        FilterCase("%quarter", .date, .string("2026-12-31"), true),
        FilterCase("%quarter", .date, .string("2026-09-30"), false),
        FilterCase("-CY..CY", .date, .string("2026-01-01"), true),
        FilterCase("%yesterday", .date, .string("2026-11-21"), true),
        FilterCase("%tomorrow", .date, .string("2026-11-23"), true),
        FilterCase("+10D", .date, .string("2026-12-02"), true),
        FilterCase("10D", .date, .string("2026-12-02"), true),
        FilterCase("CM+10D", .date, .string("2026-12-10"), true),
        FilterCase("-1M", .date, .string("2026-10-22"), true),
        FilterCase("-1Q", .date, .string("2026-08-22"), true),
        FilterCase("1Y", .date, .string("2027-11-22"), true),
        FilterCase("t-1W", .date, .string("2026-11-15"), true),
        FilterCase("today + 10d", .date, .string("2026-12-02"), true),
        FilterCase(">t", .date, .string("2026-11-23"), true),
        FilterCase(">t", .date, .string("2026-11-22"), false),
        FilterCase("<t", .date, .string("2026-11-21"), true),
        FilterCase("w", .date, .string("2026-11-22"), true),
        FilterCase("workdate", .date, .string("2026-11-22"), true),
        FilterCase("2026-11-*", .date, .string("2026-11-05"), true),
        FilterCase("''", .date, .string(""), true),
        FilterCase("''", .date, .string("0001-01-01"), true),
        FilterCase("<>''", .date, .null, false),
        FilterCase("<>''", .date, .string("2026-11-22"), true),
        FilterCase("..2026-12-31", .date, nil, true),
        FilterCase("2026-01-01..", .date, nil, false),
        FilterCase("12 15 00", .date, .string("2000-12-15"), false),
        FilterCase("mon25", .date, .string("2026-06-15"), false),
        FilterCase("2026-02-30", .date, .string("2026-03-02"), false),
        FilterCase("t", .date, .string("22/11/2026"), false),
        FilterCase("<>t", .date, .string("not a date"), false),
        FilterCase("t", .date, filterNumber(20261122), false),
        FilterCase("%me", .date, .string("2026-11-22"), false),
        FilterCase("t1D", .date, .string("2026-11-23"), false),
        FilterCase("'t'", .date, .string("2026-11-22"), true),
    ]

    @Test("Date filters resolve against the context's today", arguments: cases)
    func dates(_ row: FilterCase) throws { try row.run() }

    @Test("The work date comes from the context and defaults to today")
    func workDate() throws {
        let context = FilterContext(today: filterDate("2026-11-22"), workDate: filterDate("2026-01-31"))
        #expect(try parseFilter("w").matches(.string("2026-01-31"), as: .date, in: context))
        #expect(try parseFilter("%workdate").matches(.string("2026-01-31"), as: .date, in: context))
        #expect(try parseFilter("w+1M").matches(.string("2026-02-28"), as: .date, in: context))
        #expect(try parseFilter("t").matches(.string("2026-11-22"), as: .date, in: context))
        // A bare formula is relative to today, not the work date (reference §3, C1).
        #expect(try parseFilter("-1D").matches(.string("2026-11-21"), as: .date, in: context))
    }

    @Test("Adding months clamps to the end of the shorter month, leap years included",
          arguments: [("2026-01-31", "1M", "2026-02-28"), ("2024-01-31", "1M", "2024-02-29"),
                      ("2024-02-29", "1Y", "2025-02-28"), ("2026-03-31", "-1M", "2026-02-28"),
                      ("2026-12-15", "1M", "2027-01-15"), ("2026-01-15", "-1M", "2025-12-15"),
                      ("2026-05-31", "CQ", "2026-06-30"), ("2026-05-31", "-CQ", "2026-04-01")])
    func monthArithmetic(today: String, formula: String, expected: String) throws {
        let context = FilterContext(today: filterDate(today))
        #expect(try parseFilter(formula).matches(.string(expected), as: .date, in: context))
    }

    @Test("Today is the UTC calendar day of the context's instant")
    func todayIsUTCDay() throws {
        let lateEvening = filterDate("2026-11-22").addingTimeInterval(86_399)
        #expect(try parseFilter("t").matches(.string("2026-11-22"), as: .date, in: FilterContext(today: lateEvening)))
        let beforeEpoch = filterDate("1969-12-31").addingTimeInterval(3600)
        #expect(try parseFilter("t").matches(.string("1969-12-31"), as: .date, in: FilterContext(today: beforeEpoch)))
    }
}
