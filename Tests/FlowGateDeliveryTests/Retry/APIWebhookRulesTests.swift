import FlowGateDelivery
import Foundation
import Testing

/// The failure rules of Business Central API webhook receivers (record-change notifications): 2xx delivers,
/// 408, 429, 5xx and no answer are retried for 36 hours, any other answer removes the subscription.
@Suite("API webhook failure rules")
struct APIWebhookRulesTests {
    let policy = RetryPolicy()
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func decide(
        after attempt: Int, _ outcome: AttemptOutcome, rules: FailureRules = .apiWebhook, policy: RetryPolicy? = nil, seed: UInt64 = 1
    ) -> RetryDecision {
        var random = SeededRandom(seed: seed)
        return (policy ?? self.policy).decide(after: attempt, outcome: outcome, now: now, rules: rules, using: &random)
    }

    /// The delay of a retry decision, or nil for any other decision.
    func delay(
        after attempt: Int, _ outcome: AttemptOutcome, rules: FailureRules = .apiWebhook, policy: RetryPolicy? = nil, seed: UInt64 = 1
    ) -> TimeInterval? {
        guard case .retry(let at) = decide(after: attempt, outcome, rules: rules, policy: policy, seed: seed) else { return nil }
        return at.timeIntervalSince(now)
    }

    static func status(_ code: Int, body: String = "", retryAfter: String? = nil) -> AttemptOutcome {
        .response(statusCode: code, retryAfter: retryAfter, body: Array(body.utf8))
    }

    @Test("The API webhook schedule retries for 36 hours: its delays after the first attempt sum to 129,600 s")
    func scheduleSpans36Hours() {
        let delays = RetrySchedule.apiWebhook.delays
        #expect(delays.first == 0)
        #expect(delays.dropFirst().reduce(0, +) == 129_600)
        #expect(delays.dropFirst().reduce(0, +) == 36 * 3600)
        #expect(RetrySchedule.apiWebhook.maximumAttempts == delays.count)
        #expect(RetryPolicy().apiWebhookSchedule == .apiWebhook)
    }

    @Test("2xx is delivered, whatever the attempt", arguments: [1, 4, 8])
    func delivered(attempt: Int) {
        for code in [200, 201, 202, 204, 299] {
            #expect(decide(after: attempt, Self.status(code)) == .delivered)
        }
    }

    @Test(
        "Any other answer than 2xx, 408, 429 or 5xx is gone at once: the subscription is deleted",
        arguments: [301, 302, 304, 307, 400, 401, 403, 404, 405, 409, 410, 413, 422]
    )
    func refusalsAreGone(statusCode: Int) {
        #expect(decide(after: 1, Self.status(statusCode)) == .gone)
        // Not only on the first attempt, and not turned into a retry by a Retry-After.
        #expect(decide(after: 5, Self.status(statusCode, retryAfter: "120")) == .gone)
    }

    @Test("Business Central's stop markers mean nothing here: a 404 naming WorkflowNotFound is gone too")
    func stopMarkersIgnored() {
        #expect(decide(after: 1, Self.status(404, body: #"{"error":{"code":"WorkflowNotFound"}}"#)) == .gone)
        #expect(decide(after: 1, Self.status(400, body: "WorkflowTriggerIsNotEnabled")) == .gone)
    }

    @Test(
        "408, 429, 5xx, timeouts and transport failures are retried on the API webhook schedule",
        arguments: [
            APIWebhookRulesTests.status(408), APIWebhookRulesTests.status(429), APIWebhookRulesTests.status(500),
            APIWebhookRulesTests.status(502), APIWebhookRulesTests.status(503), APIWebhookRulesTests.status(504),
            APIWebhookRulesTests.status(599), AttemptOutcome.timedOut, AttemptOutcome.failed,
        ]
    )
    func retriedOnSchedule(outcome: AttemptOutcome) throws {
        for attempt in 1..<RetrySchedule.apiWebhook.maximumAttempts {
            let scheduled = RetrySchedule.apiWebhook.delays[attempt]
            let seconds = try #require(delay(after: attempt, outcome), "attempt \(attempt)")
            // Overload answers wait twice as long and at least a minute; the rest ±20 % of the schedule.
            let overloaded = [Self.status(429), Self.status(502), Self.status(504), .timedOut].contains(outcome)
            let low = overloaded ? max(2 * scheduled * 0.8, 60) : scheduled * 0.8
            let high = overloaded ? max(2 * scheduled * 1.2, 60) : scheduled * 1.2
            #expect(seconds >= low && seconds <= high, "attempt \(attempt): \(seconds) s")
        }
    }

