import Foundation

/// How long to wait before each delivery attempt, the first one included (seconds, before jitter).
public struct RetrySchedule: Sendable, Hashable, CustomStringConvertible {
    /// `delays[0]` is the wait before the first attempt, `delays[n]` the wait after attempt `n` failed.
    public let delays: [TimeInterval]

    /// Immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about 27.6 hours,
    /// the schedule Svix ships and Standard Webhooks recommends in spirit.
    public static let standard = RetrySchedule(constant: [0, 5, 300, 1800, 7200, 18000, 36000, 36000])

    /// Business Central API webhooks retry for up to 36 hours: at once, then after 1 min, 10 min, 1 h, 3 h, 6 h,
    /// 12 h and the 13.8 h that complete the 36 hours (129,600 s after the first attempt, before jitter).
    public static let apiWebhook = RetrySchedule(constant: [0, 60, 600, 3600, 10800, 21600, 43200, 49740])

    /// More attempts than this is a typo rather than a plan.
    public static let maximumEntries = 100
    /// One week: a longer single wait would outlive any receiver's interest in the message.
    public static let maximumDelay: TimeInterval = 7 * 24 * 3600

    /// A schedule written in this file: no input reaches it, and a test checks each against `init(delays:)`.
    private init(constant delays: [TimeInterval]) {
        self.delays = delays
    }

    public init(delays: [TimeInterval]) throws(RetryScheduleError) {
        guard !delays.isEmpty else { throw .empty }
        guard delays.count <= Self.maximumEntries else { throw .tooManyEntries(count: delays.count, maximum: Self.maximumEntries) }
        for (index, delay) in delays.enumerated() {
            guard delay.isFinite, delay >= 0 else { throw .notWholeSeconds(position: index + 1, text: String(delay)) }
            guard delay <= Self.maximumDelay else {
                throw .delayTooLong(position: index + 1, seconds: Int(delay), maximum: Int(Self.maximumDelay))
            }
        }
        self.delays = delays
    }

    /// Parses `0,5,300,1800` (whole seconds, commas, spaces allowed), as given to `--retry-schedule`.
    public init(parsing text: String) throws(RetryScheduleError) {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !(entries.count == 1 && entries[0].isEmpty) else { throw .empty }
        var delays: [TimeInterval] = []
        for (index, entry) in entries.enumerated() {
            guard !entry.isEmpty, entry.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                let seconds = Int(entry)
            else {
                throw .notWholeSeconds(position: index + 1, text: entry)
            }
            delays.append(TimeInterval(seconds))
        }
        try self.init(delays: delays)
    }

    /// How many attempts the schedule allows in all.
    public var maximumAttempts: Int { delays.count }

    /// The text `init(parsing:)` accepts.
    public var description: String { delays.map { String(Int($0)) }.joined(separator: ",") }
}

/// Why a retry schedule was rejected; positions count from 1.
public enum RetryScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case notWholeSeconds(position: Int, text: String)
    case delayTooLong(position: Int, seconds: Int, maximum: Int)
    case tooManyEntries(count: Int, maximum: Int)

    public var description: String {
        let example = "give comma-separated whole seconds such as 0,5,300,1800"
        switch self {
        case .empty:
            return "the retry schedule is empty; \(example)"
        case .notWholeSeconds(let position, let text):
            return "entry \(position) of the retry schedule ('\(text)') is not a whole number of seconds; \(example)"
        case .delayTooLong(let position, let seconds, let maximum):
            return "entry \(position) of the retry schedule (\(seconds) s) is longer than the maximum of \(maximum) s"
        case .tooManyEntries(let count, let maximum):
            return "the retry schedule has \(count) entries; at most \(maximum) are allowed"
        }
    }
}
