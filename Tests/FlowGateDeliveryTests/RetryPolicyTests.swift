import FlowGateDelivery
import Foundation
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy()
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func decide(
        after attempt: Int, _ outcome: AttemptOutcome, policy: RetryPolicy? = nil, seed: UInt64 = 1
    ) -> RetryDecision {
        var random = SeededRandom(seed: seed)
        return (policy ?? self.policy).decide(after: attempt, outcome: outcome, now: now, using: &random)
    }

    /// The delay of a retry decision, or nil for any other decision.
    func delay(after attempt: Int, _ outcome: AttemptOutcome, policy: RetryPolicy? = nil, seed: UInt64 = 1) -> TimeInterval? {
        guard case .retry(let at) = decide(after: attempt, outcome, policy: policy, seed: seed) else { return nil }
        return at.timeIntervalSince(now)
    }

    static func status(_ code: Int, body: String = "", retryAfter: String? = nil) -> AttemptOutcome {
        .response(statusCode: code, retryAfter: retryAfter, body: Array(body.utf8))
    }

    @Test("2xx is delivered and 410 is gone, whatever the attempt", arguments: [1, 8])
    func deliveredAndGone(attempt: Int) {
        for code in [200, 201, 204, 299] { #expect(decide(after: attempt, Self.status(code)) == .delivered) }
        #expect(decide(after: attempt, Self.status(410)) == .gone)
    }

    @Test("Business Central's stop rules stop at once; the same words under another status do not")
    func stopRules() {
        let notFound = #"{"error":{"code":"WorkflowNotFound","message":"The workflow was not found."}}"#
        #expect(decide(after: 1, Self.status(404, body: notFound)) == .stop(.receiverRejected(statusCode: 404, code: "WorkflowNotFound")))
        #expect(
            decide(after: 1, Self.status(404, body: "WorkflowTriggerVersionNotFound"))
                == .stop(.receiverRejected(statusCode: 404, code: "WorkflowTriggerVersionNotFound"))
        )
        #expect(
            decide(after: 1, Self.status(400, body: #"{"code":"WorkflowTriggerIsNotEnabled"}"#))
                == .stop(.receiverRejected(statusCode: 400, code: "WorkflowTriggerIsNotEnabled"))
        )
        #expect(delay(after: 1, Self.status(404, body: "Not Found")) != nil)
        #expect(delay(after: 1, Self.status(400, body: "WorkflowNotFound")) != nil)
        #expect(delay(after: 1, Self.status(500, body: "WorkflowTriggerIsNotEnabled")) != nil)
    }

    @Test("3xx, 4xx, 5xx and transport failures are retried on the schedule", arguments: [
        RetryPolicyTests.status(301), RetryPolicyTests.status(302), RetryPolicyTests.status(400), RetryPolicyTests.status(500),
        AttemptOutcome.failed,
    ])
    func failuresRetry(outcome: AttemptOutcome) throws {
        let seconds = try #require(delay(after: 2, outcome))
        #expect(seconds >= 240 && seconds <= 360)
    }

    @Test("Every delay stays within ±20 % of the schedule and the jitter really spreads")
    func jitterBounds() throws {
        for attempt in 1..<8 {
            let scheduled = RetrySchedule.standard.delays[attempt]
            let delays = try (0..<300).map { seed in try #require(delay(after: attempt, .failed, seed: UInt64(seed))) }
            #expect(delays.allSatisfy { $0 >= scheduled * 0.8 && $0 <= scheduled * 1.2 }, "attempt \(attempt)")
            #expect(delays.min()! < scheduled * 0.85 && delays.max()! > scheduled * 1.15, "attempt \(attempt)")
        }
    }

    @Test("The same random source gives the same decision")
    func deterministic() {
        #expect(decide(after: 3, .failed, seed: 42) == decide(after: 3, .failed, seed: 42))
        #expect(decide(after: 3, .failed, seed: 42) != decide(after: 3, .failed, seed: 43))
    }

    @Test("After the last attempt of the schedule the message is a dead letter")
    func exhaustion() throws {
        #expect(decide(after: 8, .failed) == .stop(.scheduleExhausted(attempts: 8)))
        #expect(decide(after: 8, Self.status(500, retryAfter: "10")) == .stop(.scheduleExhausted(attempts: 8)))
        let last = try #require(delay(after: 7, .failed))
        #expect(last >= 28800 && last <= 43200)
        let short = RetryPolicy(schedule: try RetrySchedule(parsing: "0,1"))
        #expect(delay(after: 1, .failed, policy: short) != nil)
        #expect(decide(after: 2, .failed, policy: short) == .stop(.scheduleExhausted(attempts: 2)))
        #expect(StopReason.scheduleExhausted(attempts: 8).description == "gave up after 8 failed attempts")
    }

    @Test("429, 502, 504 and timeouts slow down: twice the delay and at least a minute", arguments: [
        RetryPolicyTests.status(429), RetryPolicyTests.status(502), RetryPolicyTests.status(504), AttemptOutcome.timedOut,
    ])
    func overloadSlowsDown(outcome: AttemptOutcome) throws {
        let afterFirst = try #require(delay(after: 1, outcome))
        #expect(afterFirst >= 60 && afterFirst <= 60)  // 2 × 5 s ± 20 % is below the one-minute floor
        for seed in 0..<50 {
            let afterThird = try #require(delay(after: 3, outcome, seed: UInt64(seed)))
            #expect(afterThird >= 2 * 1800 * 0.8 && afterThird <= 2 * 1800 * 1.2)
        }
        let unslowed = try #require(delay(after: 1, Self.status(500)))
        #expect(unslowed >= 4 && unslowed <= 6)
    }

    @Test("Retry-After lengthens the wait, never shortens it, and is capped at 24 hours")
    func retryAfter() throws {
        #expect(delay(after: 1, Self.status(503, retryAfter: "120")) == 120)
        #expect(delay(after: 1, Self.status(429, retryAfter: "600")) == 600)
        let notSooner = try #require(delay(after: 3, Self.status(503, retryAfter: "1")))
        #expect(notSooner >= 1800 * 0.8)
        #expect(delay(after: 1, Self.status(503, retryAfter: "999999")) == 86400)
        let date = "Tue, 14 Nov 2023 22:23:20 GMT"  // now + 600 s
        #expect(delay(after: 1, Self.status(503, retryAfter: date)) == 600)
        let ignored = try #require(delay(after: 1, Self.status(503, retryAfter: "later, please")))
        #expect(ignored >= 4 && ignored <= 6)
    }

    @Test("The first attempt waits the schedule's first delay")
    func firstAttempt() throws {
        var random = SeededRandom(seed: 7)
        #expect(policy.firstAttemptDelay(using: &random) == 0)
        let delayed = RetryPolicy(schedule: try RetrySchedule(parsing: "10,20"))
        let first = delayed.firstAttemptDelay(using: &random)
        #expect(first >= 8 && first <= 12)
    }

    @Test("Transport results map to outcomes: timeouts slow down, Retry-After is found in any case")
    func outcomesFromTransport() {
        let response = OutboundResponse(statusCode: 429, headers: [("RETRY-AFTER", "30")], body: Array("busy".utf8))
        #expect(AttemptOutcome(.success(response)) == .response(statusCode: 429, retryAfter: "30", body: Array("busy".utf8)))
        #expect(AttemptOutcome(.failure(TransportError(kind: .timedOut, message: "t"))) == .timedOut)
        #expect(AttemptOutcome(.failure(TransportError(kind: .connectionFailed, message: "c"))) == .failed)
        #expect(AttemptOutcome(.failure(TransportError(kind: .refusedByNetworkPolicy, message: "r"))) == .failed)
    }
}
