import Foundation

extension Date {
    /// An RFC 3339 date-time (`2026-01-01T09:00:00Z`, an offset such as `+02:00`, optional fractional seconds),
    /// exactly: other layouts, trailing text and impossible days or times are nil (Foundation's parser alone
    /// accepts some of them).
    public init?(rfc3339 text: String) {
        guard let match = text.wholeMatch(of: #/(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})/#),
            Self.isCalendarDate(String(match.1)), let hour = Int(match.2), let minute = Int(match.3), let second = Int(match.4),
            hour <= 23, minute <= 59, second <= 59,
            let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: match.5 != nil).parse(text.uppercased())
        else { return nil }
        self = date
    }

    /// Whether `text` is a calendar date `YYYY-MM-DD` that exists (2024-02-29 does, 2026-02-30 does not).
    public static func isCalendarDate(_ text: String) -> Bool {
        FilterDates.isoDay(text[...]) != nil
    }
}
