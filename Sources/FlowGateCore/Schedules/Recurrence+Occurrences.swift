import Foundation

/// The slots of a recurrence: the instants it fires at, distinct, strictly increasing and in whole seconds.
///
/// Daylight saving follows Power Automate: a wall time that does not exist on a day (the spring-forward gap,
/// 02:30 on 2026-03-29 in Europe/Paris) fires once, when the gap ends (03:00 local); wall times that fall
/// into the same instant that way are one slot. A wall time that occurs twice (fall-back, 02:30 on 2026-10-25
/// in Europe/Paris) fires once, at its first occurrence.
///
/// Wall times are turned into instants here from the zone's UTC offsets rather than with Foundation's
/// `Calendar`: `date(from:)` moves a time in the gap forward by the gap's length (02:30 becomes 03:30, not
/// 03:00), and `nextDate(after:matching:matchingPolicy:.nextTime…)` gives 03:00 for hour-long gaps but skips
/// the whole day for Australia/Lord_Howe's half-hour gap and ignores `repeatedTimePolicy: .last` there
/// (Foundation of Swift 6.3 on Linux). Calendar dates are whole days since 1970-01-01 in the
/// proleptic Gregorian calendar, which needs no time zone at all.
extension Recurrence {
    /// Where counting the slots `latestSlot(notAfter:after:)` skipped stops for day, week and month
    /// recurrences, whose slots are counted one by one; minute and hour counts are exact.
    static let skippedCountLimit = 100_000

    /// The first slot strictly after `instant`; the first slot (at or after `startTime`) when `instant` is before
    /// `startTime`. Nil when the recurrence is invalid (see ``validated()``), when its slots have ended (after
    /// 9999-12-31) or, for a month recurrence, when none of its days occurs within about ten years.
    public func nextSlot(after instant: Date) -> Date? {
        guard let schedule = SlotSchedule(self), let after = SlotSchedule.clampedSeconds(instant) else { return nil }
        return schedule.firstSlot(after: max(after, schedule.start - 1)).map(SlotSchedule.date)
    }

    /// For a scheduler that was down: the latest slot at or before `instant` and after `previous` (the slot it
    /// fired last; nil when it never fired), and how many slots it missed before that one — the slots after
    /// `previous` (from `startTime` when nil) and before the returned slot. Nil when there is no such slot.
    ///
    /// Minute and hour counts are exact; day, week and month counts stop at ``skippedCountLimit``.
    public func latestSlot(notAfter instant: Date, after previous: Date?) -> (slot: Date, skipped: Int)? {
        guard let schedule = SlotSchedule(self), let notAfter = SlotSchedule.clampedSeconds(instant) else { return nil }
        // Only slots after `floor` count, and every slot is at or after the start.
        var floor = schedule.start - 1
        if let previous {
            guard let previousSecond = SlotSchedule.clampedSeconds(previous) else { return nil }
            floor = max(floor, previousSecond)
        }
        guard let slot = schedule.lastSlot(notAfter: notAfter), slot > floor else { return nil }
        let skipped = schedule.countSlots(after: floor, before: slot, limit: Self.skippedCountLimit)
        return (SlotSchedule.date(slot), skipped)
    }
}

/// A validated recurrence in whole seconds since 1970, where slots are computed.
///
/// Day, week and month recurrences are cut into periods, numbered from 0 for the one holding `startTime`: a
/// period is `interval` days, weeks (from Monday) or months, and its slots are its days at each time of day.
private struct SlotSchedule {
    static let secondsPerDay = 86_400
    /// No slot is computed after 9999-12-31T23:59:59Z.
    static let lastSecond = Recurrence.supportedSeconds.upperBound

    let frequency: Recurrence.Frequency
    let interval: Int
    let start: Int
    let clock: ZoneClock
    /// The local calendar day of `start`, in days since 1970-01-01.
    let startDay: Int
    /// Seconds after local midnight of the slots on each slot day, ascending.
    let timesOfDay: [Int]
    /// For week: the slot days as days after Monday (0 = Monday … 6 = Sunday), ascending.
    let weekdayOffsets: [Int]
    /// For month: the days of the month, ascending.
    let monthDays: [Int]

