import Foundation

extension Date {
    /// An RFC 3339 date-time (`2026-01-01T09:00:00Z`, an offset, or fractional seconds); nil for anything else.
    public init?(rfc3339 text: String) {
        if let date = try? Date.ISO8601FormatStyle().parse(text) {
            self = date
        } else if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            self = date
        } else {
            return nil
        }
    }
}
