import Foundation

/// The `Retry-After` response header (RFC 9110 §10.2.3): a number of seconds or an HTTP-date.
public enum RetryAfter {
    /// The wait the header asks for, measured from `now`; a date in the past means no wait.
    /// Nil when the header is neither form, so a malformed value is ignored rather than obeyed.
    public static func delay(_ header: String, now: Date) -> TimeInterval? {
        let text = header.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            // Absurdly long digit strings overflow Int; they mean "a very long time".
            return TimeInterval(Int(text) ?? Int.max)
        }
        guard let date = HTTPDate.parse(text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}

/// HTTP-date parsing (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms
/// that recipients must still accept. Written out because it is tiny, exact and allocation-light,
/// where a `DateFormatter` is costly to create and not meant to be shared across threads.
public enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT` or `Sun Nov  6 08:49:37 1994`.
    public static func parse(_ text: String) -> Date? {
        let tokens = text.split { $0 == " " || $0 == "," || $0 == "-" }.map { $0.lowercased() }
        let day: Int?, month: Int?, year: Int?, time: String
        switch tokens.count {
        case 6:  // IMF-fixdate or RFC 850: weekday, day, month, year, time, GMT
            guard tokens[5] == "gmt" else { return nil }
            day = Int(tokens[1])
            month = months.firstIndex(of: tokens[2]).map { $0 + 1 }
            year = Int(tokens[3]).map { tokens[3].count == 2 ? ($0 < 70 ? 2000 + $0 : 1900 + $0) : $0 }
            time = tokens[4]
        case 5:  // asctime: weekday, month, day, time, year
            month = months.firstIndex(of: tokens[1]).map { $0 + 1 }
            day = Int(tokens[2])
            time = tokens[3]
            year = Int(tokens[4])
        default:
            return nil
        }
        let clock = time.split(separator: ":").compactMap { Int($0) }
        // Years beyond four digits are no HTTP date and would overflow the arithmetic below.
        guard let day, let month, let year, (1...31).contains(day), (1...9999).contains(year), clock.count == 3,
            (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2])
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86400 + clock[0] * 3600 + clock[1] * 60 + clock[2]))
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
