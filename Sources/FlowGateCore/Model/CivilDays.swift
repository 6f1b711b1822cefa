import Foundation

/// Proleptic Gregorian calendar days, counted from 1970-01-01 (day 0, a Thursday): the arithmetic behind filter
/// dates, recurrences and date validation, free of Foundation's calendar and time-zone rules.
enum CivilDays {
    static func floorDiv(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor != 0 && (value < 0) != (divisor < 0) ? quotient - 1 : quotient
    }

    /// 0 for Monday … 6 for Sunday.
    static func weekdayOffset(_ day: Int) -> Int {
        let shifted = day + 3
        return shifted - floorDiv(shifted, 7) * 7
    }

    /// Months since January of year 0, so months can be counted across years.
    static func monthIndex(_ day: Int) -> Int {
        let date = civil(day)
        return date.year * 12 + date.month - 1
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// Years are counted from March here, so the leap day is the last day of its year and a 400-year cycle
    /// ("era") always has 146 097 days.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDiv(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = month <= 2 ? month + 9 : month - 3
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``dayNumber(year:month:day:)``.
    static func civil(_ dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let sinceEpochMarch = dayNumber + 719_468
        let era = floorDiv(sinceEpochMarch, 146_097)
        let dayOfEra = sinceEpochMarch - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
