import Foundation

extension Date {
    /// An RFC 3339 date-time (`2026-01-01T09:00:00Z`, an offset such as `+02:00`, optional fractional seconds),
    /// exactly: other layouts, trailing text and impossible days or times are nil (Foundation's parser alone
    /// accepts some of them).
    public init?(rfc3339 text: String) {
        guard let match = text.wholeMatch(of: #/(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})/#),
            let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
            let hour = Int(match.4), let minute = Int(match.5), let second = Int(match.6),
            Self.isCalendarDay(year: year, month: month, day: day), hour <= 23, minute <= 59, second <= 59
        else { return nil }
        let normalized = text.uppercased()
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: match.7 != nil)
        guard let date = try? style.parse(normalized) else { return nil }
        self = date
    }

    /// Whether `text` is a calendar date `YYYY-MM-DD` that exists (2024-02-29 does, 2026-02-30 does not).
    public static func isCalendarDate(_ text: String) -> Bool {
        guard let match = text.wholeMatch(of: #/(\d{4})-(\d{2})-(\d{2})/#), let year = Int(match.1), let month = Int(match.2),
            let day = Int(match.3)
        else { return false }
        return isCalendarDay(year: year, month: month, day: day)
    }

    private static func isCalendarDay(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