    @Test("A plain failure after the first attempt waits about a minute, not the standard schedule's 5 seconds")
    func notTheStandardSchedule() throws {
        for seed in 0..<50 {
            let seconds = try #require(delay(after: 1, Self.status(500), seed: UInt64(seed)))
            #expect(seconds >= 48 && seconds <= 72)
        }
        let standard = try #require(delay(after: 1, Self.status(500), rules: .flow))
        #expect(standard >= 4 && standard <= 6)
    }

    @Test("Retry-After lengthens the wait of a retried answer, capped at 24 hours")
    func retryAfter() {
        #expect(delay(after: 1, Self.status(503, retryAfter: "600")) == 600)
        #expect(delay(after: 1, Self.status(429, retryAfter: "999999")) == 86_400)
    }

    @Test("Once the schedule is used up the message is a dead letter", arguments: [
        APIWebhookRulesTests.status(500), APIWebhookRulesTests.status(408), APIWebhookRulesTests.status(429), AttemptOutcome.timedOut,
        AttemptOutcome.failed,
    ])
    func stopsWhenScheduleUsedUp(outcome: AttemptOutcome) {
        let last = RetrySchedule.apiWebhook.maximumAttempts
        #expect(delay(after: last - 1, outcome) != nil)
        #expect(decide(after: last, outcome) == .stop(.scheduleExhausted(attempts: last)))
        // A 2xx on the last attempt is still delivered, a refusal still gone.
        #expect(decide(after: last, Self.status(204)) == .delivered)
        #expect(decide(after: last, Self.status(404)) == .gone)
    }

    @Test("A policy's own API webhook schedule is the one used; the standard schedule does not limit it")
    func ownSchedule() throws {
        let short = RetryPolicy(schedule: .standard, apiWebhookSchedule: try RetrySchedule(parsing: "0,30"))
        let seconds = try #require(delay(after: 1, .failed, policy: short))
        #expect(seconds >= 24 && seconds <= 36)
        #expect(decide(after: 2, .failed, policy: short) == .stop(.scheduleExhausted(attempts: 2)))
        // …and under the Flow rules the standard schedule still runs its eight attempts.
        #expect(delay(after: 2, .failed, rules: .flow, policy: short) != nil)
        let long = RetryPolicy(schedule: try RetrySchedule(parsing: "0,1"))
        #expect(delay(after: 7, .failed, policy: long) != nil)
    }

    @Test("The Flow rules are unchanged: 410 is gone, 404 is retried, a WorkflowNotFound 404 stops")
    func flowRulesUnchanged() throws {
        #expect(decide(after: 1, Self.status(410), rules: .flow) == .gone)
        let retried = try #require(delay(after: 1, Self.status(404), rules: .flow))
        #expect(retried >= 4 && retried <= 6)
        #expect(delay(after: 1, Self.status(401), rules: .flow) != nil)
        #expect(delay(after: 1, Self.status(301), rules: .flow) != nil)
        #expect(
            decide(after: 1, Self.status(404, body: "WorkflowNotFound"), rules: .flow)
                == .stop(.receiverRejected(statusCode: 404, code: "WorkflowNotFound"))
        )
        #expect(decide(after: 8, .failed, rules: .flow) == .stop(.scheduleExhausted(attempts: 8)))
        // The rules default to Flow's.
        var random = SeededRandom(seed: 1)
        #expect(policy.decide(after: 1, outcome: Self.status(404), now: now, using: &random) == decide(after: 1, Self.status(404), rules: .flow))
    }

    @Test("Slow-downs cannot stretch API webhook retries past 36 hours after the message was made")
    func thirtySixHoursAtMost() {
        var random = SystemRandomNumberGenerator()
        let policy = RetryPolicy()
        let created = Date(timeIntervalSince1970: 1_000_000)
        let late = created.addingTimeInterval(35 * 3600)
        let decision = policy.decide(
            after: 7, outcome: .response(statusCode: 429, retryAfter: "86400", body: []), now: late, rules: .apiWebhook, since: created,
            using: &random
        )
        #expect(decision == .retry(at: created.addingTimeInterval(RetryPolicy.apiWebhookRetryPeriod)))
        let past = policy.decide(
            after: 3, outcome: .response(statusCode: 503, retryAfter: nil, body: []), now: created.addingTimeInterval(36 * 3600), rules: .apiWebhook,
            since: created, using: &random
        )
        #expect(past == .stop(.scheduleExhausted(attempts: 3)))
    }

    @Test("The built-in schedules pass the same checks as a configured one")
    func builtInSchedulesAreValid() throws {
        for schedule in [RetrySchedule.standard, RetrySchedule.apiWebhook] {
            #expect(try RetrySchedule(delays: schedule.delays) == schedule)
        }
    }
}