    init?(_ recurrence: Recurrence) {
        guard let valid = try? recurrence.validated(), let zone = TimeZone(identifier: valid.timeZone),
              let start = Recurrence.wholeSeconds(valid.startTime) else { return nil }
        let clock = ZoneClock(zone: zone)
        let startWall = clock.wallSecond(of: start)
        let startDay = CivilDays.floorDiv(startWall, Self.secondsPerDay)
        let startTimeOfDay = startWall - startDay * Self.secondsPerDay

        self.frequency = valid.frequency
        self.interval = valid.interval
        self.start = start
        self.clock = clock
        self.startDay = startDay
        if valid.atHours == nil && valid.atMinutes == nil {
            timesOfDay = [startTimeOfDay]
        } else {
            // Each hour with each minute, at 0 seconds; either list defaults to the start's own.
            let hours = valid.atHours ?? [startTimeOfDay / 3600]
            let minutes = valid.atMinutes ?? [startTimeOfDay % 3600 / 60]
            timesOfDay = hours.flatMap { hour in minutes.map { minute in hour * 3600 + minute * 60 } }
        }
        weekdayOffsets = valid.weekDays.map { days in days.compactMap { Recurrence.WeekDay.allCases.firstIndex(of: $0) } }
            ?? [CivilDays.weekdayOffset(startDay)]
        monthDays = valid.monthDays ?? [CivilDays.civil(startDay).day]
    }

    static func date(_ second: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(second)) }

    /// `date` rounded down to whole seconds (a slot is after `date` exactly when it is after that second) and
    /// kept within a day of the supported range so nothing overflows; nil when it is not a number.
    static func clampedSeconds(_ date: Date) -> Int? {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard !seconds.isNaN else { return nil }
        let lowest = TimeInterval(Recurrence.supportedSeconds.lowerBound - secondsPerDay)
        let highest = TimeInterval(Recurrence.supportedSeconds.upperBound + secondsPerDay)
        return Int(min(max(seconds, lowest), highest))
    }

    // MARK: - Searching

    /// The first slot after `second`.
    func firstSlot(after second: Int) -> Int? {
        if let step = elapsedStep {
            let index = max(0, CivilDays.floorDiv(second - start, step) + 1)
            let slot = start + index * step
            return slot <= Self.lastSecond ? slot : nil
        }
        // A wall time never falls before the wall time of an earlier instant by more than a DST shift, so the
        // answer lies in the period of `second` or a later one; the period before covers a shift across midnight.
        let first = max(0, period(containing: second) - 1)
        for index in first..<(first + periodsToScan) {
            if let slot = slots(inPeriod: index).first(where: { $0 > second }) { return slot }
        }
        return nil
    }

    /// The latest slot at or before `second`.
    func lastSlot(notAfter second: Int) -> Int? {
        let second = min(second, Self.lastSecond)
        guard second >= start else { return nil }
        if let step = elapsedStep {
            return start + (second - start) / step * step
        }
        // The period after also covers a fall-back across midnight (a first occurrence dated the next day).
        let last = period(containing: second) + 1
        for index in stride(from: last, through: max(0, last - periodsToScan), by: -1) {
            if let slot = slots(inPeriod: index).last(where: { $0 <= second }) { return slot }
        }
        return nil
    }

    /// How many slots lie strictly between `floor` and `ceiling` (a slot), up to `limit`.
    func countSlots(after floor: Int, before ceiling: Int, limit: Int) -> Int {
        if let step = elapsedStep {
            let firstIndex = max(0, CivilDays.floorDiv(floor - start, step) + 1)
            let ceilingIndex = (ceiling - start) / step
            return max(0, ceilingIndex - firstIndex)
        }
        let first = max(0, period(containing: floor) - 1)
        // Day and week periods always hold a slot, so `limit` ends the loop first; month periods without a slot
        // are bounded by the supported range (fewer than 100 000 months).
        let last = min(period(containing: ceiling) + 1, first + limit + periodsToScan)
        guard first <= last else { return 0 }
        var count = 0
        var previousSlot = floor
        for index in first...last {
            // Slots never decrease from one period to the next; a wall time whose gap ends at the next
            // period's first slot is the same slot, hence the comparison with the one counted before.
            for slot in slots(inPeriod: index) where slot > previousSlot && slot < ceiling {
                count += 1
                previousSlot = slot
                if count >= limit { return limit }
            }
        }
        return count
    }

    // MARK: - Periods

    /// The seconds between slots of a minute or hour recurrence; nil for the calendar frequencies.
    private var elapsedStep: Int? {
        switch frequency {
        case .minute: interval * 60
        case .hour: interval * 3600
        case .day, .week, .month: nil
        }
    }

    /// How many periods a search looks at. Day and week periods always hold a slot; month periods may not (the
    /// 31st, or 29 February), so they are searched about ten years ahead, enough for any leap day.
    private var periodsToScan: Int {
        frequency == .month ? max(4, 120 / interval + 3) : 4
    }

    /// The number of the period holding the local calendar day of `second` (negative before the first).
    private func period(containing second: Int) -> Int {
        let day = CivilDays.floorDiv(clock.wallSecond(of: second), Self.secondsPerDay)
        switch frequency {
        case .minute, .hour, .day:
            return CivilDays.floorDiv(day - startDay, interval)
        case .week:
            return CivilDays.floorDiv(day - firstMonday, 7 * interval)
        case .month:
            return CivilDays.floorDiv(CivilDays.monthIndex(day) - CivilDays.monthIndex(startDay), interval)
        }
    }

    /// The Monday of the week holding the start, where week periods are counted from.
    private var firstMonday: Int { startDay - CivilDays.weekdayOffset(startDay) }

    /// The calendar days of a period that hold slots, ascending.
    private func days(inPeriod index: Int) -> [Int] {
        switch frequency {
        case .minute, .hour, .day:
            return [startDay + index * interval]
        case .week:
            let monday = firstMonday + index * 7 * interval
            return weekdayOffsets.map { monday + $0 }
        case .month:
            let month = CivilDays.monthIndex(startDay) + index * interval
            let year = CivilDays.floorDiv(month, 12)
            let monthOfYear = month - year * 12 + 1
            let length = CivilDays.daysIn(month: monthOfYear, year: year)
            // A day the month lacks is skipped for that month, never moved to its last day.
            return monthDays.filter { $0 <= length }.map { CivilDays.dayNumber(year: year, month: monthOfYear, day: $0) }
        }
    }

    /// The slots of a period, ascending and distinct, from `start` on.
    private func slots(inPeriod index: Int) -> [Int] {
        guard index >= 0 else { return [] }
        var slots: [Int] = []
        let lastDay = Self.lastSecond / Self.secondsPerDay + 1
        for day in days(inPeriod: index) where day <= lastDay {
            let midnight = day * Self.secondsPerDay
            let steadyOffset = clock.steadyOffset(onDayAtWall: midnight)
            for time in timesOfDay {
                let wall = midnight + time
                let slot = steadyOffset.map { wall - $0 } ?? clock.instant(ofWall: wall)
                // Two wall times in one spring-forward gap, or a gap and the time it ends at, are one slot.
                if slot >= start, slot <= Self.lastSecond, slot != slots.last { slots.append(slot) }
            }
        }
        return slots
    }
}

