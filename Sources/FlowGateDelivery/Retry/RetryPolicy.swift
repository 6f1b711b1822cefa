import Foundation

/// Decides, after each delivery attempt, whether the message is delivered, retried (and when),
/// abandoned as a dead letter, or its subscription is gone. Pure: time and randomness are passed in.
///
/// Rules, in order:
/// 1. 2xx → delivered. 410 → gone.
/// 2. Business Central's stop rules → stop: 404 whose body names `WorkflowNotFound` or
///    `WorkflowTriggerVersionNotFound`, 400 whose body names `WorkflowTriggerIsNotEnabled`.
/// 3. Every other answer (3xx included: redirects are never followed), timeout or transport failure
///    is a failure: stop when the schedule is used up, otherwise retry after the next delay.
/// 4. The delay gets ±`jitter` (20 %) so that messages failing together do not retry together.
/// 5. Overload (429, 502, 504, timeout) slows down: the delay is multiplied by `overloadMultiplier`
///    and is at least `overloadMinimumDelay` (60 s, as Svix does).
/// 6. `Retry-After` (seconds or HTTP-date) on a failed answer can only lengthen the wait, never
///    shorten it below our own delay (a receiver should not make us hammer it), and is capped at
///    `maximumRetryAfter` (24 h) so a receiver cannot park a message indefinitely.
public struct RetryPolicy: Sendable, Hashable {
    public var schedule: RetrySchedule
    /// The schedule of messages to Business Central API webhook receivers (record changes).
    public var apiWebhookSchedule: RetrySchedule = .apiWebhook
    /// Relative spread of each delay: 0.2 gives a delay between 80 % and 120 % of the scheduled one.
    public var jitter: Double = 0.2
    public var overloadMultiplier: Double = 2
    public var overloadMinimumDelay: TimeInterval = 60
    public var maximumRetryAfter: TimeInterval = 24 * 3600

    /// Statuses that mean "slow down" (Standard Webhooks: 429 and 502/504 throttle).
    public static let overloadStatuses: Set<Int> = [429, 502, 504]

    /// Response-body markers with which Business Central says a Flow trigger is gone for good.
    public static let stopMarkers: [(statusCode: Int, code: String)] = [
        (404, "WorkflowNotFound"), (404, "WorkflowTriggerVersionNotFound"), (400, "WorkflowTriggerIsNotEnabled"),
    ]

    /// Statuses an API webhook receiver is retried after; any other failure status deletes its subscription.
    public static let apiWebhookRetryStatuses: Set<Int> = [408, 429]
    /// Business Central retries an API webhook notification "over the next 36 hours", whatever slows it down.
    public static let apiWebhookRetryPeriod: TimeInterval = 36 * 3600

    public init(schedule: RetrySchedule = .standard, apiWebhookSchedule: RetrySchedule = .apiWebhook) {
        self.schedule = schedule
        self.apiWebhookSchedule = apiWebhookSchedule
    }

    /// The wait before the first attempt (`schedule.delays[0]`, jittered).
    public func firstAttemptDelay(using random: inout some RandomNumberGenerator) -> TimeInterval {
        jittered(schedule.delays[0], using: &random)
    }

    /// The decision after attempt number `attempt` (1 for the first) ended in `outcome` at `now`. Under API
    /// webhook rules, no retry falls later than `apiWebhookRetryPeriod` after `since` (the message's creation).
    public func decide(
        after attempt: Int, outcome: AttemptOutcome, now: Date, rules: FailureRules = .flow, since: Date? = nil,
        using random: inout some RandomNumberGenerator
    ) -> RetryDecision {
        var overloaded = false
        var retryAfter: TimeInterval?
        let schedule = rules == .apiWebhook ? apiWebhookSchedule : schedule
        switch outcome {
        case .response(let status, let retryAfterHeader, let body):
            if (200...299).contains(status) { return .delivered }
            switch rules {
            case .flow:
                if status == 410 { return .gone }
                if let code = Self.stopCode(statusCode: status, body: body) {
                    return .stop(.receiverRejected(statusCode: status, code: code))
                }
            case .apiWebhook:
                if !(500...599).contains(status) && !Self.apiWebhookRetryStatuses.contains(status) { return .gone }
            }
            overloaded = Self.overloadStatuses.contains(status)
            retryAfter = retryAfterHeader.flatMap { RetryAfter.delay($0, now: now) }
        case .timedOut:
            overloaded = true
        case .failed:
            break
        }
        guard attempt >= 1, attempt < schedule.maximumAttempts else {
            return .stop(.scheduleExhausted(attempts: attempt))
        }
        var delay = schedule.delays[attempt]
        if overloaded { delay *= overloadMultiplier }
        delay = jittered(delay, using: &random)
        if overloaded { delay = max(delay, overloadMinimumDelay) }
        if let retryAfter { delay = max(delay, min(retryAfter, maximumRetryAfter)) }
        var retryAt = now.addingTimeInterval(delay)
        if rules == .apiWebhook, let since {
            let deadline = since.addingTimeInterval(Self.apiWebhookRetryPeriod)
            guard now < deadline else { return .stop(.scheduleExhausted(attempts: attempt)) }
            retryAt = min(retryAt, deadline)
        }
        return .retry(at: retryAt)
    }

    /// The Business Central stop code the body carries for this status, if any.
    static func stopCode(statusCode: Int, body: [UInt8]) -> String? {
        let markers = stopMarkers.filter { $0.statusCode == statusCode }
        guard !markers.isEmpty else { return nil }
        let text = String(decoding: body, as: UTF8.self)
        return markers.first { text.contains($0.code) }?.code
    }

    private func jittered(_ delay: TimeInterval, using random: inout some RandomNumberGenerator) -> TimeInterval {
        guard delay > 0, jitter > 0 else { return delay }
        return delay * Double.random(in: (1 - jitter)...(1 + jitter), using: &random)
    }
}
