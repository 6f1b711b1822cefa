import FlowGateDelivery
import Foundation
import Testing

@Suite("Retry schedule")
struct RetryScheduleTests {
    @Test("The standard schedule is immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h")
    func standard() {
        #expect(RetrySchedule.standard.delays == [0, 5, 300, 1800, 7200, 18000, 36000, 36000])
        #expect(RetrySchedule.standard.maximumAttempts == 8)
        #expect(RetrySchedule.standard.description == "0,5,300,1800,7200,18000,36000,36000")
    }

    @Test("Parses comma-separated seconds, spaces allowed, and prints back the same text")
    func parsing() throws {
        let schedule = try RetrySchedule(parsing: " 0, 5 ,300")
        #expect(schedule.delays == [0, 5, 300])
        #expect(try RetrySchedule(parsing: RetrySchedule.standard.description) == .standard)
        #expect(try RetrySchedule(parsing: "60").delays == [60])
    }

    @Test(
        "Rejects bad schedules with an error naming the entry",
        arguments: [
            ("", RetryScheduleError.empty),
            ("  ", .empty),
            ("0,,5", .notWholeSeconds(position: 2, text: "")),
            ("0,abc", .notWholeSeconds(position: 2, text: "abc")),
            ("0,-5", .notWholeSeconds(position: 2, text: "-5")),
            ("1.5", .notWholeSeconds(position: 1, text: "1.5")),
            ("0,5,", .notWholeSeconds(position: 3, text: "")),
            ("0,999999999", .delayTooLong(position: 2, seconds: 999_999_999, maximum: 604_800)),
            (Array(repeating: "1", count: 101).joined(separator: ","), .tooManyEntries(count: 101, maximum: 100)),
        ]
    )
    func rejects(text: String, expected: RetryScheduleError) {
        #expect(throws: expected) { try RetrySchedule(parsing: text) }
    }

    @Test("Error messages say what is wrong and what is expected")
    func messages() {
        #expect(
            RetryScheduleError.notWholeSeconds(position: 2, text: "abc").description
                == "entry 2 of the retry schedule ('abc') is not a whole number of seconds; give comma-separated whole seconds such as 0,5,300,1800"
        )
        #expect(RetryScheduleError.empty.description.contains("empty"))
    }
}
