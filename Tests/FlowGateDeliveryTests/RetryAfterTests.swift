import FlowGateDelivery
import Foundation
import Testing

@Suite("Retry-After and HTTP dates")
struct RetryAfterTests {
    /// RFC 9110's example instant, Sun, 06 Nov 1994 08:49:37 GMT.
    static let example = Date(timeIntervalSince1970: 784_111_777)

    @Test("All three HTTP-date forms parse to the same instant", arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
    ])
    func httpDateForms(text: String) {
        #expect(HTTPDate.parse(text) == Self.example)
    }

    @Test("Dates across leap years and centuries match Foundation's calendar")
    func calendarArithmetic() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for (year, month, day) in [(2000, 2, 29), (2024, 12, 31), (2100, 3, 1), (1970, 1, 1), (2038, 1, 19)] {
            let expected = try #require(calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)))
            let monthName = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
            let text = "Mon, \(day < 10 ? "0" : "")\(day) \(monthName) \(year) 12:00:00 GMT"
            #expect(HTTPDate.parse(text) == expected, "\(text)")
        }
    }

    @Test("Malformed dates are not dates", arguments: [
        "", "yesterday", "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT",
    ])
    func malformedDates(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test("Retry-After in seconds or as a date becomes a delay from now; garbage is ignored")
    func delays() {
        let now = Self.example
        #expect(RetryAfter.delay("120", now: now) == 120)
        #expect(RetryAfter.delay(" 0 ", now: now) == 0)
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:59:37 GMT", now: now) == 600)
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0)
        #expect(RetryAfter.delay("-5", now: now) == nil)
        #expect(RetryAfter.delay("soon", now: now) == nil)
        #expect(RetryAfter.delay("99999999999999999999999", now: now)! > 1e18)
    }
}
