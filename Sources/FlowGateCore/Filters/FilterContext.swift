import Foundation

/// What a filter needs from outside: the clock and the current user, passed in, never read.
public struct FilterContext: Sendable, Equatable {
    /// Today: the UTC calendar day this instant falls on is used (`t`, `%today`, date formulas).
    public var today: Date
    /// The work date (`w`, `%workdate`); today when `nil`, as in Business Central.
    public var workDate: Date?
    /// The user `%me` and `%user` stand for; without one those tokens match nothing.
    public var userId: String?

    public init(today: Date, workDate: Date? = nil, userId: String? = nil) {
        self.today = today
        self.workDate = workDate
        self.userId = userId
    }
}

/// How to read a field value when filtering: the Business Central field type it stands for.
public enum FilterValueKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// From the JSON value: number → `decimal`, bool → `boolean`, string → `text`. A missing
    /// value is 0 for a numeric operand (`>0`, `0..10`) and blank text otherwise.
    case automatic
    /// Integer or Decimal: numeric comparison; numeric strings such as `"12.50"` are read too.
    /// Blank is 0. A non-numeric operand matches nothing.
    case decimal
    /// Text: case-sensitive unless `@`; intervals in text order (see `CollatedText`).
    case text
    /// Code: value and operands trimmed and upper-cased, then compared as text, so `blue`
    /// finds `BLUE` and `10..20` includes `100` (reference §4, D7, D8).
    case code
    /// Option/Enum by caption (`Open`, `Pending Approval`), always case-insensitive, because
    /// FlowGate does not know the enum's ordinal order, `<`, `>` and `..` compare captions as text.
    case option
    /// Boolean: `Yes`/`No`, `true`/`false`, `1`/`0`, case-insensitive; blank is No, and No < Yes.
    case boolean
    /// Date: `YYYY-MM-DD` or an RFC 3339 date-time (its date as written); see `FilterDates`.
    case date
}
