import Foundation

/// A Business Central date formula such as `<2D>`, `1W`, `CM+10D`: a Due Date Formula of an approval step.
///
/// It shares the date arithmetic of filter expressions (`FilterDates`); the angle brackets
/// Business Central shows around formulas are optional. A blank formula means today.
public struct DateFormula: Sendable, Hashable, CustomStringConvertible {
    /// The formula as given.
    public let source: String
    private let normalized: String

    /// Parses a formula; a formula that points before today is refused, as Business Central does.
    public init(parsing text: String, field: String = "dueDateFormula") throws(FlowGateError) {
        source = text
        var body = text.filter { !$0.isWhitespace }.lowercased()
        if body.hasPrefix("<") && body.hasSuffix(">") && body.count >= 2 { body = String(body.dropFirst().dropLast()) }
        normalized = body
        let probe = Date(timeIntervalSince1970: 20_000 * 86_400)
        guard let day = Self.day(body, today: probe) else {
            throw FlowGateError.validation(field: field, "'\(text)' is not a date formula such as <2D>, 1W or CM+10D")
        }
        if day < FilterDates.day(of: probe) {
            throw FlowGateError.validation(field: field, "\(text) must be a positive value.")
        }
    }

    /// The day this formula gives from `today` (UTC calendar days), as midnight UTC.
    public func date(from today: Date) -> Date {
        let day = Self.day(normalized, today: today) ?? FilterDates.day(of: today)
        return Date(timeIntervalSince1970: Double(day) * 86_400)
    }

    public var description: String { source }

    private static func day(_ body: String, today: Date) -> Int? {
        if body.isEmpty { return FilterDates.day(of: today) }
        return FilterDates.formula(body, in: FilterContext(today: today))
    }
}

extension Date {
    /// Midnight UTC of the calendar day this instant falls on: Business Central's Today.
    public var startOfUTCDay: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}