/// A time zone's wall clock in whole seconds: wall seconds are local date and time counted as if they were UTC.
private struct ZoneClock {
    let zone: TimeZone

    func offset(at second: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(second)))
    }

    func wallSecond(of second: Int) -> Int { second + offset(at: second) }

    /// The offset in force for the whole local day starting at wall second `midnight` and the 12 hours before it,
    /// or nil when it changes then: each time of that day then goes through ``instant(ofWall:)``.
    ///
    /// The hours before count because a fall-back soon after midnight (America/Havana goes from 01:00 back to
    /// 00:00) shows the day's first wall times once before the instant the day starts at on the new offset.
    func steadyOffset(onDayAtWall midnight: Int) -> Int? {
        // Midday read as UTC is off by the offset, but still within the local day.
        let guess = offset(at: midnight + SlotSchedule.secondsPerDay / 2)
        let before = offset(at: midnight - guess - SlotSchedule.secondsPerDay / 2)
        let atEnd = offset(at: midnight + SlotSchedule.secondsPerDay - 1 - guess)
        return before == guess && atEnd == guess ? guess : nil
    }

    /// The instant a wall time fires at: its first occurrence when the clock shows it twice, and the end of the
    /// gap (the moment the clocks jump) when it does not exist.
    func instant(ofWall wall: Int) -> Int {
        // Offsets two days either side: any instant showing `wall` uses one of them (offsets stay within ±1 day).
        let earlier = offset(at: wall - 2 * SlotSchedule.secondsPerDay)
        let later = offset(at: wall + 2 * SlotSchedule.secondsPerDay)
        let occurrences = [wall - earlier, wall - later].filter { wallSecond(of: $0) == wall }
        if let first = occurrences.min() { return first }

        // In the gap: `before` is still on the old offset, `after` already on the new one; the transition is
        // the first second on the new offset, found by halving (a gap is far shorter than 2^64 seconds).
        var before = wall - max(earlier, later)
        var after = wall - min(earlier, later)
        let oldOffset = offset(at: before)
        guard before < after, offset(at: after) != oldOffset else { return wall - earlier }
        for _ in 0..<64 {
            guard after - before > 1 else { break }
            let middle = before + (after - before) / 2
            if offset(at: middle) == oldOffset { before = middle } else { after = middle }
        }
        return after
    }
}
