import Foundation

/// Calendar dates for filters: day numbers, ISO dates and the date-formula subset FlowGate supports.
///
/// Dates are whole UTC calendar days counted from 1970-01-01 (proleptic Gregorian), so the
/// arithmetic is exact and needs no `Calendar`. A filter operand resolves to an inclusive
/// interval of days: one day for `2026-11-22` or `t`, a whole period for `%month`.
///
/// Supported forms (case-insensitive, whitespace inside the operand ignored):
/// - ISO dates `YYYY-MM-DD`.
/// - `t`/`today` (any prefix of `today`) and `w`/`work`/`workdate` (any prefix of `workdate`);
///   the work date is today when the context has none (reference §3).
/// - Date formulas resolved against today (C1: a bare formula uses TODAY, not the work date):
///   terms `[+|-]<n><unit>` and `[+|-]C<unit>` with units `D W M Q Y`, chained as in
///   `CM+10D` or `-1M-CM`. `CW`/`CM`/`CQ`/`CY` move to the last day of the current week
///   (weeks run Monday–Sunday), month, quarter or year; `-CW`/`-CM`/`-CQ`/`-CY` to the first
///   day. Adding months clamps to the month's end (Jan 31 + 1M = Feb 28/29).
/// - A base followed by signed terms: `t-1W`, `today+10D`, `w-CM`.
/// - Tokens `%today`, `%workdate`, `%yesterday`, `%tomorrow`, and the periods `%week`
///   (`-CW..CW`), `%month` (`-CM..CM`), `%quarter` (`-CQ..CQ`).
/// - `''` is the blank date, which sorts before every date, so `..2026-12-31` includes blank
///   dates as in Business Central.
///
/// Not supported (they need a region format, accounting periods or a time of day): digit dates
/// such as `12 15 00` or `181231`, weekday and week forms (`mon25`, `t23`), `p1`/`period4`,
/// closing dates `C123101`, `D10`/`WD4` formulas, and times. They simply do not match.
enum FilterDates {
    /// Stands for the blank date (`0D`), which sorts first.
    static let blank = Int.min

    // MARK: - Field values

