import Foundation

/// When a scheduled flow runs: the Recurrence trigger of Power Automate and Logic Apps.
///
/// `minute` and `hour` recurrences count elapsed time from `startTime`, so daylight saving never moves them.
/// `day`, `week` and `month` recurrences are wall-clock times in `timeZone`: 09:00 stays 09:00 local through
/// the daylight-saving changes, which moves it by an hour in UTC. The slots are computed in
/// `Recurrence+Occurrences.swift`.
public struct Recurrence: Sendable, Codable, Equatable {
    public enum Frequency: String, Sendable, Codable, CaseIterable {
        case minute, hour, day, week, month
    }

    /// A day of the week. Declared Monday first because weeks are counted from Monday.
    public enum WeekDay: String, Sendable, Codable, CaseIterable {
        case monday, tuesday, wednesday, thursday, friday, saturday, sunday
    }

    public var frequency: Frequency
    /// Every `interval` minutes, hours, days, weeks or months (1...1000).
    public var interval: Int
    /// The earliest slot, and where periods are counted from. Slots are whole seconds, so fractions are dropped.
    public var startTime: Date
    /// The IANA zone whose wall clock day, week and month slots follow, for example `Europe/Paris`.
    public var timeZone: String
    /// Hours of the day (0...23) for `day` and `week`; without them the slots keep `startTime`'s local hour.
    public var atHours: [Int]?
    /// Minutes of the hour (0...59) for `day` and `week`; without them the slots keep `startTime`'s local minute.
    public var atMinutes: [Int]?
    /// Days of the week for `week`; without them, `startTime`'s local weekday.
    public var weekDays: [WeekDay]?
    /// Days of the month (1...31) for `month`; without them, `startTime`'s local day. A day a month lacks is skipped.
    public var monthDays: [Int]?

    public init(
        frequency: Frequency, interval: Int, startTime: Date, timeZone: String, atHours: [Int]? = nil, atMinutes: [Int]? = nil,
        weekDays: [WeekDay]? = nil, monthDays: [Int]? = nil
    ) {
        self.frequency = frequency
        self.interval = interval
        self.startTime = startTime
        self.timeZone = timeZone
        self.atHours = atHours
        self.atMinutes = atMinutes
        self.weekDays = weekDays
        self.monthDays = monthDays
    }
}

extension Recurrence {
    static let intervalRange = 1...1000

    /// The range `startTime` must lie in (1900-01-01T00:00:00Z through 9999-12-31T23:59:59Z, as seconds since
    /// 1970): it keeps every computation in whole seconds far from overflow, and no slot is computed beyond it.
    static let supportedSeconds = -2_208_988_800...253_402_300_799

    /// A copy that is safe to compute slots from: lists sorted with duplicates removed, empty lists as nil and
    /// `startTime` truncated to whole seconds. Every broken rule is reported at once, each naming its field
    /// (`recurrence.interval`, `recurrence.timeZone`, `recurrence.atHours` …).
    public func validated() throws -> Recurrence {
        var problems = ValidationErrors()
        var copy = self

        if !Self.intervalRange.contains(interval) {
            problems.add(
                "recurrence.interval",
                "must be between \(Self.intervalRange.lowerBound) and \(Self.intervalRange.upperBound) (got \(interval))"
            )
        }
        if TimeZone(identifier: timeZone) == nil {
            problems.add("recurrence.timeZone", "'\(timeZone)' is not a known IANA time zone (such as Europe/Paris or UTC)")
        }
        if let seconds = Self.wholeSeconds(startTime) {
            copy.startTime = Date(timeIntervalSince1970: TimeInterval(seconds))
        } else {
            problems.add("recurrence.startTime", "must lie between 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z")
        }

        copy.atHours = checkedNumbers(atHours, field: "atHours", range: 0...23, allowedFor: [.day, .week], problems: &problems)
        copy.atMinutes = checkedNumbers(atMinutes, field: "atMinutes", range: 0...59, allowedFor: [.day, .week], problems: &problems)
        copy.monthDays = checkedNumbers(monthDays, field: "monthDays", range: 1...31, allowedFor: [.month], problems: &problems)
        let days = checkedList(weekDays, field: "weekDays", maximumCount: WeekDay.allCases.count, allowedFor: [.week], problems: &problems)
        copy.weekDays = days.map { given in WeekDay.allCases.filter(given.contains) }

        try problems.throwIfAny()
        return copy
    }

    /// `date` in whole seconds since 1970 (rounded down), or nil when it is outside ``supportedSeconds`` or not a number.
    static func wholeSeconds(_ date: Date) -> Int? {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= TimeInterval(supportedSeconds.lowerBound), seconds <= TimeInterval(supportedSeconds.upperBound) else {
            return nil
        }
        return Int(seconds)
    }

    /// A list of numbers checked like ``checkedList(_:field:maximumCount:allowedFor:problems:)`` whose values must
    /// also lie in `range`; returned sorted and without duplicates.
    private func checkedNumbers(
        _ values: [Int]?, field: String, range: ClosedRange<Int>, allowedFor frequencies: [Frequency], problems: inout ValidationErrors
    ) -> [Int]? {
        guard let values = checkedList(values, field: field, maximumCount: range.count, allowedFor: frequencies, problems: &problems) else {
            return nil
        }
        let outside = Set(values.filter { !range.contains($0) }).sorted()
        if !outside.isEmpty {
            let listed = outside.map(String.init).joined(separator: ", ")
            let verb = outside.count == 1 ? "is" : "are"
            problems.add("recurrence.\(field)", "values must be \(range.lowerBound) to \(range.upperBound); \(listed) \(verb) not")
            return nil
        }
        return Set(values).sorted()
    }

    /// The list when it may be used: nil when absent or empty (an empty list means "not given"), and a problem
    /// when the frequency does not take it or it is longer than any list of distinct values could be.
    private func checkedList<Value>(
        _ values: [Value]?, field: String, maximumCount: Int, allowedFor frequencies: [Frequency], problems: inout ValidationErrors
    ) -> [Value]? {
        guard let values, !values.isEmpty else { return nil }
        guard frequencies.contains(frequency) else {
            let allowed = frequencies.map(\.rawValue).joined(separator: " or ")
            problems.add("recurrence.\(field)", "is only allowed when frequency is \(allowed) (it is \(frequency.rawValue))")
            return nil
        }
        guard values.count <= maximumCount else {
            problems.add("recurrence.\(field)", "has \(values.count) entries; at most \(maximumCount) are allowed")
            return nil
        }
        return values
    }
}
