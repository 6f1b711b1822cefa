import Foundation
import Testing

@testable import FlowGateCore

@Suite struct RecurrenceTests {
    /// An instant written as RFC 3339, so each expectation reads like the JSON a caller sends.
    func at(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    /// A month recurrence in UTC.
    func monthly(from start: String, every interval: Int = 1, on days: [Int]) throws -> Recurrence {
        Recurrence(frequency: .month, interval: interval, startTime: try at(start), timeZone: "UTC", monthDays: days)
    }

    func instants(_ texts: [String]) throws -> [Date] {
        try texts.map(at)
    }

    /// The first `count` slots, found by asking for the slot after the previous one (from before the start).
    func slots(_ recurrence: Recurrence, count: Int) -> [Date] {
        var found: [Date] = []
        var after = recurrence.startTime.addingTimeInterval(-1)
        for _ in 0..<count {
            guard let next = recurrence.nextSlot(after: after) else { break }
            found.append(next)
            after = next
        }
        return found
    }

    /// The local hour and minute of `date` according to Foundation's Gregorian calendar.
    func localTime(_ date: Date, in zone: String) throws -> [Int] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: zone))
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return [parts.hour ?? -1, parts.minute ?? -1]
    }

    // MARK: - Minute and hour

    @Test("Every minute: the start, then each minute after the instant asked about")
    func everyMinute() throws {
        let recurrence = Recurrence(frequency: .minute, interval: 1, startTime: try at("2026-01-01T10:00:00Z"), timeZone: "UTC")
        #expect(recurrence.nextSlot(after: try at("2025-06-01T00:00:00Z")) == (try at("2026-01-01T10:00:00Z")))
        #expect(recurrence.nextSlot(after: try at("2026-01-01T10:00:00Z")) == (try at("2026-01-01T10:01:00Z")))
        #expect(recurrence.nextSlot(after: try at("2026-01-01T10:01:30.250Z")) == (try at("2026-01-01T10:02:00Z")))
        #expect(slots(recurrence, count: 3) == (try instants(["2026-01-01T10:00:00Z", "2026-01-01T10:01:00Z", "2026-01-01T10:02:00Z"])))
        // Computed, not stepped through ten years of minutes.
        #expect(recurrence.nextSlot(after: try at("2036-01-01T00:00:00.5Z")) == (try at("2036-01-01T00:01:00Z")))
    }

    @Test("Every 15 minutes keeps the start's minute within the quarter")
    func everyFifteenMinutes() throws {
        let recurrence = Recurrence(frequency: .minute, interval: 15, startTime: try at("2026-01-01T10:07:00Z"), timeZone: "UTC")
        #expect(recurrence.nextSlot(after: try at("2026-01-01T11:00:00Z")) == (try at("2026-01-01T11:07:00Z")))
        #expect(recurrence.nextSlot(after: try at("2026-01-01T11:07:00Z")) == (try at("2026-01-01T11:22:00Z")))
        #expect(recurrence.nextSlot(after: try at("2026-06-30T23:59:00Z")) == (try at("2026-07-01T00:07:00Z")))
    }

    @Test("Every 2 hours counts elapsed time, unmoved by the March change in Paris")
    func everyTwoHoursAcrossDaylightSaving() throws {
        let recurrence = Recurrence(frequency: .hour, interval: 2, startTime: try at("2026-03-28T23:30:00Z"), timeZone: "Europe/Paris")
        #expect(slots(recurrence, count: 4) == (try instants([
            "2026-03-28T23:30:00Z", "2026-03-29T01:30:00Z", "2026-03-29T03:30:00Z", "2026-03-29T05:30:00Z",
        ])))
    }

    // MARK: - Day

    @Test("Daily at 09:00 in Paris stays 09:00 local, so the UTC instant moves an hour at each change")
    func dailyAcrossParisChanges() throws {
        let march = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-03-27T08:00:00Z"), timeZone: "Europe/Paris")
        let marchSlots = slots(march, count: 4)
        #expect(marchSlots == (try instants([
            "2026-03-27T08:00:00Z", "2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z", "2026-03-30T07:00:00Z",
        ])))
        for slot in marchSlots { #expect(try localTime(slot, in: "Europe/Paris") == [9, 0]) }

        let october = Recurrence(
            frequency: .day, interval: 1, startTime: try at("2026-10-23T00:00:00Z"), timeZone: "Europe/Paris", atHours: [9], atMinutes: [0]
        )
        let octoberSlots = slots(october, count: 4)
        #expect(octoberSlots == (try instants([
            "2026-10-23T07:00:00Z", "2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z", "2026-10-26T08:00:00Z",
        ])))
        for slot in octoberSlots { #expect(try localTime(slot, in: "Europe/Paris") == [9, 0]) }
    }

    @Test("Daily at 02:30 in Paris fires once on 29 March, when the gap ends at 03:00 local")
    func dailyInSpringGap() throws {
        let recurrence = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-03-27T01:30:00Z"), timeZone: "Europe/Paris")
        #expect(slots(recurrence, count: 4) == (try instants([
            "2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z",
        ])))
        #expect(recurrence.nextSlot(after: try at("2026-03-29T01:00:00Z")) == (try at("2026-03-30T00:30:00Z")))
    }

    @Test("Daily at 02:30 in Paris fires once on 25 October, at the first 02:30")
    func dailyInAutumnRepeat() throws {
        let recurrence = Recurrence(
            frequency: .day, interval: 1, startTime: try at("2026-10-24T00:00:00Z"), timeZone: "Europe/Paris", atHours: [2], atMinutes: [30]
        )
        #expect(slots(recurrence, count: 3) == (try instants(["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"])))
        // The second 02:30 (01:30Z) is not a slot.
        #expect(recurrence.nextSlot(after: try at("2026-10-25T00:30:00Z")) == (try at("2026-10-26T01:30:00Z")))
        #expect(recurrence.latestSlot(notAfter: try at("2026-10-25T01:45:00Z"), after: nil)?.slot == (try at("2026-10-25T00:30:00Z")))
    }

    @Test("Wall times that the spring gap moves onto one instant are one slot")
    func gapTimesMerge() throws {
        let recurrence = Recurrence(
            frequency: .day, interval: 1, startTime: try at("2026-03-28T00:00:00Z"), timeZone: "Europe/Paris",
            atHours: [2, 3], atMinutes: [0, 30]
        )
        // 28 March: 02:00, 02:30, 03:00, 03:30 CET. 29 March: 02:00, 02:30 and 03:00 all fire at 03:00 CEST; 03:30.
        #expect(slots(recurrence, count: 10) == (try instants([
            "2026-03-28T01:00:00Z", "2026-03-28T01:30:00Z", "2026-03-28T02:00:00Z", "2026-03-28T02:30:00Z",
            "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z",
            "2026-03-30T00:00:00Z", "2026-03-30T00:30:00Z", "2026-03-30T01:00:00Z", "2026-03-30T01:30:00Z",
        ])))
        let outage = try #require(recurrence.latestSlot(notAfter: try at("2026-03-30T00:10:00Z"), after: try at("2026-03-28T02:00:00Z")))
        #expect(outage.slot == (try at("2026-03-30T00:00:00Z")))
        #expect(outage.skipped == 3)
    }

    @Test("New York: 02:30 on 8 March fires at 03:00 EDT, 01:30 on 1 November at its first (EDT) occurrence")
    func newYorkChanges() throws {
        let spring = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-03-07T07:30:00Z"), timeZone: "America/New_York")
        #expect(slots(spring, count: 3) == (try instants(["2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"])))

        let nine = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-03-06T14:00:00Z"), timeZone: "America/New_York")
        #expect(slots(nine, count: 3) == (try instants(["2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z"])))

        let autumn = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-10-31T05:30:00Z"), timeZone: "America/New_York")
        #expect(slots(autumn, count: 3) == (try instants(["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"])))
    }

    @Test("Lord Howe's half-hour changes: the gap ends at 02:30, the repeat fires at its first occurrence")
    func halfHourChanges() throws {
        // Standard time is +10:30, summer time +11; the clocks go 02:00 → 02:30 on 4 October 2026.
        let spring = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-10-02T15:45:00Z"), timeZone: "Australia/Lord_Howe")
        #expect(slots(spring, count: 3) == (try instants(["2026-10-02T15:45:00Z", "2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"])))
        // And back 02:00 → 01:30 on 5 April 2026, so 01:45 occurs twice.
        let autumn = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-04-02T14:45:00Z"), timeZone: "Australia/Lord_Howe")
        #expect(slots(autumn, count: 4) == (try instants([
            "2026-04-02T14:45:00Z", "2026-04-03T14:45:00Z", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z",
        ])))
    }

    @Test("Changes at midnight: Santiago's gap starts the day at 01:00, Havana's repeat shows 00:30 twice")
    func midnightChanges() throws {
        // Santiago goes from 00:00 (-04) to 01:00 (-03) on 6 September 2026, at 04:00Z.
        let santiago = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-09-04T04:30:00Z"), timeZone: "America/Santiago")
        #expect(slots(santiago, count: 4) == (try instants([
            "2026-09-04T04:30:00Z", "2026-09-05T04:30:00Z", "2026-09-06T04:00:00Z", "2026-09-07T03:30:00Z",
        ])))
        // Havana goes from 01:00 (-04) back to 00:00 (-05) on 1 November 2026, at 05:00Z: 00:30 first at 04:30Z.
        let havana = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-10-30T04:30:00Z"), timeZone: "America/Havana")
        #expect(slots(havana, count: 4) == (try instants([
            "2026-10-30T04:30:00Z", "2026-10-31T04:30:00Z", "2026-11-01T04:30:00Z", "2026-11-02T05:30:00Z",
        ])))
    }

    @Test("Every 3 days is counted from the start's local date, and keeps its seconds")
    func everyThreeDays() throws {
        let recurrence = Recurrence(frequency: .day, interval: 3, startTime: try at("2026-01-30T23:15:20Z"), timeZone: "Europe/Paris")
        // 00:15:20 local on 31 January, 3 February, 6 February.
        #expect(slots(recurrence, count: 3) == (try instants(["2026-01-30T23:15:20Z", "2026-02-02T23:15:20Z", "2026-02-05T23:15:20Z"])))
        #expect(recurrence.nextSlot(after: try at("2026-02-03T12:00:00Z")) == (try at("2026-02-05T23:15:20Z")))
    }

    // MARK: - Week

    @Test("Weekly on Monday and Friday at 9 and 17, on the hour and half past")
    func weeklyMondayFriday() throws {
        let recurrence = Recurrence(
            frequency: .week, interval: 1, startTime: try at("2026-01-07T00:00:00Z"), timeZone: "Europe/Paris",
            atHours: [17, 9], atMinutes: [0, 30], weekDays: [.friday, .monday]
        )
        #expect(slots(recurrence, count: 9) == (try instants([
            "2026-01-09T08:00:00Z", "2026-01-09T08:30:00Z", "2026-01-09T16:00:00Z", "2026-01-09T16:30:00Z",
            "2026-01-12T08:00:00Z", "2026-01-12T08:30:00Z", "2026-01-12T16:00:00Z", "2026-01-12T16:30:00Z",
            "2026-01-16T08:00:00Z",
        ])))
        #expect(recurrence.nextSlot(after: try at("2026-01-13T10:00:00Z")) == (try at("2026-01-16T08:00:00Z")))
    }

    @Test("Every 2 weeks counts weeks from the Monday of the start's week")
    func everyTwoWeeks() throws {
        let start = try at("2026-01-07T10:00:00Z")  // a Wednesday
        let twoDays = Recurrence(frequency: .week, interval: 2, startTime: start, timeZone: "UTC", weekDays: [.monday, .wednesday])
        // Monday 5 January is before the start; the week of 12 January is skipped.
        #expect(slots(twoDays, count: 5) == (try instants([
            "2026-01-07T10:00:00Z", "2026-01-19T10:00:00Z", "2026-01-21T10:00:00Z", "2026-02-02T10:00:00Z", "2026-02-04T10:00:00Z",
        ])))
        #expect(twoDays.nextSlot(after: try at("2026-01-10T00:00:00Z")) == (try at("2026-01-19T10:00:00Z")))

        let startDay = Recurrence(frequency: .week, interval: 2, startTime: start, timeZone: "UTC")
        #expect(slots(startDay, count: 3) == (try instants(["2026-01-07T10:00:00Z", "2026-01-21T10:00:00Z", "2026-02-04T10:00:00Z"])))
    }

    // MARK: - Month

    @Test("Monthly on the 31st skips February, April, June, September and November")
    func monthlyOnThirtyFirst() throws {
        let recurrence = try monthly(from: "2026-01-01T12:00:00Z", on: [31])
        let expected = try instants([
            "2026-01-31T12:00:00Z", "2026-03-31T12:00:00Z", "2026-05-31T12:00:00Z", "2026-07-31T12:00:00Z",
            "2026-08-31T12:00:00Z", "2026-10-31T12:00:00Z", "2026-12-31T12:00:00Z", "2027-01-31T12:00:00Z",
        ])
        #expect(slots(recurrence, count: 8) == expected)
        // Without monthDays the start's own day of the month is used.
        let fromStartDay = Recurrence(frequency: .month, interval: 1, startTime: try at("2026-01-31T12:00:00Z"), timeZone: "UTC")
        #expect(slots(fromStartDay, count: 8) == expected)
    }

    @Test("Monthly on the 29th: February only in leap years")
    func monthlyOnLeapDay() throws {
        let monthly2027 = try monthly(from: "2027-02-01T06:00:00Z", on: [29])
        #expect(slots(monthly2027, count: 2) == (try instants(["2027-03-29T06:00:00Z", "2027-04-29T06:00:00Z"])))
        let monthly2028 = try monthly(from: "2028-02-01T06:00:00Z", on: [29])
        #expect(slots(monthly2028, count: 2) == (try instants(["2028-02-29T06:00:00Z", "2028-03-29T06:00:00Z"])))

        // Every 12 months from February: only leap years have a slot.
        let yearly = try monthly(from: "2027-02-01T06:00:00Z", every: 12, on: [29])
        #expect(slots(yearly, count: 2) == (try instants(["2028-02-29T06:00:00Z", "2032-02-29T06:00:00Z"])))
    }

    @Test("Monthly on the 1st and 15th at the start's local time, across the March change")
    func monthlyFirstAndFifteenth() throws {
        let recurrence = Recurrence(
            frequency: .month, interval: 1, startTime: try at("2026-01-10T08:00:00Z"), timeZone: "Europe/Paris", monthDays: [15, 1, 15]
        )
        #expect(slots(recurrence, count: 7) == (try instants([
            "2026-01-15T08:00:00Z", "2026-02-01T08:00:00Z", "2026-02-15T08:00:00Z", "2026-03-01T08:00:00Z",
            "2026-03-15T08:00:00Z", "2026-04-01T07:00:00Z", "2026-04-15T07:00:00Z",
        ])))
    }

    // MARK: - Latest slot

    @Test("A 3-hour outage of an every-minute recurrence: the latest slot fires, 179 were skipped")
    func outageOfEveryMinute() throws {
        let recurrence = Recurrence(frequency: .minute, interval: 1, startTime: try at("2026-01-01T00:00:00Z"), timeZone: "UTC")
        let outage = try #require(recurrence.latestSlot(notAfter: try at("2026-01-01T13:00:30Z"), after: try at("2026-01-01T10:00:00Z")))
        #expect(outage.slot == (try at("2026-01-01T13:00:00Z")))
        #expect(outage.skipped == 179)  // 10:01 … 12:59

        let neverFired = try #require(recurrence.latestSlot(notAfter: try at("2026-01-01T00:05:10Z"), after: nil))
        #expect(neverFired.slot == (try at("2026-01-01T00:05:00Z")))
        #expect(neverFired.skipped == 5)  // 00:00 … 00:04

        // Ten years of minutes, counted arithmetically: 3 652 days × 1 440.
        let decade = try #require(recurrence.latestSlot(notAfter: try at("2036-01-01T00:00:00Z"), after: nil))
        #expect(decade.slot == (try at("2036-01-01T00:00:00Z")))
        #expect(decade.skipped == 3652 * 1440)

        #expect(recurrence.latestSlot(notAfter: try at("2025-12-31T23:59:59Z"), after: nil) == nil)
        #expect(recurrence.latestSlot(notAfter: try at("2026-01-01T13:00:30Z"), after: try at("2026-01-01T13:00:00Z")) == nil)
    }

    @Test("Latest slot of day and month recurrences, and the limit on counting skipped slots")
    func latestCalendarSlots() throws {
        let daily = Recurrence(frequency: .day, interval: 1, startTime: try at("2026-03-27T08:00:00Z"), timeZone: "Europe/Paris")
        let missed = try #require(daily.latestSlot(notAfter: try at("2026-03-31T12:00:00Z"), after: try at("2026-03-27T08:00:00Z")))
        #expect(missed.slot == (try at("2026-03-31T07:00:00Z")))
        #expect(missed.skipped == 3)
        #expect(daily.latestSlot(notAfter: try at("2026-03-27T07:59:59Z"), after: nil) == nil)

        let monthEnds = try monthly(from: "2026-01-01T12:00:00Z", on: [31])
        let mid = try #require(monthEnds.latestSlot(notAfter: try at("2026-07-15T00:00:00Z"), after: nil))
        #expect(mid.slot == (try at("2026-05-31T12:00:00Z")))
        #expect(mid.skipped == 2)

        let everyMinuteOfTheDay = Recurrence(
            frequency: .day, interval: 1, startTime: try at("2026-01-01T00:00:00Z"), timeZone: "UTC",
            atHours: Array(0...23), atMinutes: Array(0...59)
        )
        let oneDay = try #require(everyMinuteOfTheDay.latestSlot(notAfter: try at("2026-01-02T00:00:00Z"), after: nil))
        #expect(oneDay.slot == (try at("2026-01-02T00:00:00Z")))
        #expect(oneDay.skipped == 1440)
        let longOutage = try #require(everyMinuteOfTheDay.latestSlot(notAfter: try at("2026-04-15T00:00:00Z"), after: nil))
        #expect(longOutage.slot == (try at("2026-04-15T00:00:00Z")))
        #expect(longOutage.skipped == Recurrence.skippedCountLimit)
    }

    @Test(
        "Slots are whole seconds, strictly increasing, and agree with latestSlot",
        arguments: [
            // Each starts shortly before a change (or a year with both), with times in and around the gap and the repeat.
            Recurrence(frequency: .day, interval: 1, startTime: Date(timeIntervalSince1970: 1_774_396_800), timeZone: "Europe/Paris",
                       atHours: [0, 2, 3], atMinutes: [0, 30]),
            Recurrence(frequency: .day, interval: 1, startTime: Date(timeIntervalSince1970: 1_792_454_400), timeZone: "Europe/Paris",
                       atHours: [0, 2, 3], atMinutes: [0, 30]),
            Recurrence(frequency: .day, interval: 1, startTime: Date(timeIntervalSince1970: 1_772_323_245.75), timeZone: "America/New_York",
                       atHours: [1, 2], atMinutes: [15, 59]),
            Recurrence(frequency: .day, interval: 1, startTime: Date(timeIntervalSince1970: 1_792_497_600), timeZone: "America/New_York"),
            Recurrence(frequency: .week, interval: 1, startTime: Date(timeIntervalSince1970: 1_767_225_600),
                       timeZone: "Australia/Lord_Howe", atHours: [1, 2], atMinutes: [0, 45], weekDays: [.sunday, .saturday]),
            Recurrence(frequency: .month, interval: 1, startTime: Date(timeIntervalSince1970: 1_767_231_000), timeZone: "Europe/Paris",
                       monthDays: [1, 25, 29, 31]),
            Recurrence(frequency: .hour, interval: 5, startTime: Date(timeIntervalSince1970: 1_767_225_645.75), timeZone: "Europe/Paris"),
        ]
    )
    func slotsAreConsistent(recurrence: Recurrence) throws {
        let found = slots(recurrence, count: 500)
        #expect(found.count == 500)
        for (index, slot) in found.enumerated() {
            #expect(slot.timeIntervalSince1970 == slot.timeIntervalSince1970.rounded(.down))
            if index > 0 { #expect(found[index - 1] < slot) }
            #expect(recurrence.nextSlot(after: slot.addingTimeInterval(-0.5)) == slot)
            let latest = try #require(recurrence.latestSlot(notAfter: slot.addingTimeInterval(0.5), after: nil))
            #expect(latest.slot == slot)
            #expect(latest.skipped == index)
            if index >= 10 {
                let sinceTenth = try #require(recurrence.latestSlot(notAfter: slot, after: found[9]))
                #expect(sinceTenth.skipped == index - 10)
            }
        }
    }

    // MARK: - Validation

    @Test("A valid recurrence comes back normalised: sorted, without duplicates, empty lists as nil, whole seconds")
    func normalised() throws {
        let recurrence = Recurrence(
            frequency: .week, interval: 1, startTime: try at("2026-01-07T10:00:00.750Z"), timeZone: "Europe/Paris",
            atHours: [17, 9, 9], atMinutes: [], weekDays: [.friday, .monday, .friday], monthDays: []
        )
        let valid = try recurrence.validated()
        #expect(valid.atHours == [9, 17])
        #expect(valid.atMinutes == nil)
        #expect(valid.weekDays == [.monday, .friday])
        #expect(valid.monthDays == nil)
        #expect(valid.startTime == (try at("2026-01-07T10:00:00Z")))
        #expect(try valid.validated() == valid)
    }

    @Test("Every broken rule is reported at once, naming its field")
    func everyProblemNamed() throws {
        let recurrence = Recurrence(
            frequency: .day, interval: 0, startTime: try at("2026-01-01T00:00:00Z"), timeZone: "Mars/Olympus_Mons",
            atHours: [24, 9], weekDays: [.monday], monthDays: [1]
        )
        let error = #expect(throws: FlowGateError.self) { try recurrence.validated() }
        #expect(error?.type == "validation-failed")
        #expect(fieldNames(error) == [
            "recurrence.interval", "recurrence.timeZone", "recurrence.atHours", "recurrence.monthDays", "recurrence.weekDays",
        ])
        #expect(message(error, for: "recurrence.timeZone")?.contains("Mars/Olympus_Mons") == true)
        #expect(message(error, for: "recurrence.atHours")?.contains("24") == true)
        #expect(message(error, for: "recurrence.weekDays")?.contains("only allowed when frequency is week") == true)
        #expect(message(error, for: "recurrence.monthDays")?.contains("only allowed when frequency is month") == true)
        // Nothing about a broken recurrence is computed.
        #expect(recurrence.nextSlot(after: try at("2026-01-01T00:00:00Z")) == nil)
        #expect(recurrence.latestSlot(notAfter: try at("2027-01-01T00:00:00Z"), after: nil) == nil)
    }

    @Test("A month recurrence refuses hours and days past 31; intervals stop at 1000")
    func monthRules() throws {
        let recurrence = Recurrence(
            frequency: .month, interval: 1001, startTime: try at("2026-01-01T00:00:00Z"), timeZone: "UTC", atHours: [9], monthDays: [32, 1]
        )
        let error = #expect(throws: FlowGateError.self) { try recurrence.validated() }
        #expect(fieldNames(error) == ["recurrence.interval", "recurrence.atHours", "recurrence.monthDays"])
        #expect(message(error, for: "recurrence.interval")?.contains("1000") == true)
        #expect(message(error, for: "recurrence.atHours")?.contains("only allowed when frequency is day or week") == true)
        #expect(message(error, for: "recurrence.monthDays")?.contains("32") == true)
    }

    @Test("Out-of-range minutes, overlong lists and unusable start times are refused")
    func listAndStartRules() throws {
        let minutes = Recurrence(
            frequency: .day, interval: 1, startTime: try at("2026-01-01T00:00:00Z"), timeZone: "UTC", atMinutes: Array(0...60)
        )
        let tooMany = #expect(throws: FlowGateError.self) { try minutes.validated() }
        #expect(fieldNames(tooMany) == ["recurrence.atMinutes"])
        #expect(message(tooMany, for: "recurrence.atMinutes")?.contains("at most 60") == true)

        var badMinute = minutes
        badMinute.atMinutes = [-1, 60]
        let outside = #expect(throws: FlowGateError.self) { try badMinute.validated() }
        #expect(message(outside, for: "recurrence.atMinutes")?.contains("-1, 60") == true)

        var farStart = minutes
        farStart.atMinutes = nil
        farStart.startTime = Date(timeIntervalSince1970: 1e13)
        let far = #expect(throws: FlowGateError.self) { try farStart.validated() }
        #expect(fieldNames(far) == ["recurrence.startTime"])
        farStart.startTime = Date(timeIntervalSince1970: .nan)
        #expect(throws: FlowGateError.self) { try farStart.validated() }
    }

    @Test("Instants that are not numbers have no slot; an infinitely early one gets the first")
    func oddInstants() throws {
        let recurrence = Recurrence(frequency: .hour, interval: 1, startTime: try at("2026-01-01T00:00:00Z"), timeZone: "UTC")
        #expect(recurrence.nextSlot(after: Date(timeIntervalSince1970: .nan)) == nil)
        #expect(recurrence.nextSlot(after: Date(timeIntervalSince1970: .infinity)) == nil)
        #expect(recurrence.nextSlot(after: try at("9999-12-31T23:00:00Z")) == nil)
        #expect(recurrence.nextSlot(after: Date(timeIntervalSince1970: -.infinity)) == (try at("2026-01-01T00:00:00Z")))
        #expect(recurrence.latestSlot(notAfter: Date(timeIntervalSince1970: .nan), after: nil) == nil)
        let last = try #require(recurrence.latestSlot(notAfter: Date(timeIntervalSince1970: .infinity), after: nil))
        #expect(last.slot == (try at("9999-12-31T23:00:00Z")))
    }

    // MARK: - Coding

    @Test("JSON round trip, and decoding a request body")
    func codable() throws {
        let recurrence = Recurrence(
            frequency: .week, interval: 2, startTime: try at("2026-01-07T10:00:00Z"), timeZone: "Europe/Paris",
            atHours: [9, 17], atMinutes: [0, 30], weekDays: [.monday, .friday]
        )
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let data = try encoder.encode(recurrence)
        #expect(try decoder.decode(Recurrence.self, from: data) == recurrence)

        let body = """
            {"frequency": "month", "interval": 1, "startTime": "2026-01-01T12:00:00Z", "timeZone": "UTC", "monthDays": [31]}
            """
        let decoded = try decoder.decode(Recurrence.self, from: Data(body.utf8))
        #expect(decoded == (try monthly(from: "2026-01-01T12:00:00Z", on: [31])))
        let text = String(decoding: try encoder.encode(decoded), as: UTF8.self)
        #expect(!text.contains("atHours"))
    }
}