    /// The day of a field value; `nil` when the value is not a date.
    ///
    /// Accepts `YYYY-MM-DD` and RFC 3339 date-times (the date as written, without converting
    /// time zones). Null, `""` and `0001-01-01` (how Business Central's APIs send a blank date)
    /// are the blank date.
    static func day(ofField value: JSONValue?) -> Int? {
        switch value {
        case nil, .null?:
            return blank
        case .string(let raw)?:
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return blank }
            let datePart = text.prefix(10)
            let rest = text.dropFirst(10)
            guard rest.isEmpty || rest.first == "T" || rest.first == "t" || rest.first == " " else { return nil }
            guard let day = isoDay(datePart) else { return nil }
            return datePart == "0001-01-01" ? blank : day
        default:
            return nil
        }
    }

    // MARK: - Filter operands

    /// The inclusive interval of days an operand stands for, or `nil` when it is not a date.
    static func interval(of operand: FilterOperand, in context: FilterContext) -> ClosedRange<Int>? {
        let today = day(of: context.today)
        switch operand {
        case .pattern:
            return nil
        case .token(let token):
            switch token {
            case .me, .user: return nil
            case .today: return today...today
            case .workdate: return single(context.workDate.map(day(of:)) ?? today)
            case .yesterday: return single(today - 1)
            case .tomorrow: return single(today + 1)
            case .week: return period(.week, around: today)
            case .month: return period(.month, around: today)
            case .quarter: return period(.quarter, around: today)
            }
        case .literal(let raw):
            let text = String(raw.filter { !$0.isWhitespace }.lowercased())
            if text.isEmpty { return blank...blank }
            if let day = isoDay(Substring(text)) { return day...day }
            return formula(text, in: context).map(single)
        }
    }

    private static func single(_ day: Int) -> ClosedRange<Int> { day...day }

    private static func period(_ unit: Unit, around day: Int) -> ClosedRange<Int> {
        startOfPeriod(unit, day)...endOfPeriod(unit, day)
    }

    /// `base? term*`; a formula without base is relative to today.
    static func formula(_ text: String, in context: FilterContext) -> Int? {
        var rest = Substring(text)
        let word = rest.prefix(while: \.isLetter)
        var date = day(of: context.today)
        var needsSign = false
        if !word.isEmpty, "today".hasPrefix(word) || "workdate".hasPrefix(word) {
            if word.first == "w", let workDate = context.workDate { date = day(of: workDate) }
            rest = rest.dropFirst(word.count)
            needsSign = true
            if rest.isEmpty { return date }
        }
        while !rest.isEmpty {
            var sign = 1
            if rest.first == "+" || rest.first == "-" {
                sign = rest.first == "-" ? -1 : 1
                rest = rest.dropFirst()
            } else if needsSign {
                return nil
            }
            if rest.first == "c" {
                guard let unit = rest.dropFirst().first.flatMap(Unit.init) else { return nil }
                date = sign < 0 ? startOfPeriod(unit, date) : endOfPeriod(unit, date)
                rest = rest.dropFirst(2)
            } else {
                let digits = rest.prefix(while: \.isASCIIDigit)
                guard !digits.isEmpty, digits.count <= 6, let count = Int(digits),
                      let unit = rest.dropFirst(digits.count).first.flatMap(Unit.init) else { return nil }
                date = adding(sign * count, unit, to: date)
                rest = rest.dropFirst(digits.count + 1)
            }
        }
        return date
    }

    // MARK: - Calendar arithmetic

    private enum Unit {
        case day, week, month, quarter, year

        init?(_ letter: Character) {
            switch letter {
            case "d": self = .day
            case "w": self = .week
            case "m": self = .month
            case "q": self = .quarter
            case "y": self = .year
            default: return nil
            }
        }
    }

    private static func adding(_ count: Int, _ unit: Unit, to day: Int) -> Int {
        switch unit {
        case .day: return day + count
        case .week: return day + 7 * count
        case .month: return addingMonths(count, to: day)
        case .quarter: return addingMonths(3 * count, to: day)
        case .year: return addingMonths(12 * count, to: day)
        }
    }

    private static func addingMonths(_ months: Int, to day: Int) -> Int {
        let (year, month, dayOfMonth) = CivilDays.civil(day)
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index.floorDiv(12), index.floorMod(12) + 1)
        return CivilDays.dayNumber(year: newYear, month: newMonth, day: min(dayOfMonth, CivilDays.daysIn(month: newMonth, year: newYear)))
    }

    private static func startOfPeriod(_ unit: Unit, _ day: Int) -> Int {
        let (year, month, _) = CivilDays.civil(day)
        switch unit {
        case .day: return day
        case .week: return day - weekdayIndex(day)
        case .month: return CivilDays.dayNumber(year: year, month: month, day: 1)
        case .quarter: return CivilDays.dayNumber(year: year, month: (month - 1) / 3 * 3 + 1, day: 1)
        case .year: return CivilDays.dayNumber(year: year, month: 1, day: 1)
        }
    }

    private static func endOfPeriod(_ unit: Unit, _ day: Int) -> Int {
        let (year, month, _) = CivilDays.civil(day)
        switch unit {
        case .day: return day
        case .week: return startOfPeriod(.week, day) + 6
        case .month: return CivilDays.dayNumber(year: year, month: month, day: CivilDays.daysIn(month: month, year: year))
        case .quarter:
            let last = (month - 1) / 3 * 3 + 3
            return CivilDays.dayNumber(year: year, month: last, day: CivilDays.daysIn(month: last, year: year))
        case .year: return CivilDays.dayNumber(year: year, month: 12, day: 31)
        }
    }

    /// 0 for Monday … 6 for Sunday; day 0 (1970-01-01) was a Thursday.
    private static func weekdayIndex(_ day: Int) -> Int { (day + 3).floorMod(7) }

    /// The UTC calendar day a `Date` falls on.
    static func day(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// A strict `YYYY-MM-DD` that names a real day.
    static func isoDay(_ text: Substring) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...CivilDays.daysIn(month: month, year: year)).contains(day) else { return nil }
        return CivilDays.dayNumber(year: year, month: month, day: day)
    }
}

extension Int {
    fileprivate func floorDiv(_ divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func floorMod(_ divisor: Int) -> Int {
        self - floorDiv(divisor) * divisor
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
