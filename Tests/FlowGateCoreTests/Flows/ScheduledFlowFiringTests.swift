import Foundation
import Testing

@testable import FlowGateCore

/// Firing a scheduled flow's due slot: on time or late, one slot only after an outage, and the next slot after.
@Suite struct ScheduledFlowFiringTests {
    let companyId = UUID()
    let messageId = UUID()

    /// An instant written as RFC 3339, so each expectation reads like the JSON a caller sends.
    func at(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    /// A flow of `recurrence` as created at `createdAt`: its first slot is scheduled.
    func flow(_ recurrence: Recurrence, enabled: Bool = true, createdAt: Date) -> ScheduledFlow {
        var flow = ScheduledFlow(
            companyId: companyId, name: "Nightly export", notificationUrl: "https://flow.example/scheduled", recurrence: recurrence,
            payload: .object(["report": .string("aged receivables")]), enabled: enabled, secret: "whsec_dGVzdA==", createdAt: createdAt
        )
        flow.scheduleNext(after: createdAt)
        return flow
    }

    /// Every minute from 10:00 UTC on 2026-01-01.
    func everyMinute() throws -> ScheduledFlow {
        let recurrence = Recurrence(frequency: .minute, interval: 1, startTime: try at("2026-01-01T10:00:00Z"), timeZone: "UTC")
        return flow(recurrence, createdAt: try at("2026-01-01T09:59:00Z"))
    }

    /// Fires and requires a firing.
    func fire(_ flow: ScheduledFlow, at now: Date) throws -> ScheduledFiring {
        try #require(flow.firing(at: now, messageId: messageId))
    }

    @Test("A new flow's next run is the recurrence's first slot")
    func firstSlotScheduled() throws {
        #expect(try everyMinute().nextRunAt == (try at("2026-01-01T10:00:00Z")))
        #expect(try everyMinute().dueAt == (try at("2026-01-01T10:00:00Z")))
    }

    @Test("Nothing fires before the next slot")
    func notDueYet() throws {
        #expect(try everyMinute().firing(at: try at("2026-01-01T09:59:59Z"), messageId: messageId) == nil)
    }

    @Test("A slot fired within the scheduler's latency is on time, skips nothing, and the next run is the following slot")
    func onTime() throws {
        let flow = try everyMinute()
        let firing = try fire(flow, at: try at("2026-01-01T10:00:02Z"))
        #expect(
            firing.run
                == ScheduledFlowRun(
                    flowId: flow.id, companyId: companyId, scheduledFor: try at("2026-01-01T10:00:00Z"), firedAt: try at("2026-01-01T10:00:02Z"),
                    late: false, skipped: 0, messageId: messageId
                )
        )
        #expect(firing.flow.lastSlot == (try at("2026-01-01T10:00:00Z")))
        #expect(firing.flow.nextRunAt == (try at("2026-01-01T10:01:00Z")))
        // Only the schedule moves; the rest of the flow is as it was.
        var expected = flow
        (expected.lastSlot, expected.nextRunAt) = (firing.flow.lastSlot, firing.flow.nextRunAt)
        #expect(firing.flow == expected)
    }

    @Test("Fired exactly at its time the run is on time and the next run is one period later")
    func exactlyAtSlot() throws {
        let firing = try fire(try everyMinute(), at: try at("2026-01-01T10:00:00Z"))
        #expect(!firing.run.late)
        #expect(firing.flow.nextRunAt == (try at("2026-01-01T10:01:00Z")))
    }

    @Test("Up to `lateness` (the scheduler's own latency) after its time a slot is on time; later it is late")
    func latenessBoundary() throws {
        let flow = try everyMinute()
        let slot = try at("2026-01-01T10:00:00Z")
        #expect(ScheduledFlow.lateness > 0 && ScheduledFlow.lateness < 60)
        #expect(try !fire(flow, at: slot.addingTimeInterval(ScheduledFlow.lateness)).run.late)
        let late = try fire(flow, at: slot.addingTimeInterval(ScheduledFlow.lateness + 1))
        #expect(late.run.late && late.run.skipped == 0 && late.run.scheduledFor == slot)
    }

    @Test("After a 3-hour outage an every-minute flow fires only the latest slot, late, counting the 179 slots it missed")
    func outageFiresLatestOnly() throws {
        // Fired at 10:00, then the gateway was down until 13:00:45.
        let flow = try fire(try everyMinute(), at: try at("2026-01-01T10:00:01Z")).flow
        #expect(flow.nextRunAt == (try at("2026-01-01T10:01:00Z")))
        let firing = try fire(flow, at: try at("2026-01-01T13:00:45Z"))
        #expect(firing.run.scheduledFor == (try at("2026-01-01T13:00:00Z")))
        #expect(firing.run.late)
        // 10:01 through 12:59: 179 slots never fired.
        #expect(firing.run.skipped == 179)
        #expect(firing.flow.lastSlot == (try at("2026-01-01T13:00:00Z")))
        #expect(firing.flow.nextRunAt == (try at("2026-01-01T13:01:00Z")))
        // Firing again at the same instant finds nothing due: no slot fires twice.
        #expect(firing.flow.firing(at: try at("2026-01-01T13:00:45Z"), messageId: UUID()) == nil)
    }

    @Test("A flow that never fired counts the slots from its first one")
    func neverFiredCountsFromFirstSlot() throws {
        let firing = try fire(try everyMinute(), at: try at("2026-01-01T10:05:40Z"))
        #expect(firing.run.scheduledFor == (try at("2026-01-01T10:05:00Z")))
        #expect(firing.run.skipped == 5)  // 10:00 … 10:04
        #expect(firing.run.late)
        #expect(firing.flow.nextRunAt == (try at("2026-01-01T10:06:00Z")))
    }

    @Test("After a three-day outage a daily flow fires the latest day's slot and counts the two days missed")
    func dailyOutage() throws {
        let recurrence = Recurrence(
            frequency: .day, interval: 1, startTime: try at("2026-01-01T00:00:00Z"), timeZone: "Europe/Paris", atHours: [9], atMinutes: [0]
        )
        // 09:00 in Paris is 08:00 UTC in winter.
        let daily = flow(recurrence, createdAt: try at("2026-01-01T00:00:00Z"))
        #expect(daily.nextRunAt == (try at("2026-01-01T08:00:00Z")))
        let fired = try fire(daily, at: try at("2026-01-01T08:00:00Z")).flow
        let firing = try fire(fired, at: try at("2026-01-04T10:00:00Z"))
        #expect(firing.run.scheduledFor == (try at("2026-01-04T08:00:00Z")))
        #expect(firing.run.skipped == 2 && firing.run.late)
        #expect(firing.flow.nextRunAt == (try at("2026-01-05T08:00:00Z")))
    }

    @Test("The next run after a firing is the first slot after now, even when now lies between slots")
    func nextRunAfterNow() throws {
        let recurrence = Recurrence(frequency: .minute, interval: 15, startTime: try at("2026-01-01T10:00:00Z"), timeZone: "UTC")
        let quarterly = flow(recurrence, createdAt: try at("2026-01-01T09:00:00Z"))
        let firing = try fire(quarterly, at: try at("2026-01-01T10:29:59Z"))
        #expect(firing.run.scheduledFor == (try at("2026-01-01T10:15:00Z")))
        #expect(firing.run.skipped == 1)
        #expect(firing.flow.nextRunAt == (try at("2026-01-01T10:30:00Z")))
        for now in ["2026-01-01T10:30:00Z", "2026-01-01T10:44:59Z"] {
            #expect(try fire(firing.flow, at: try at(now)).flow.nextRunAt == (try at("2026-01-01T10:45:00Z")))
        }
    }

    @Test("A disabled flow never fires, however overdue, and is never due")
    func disabledNeverFires() throws {
        var flow = try everyMinute()
        flow.enabled = false
        #expect(flow.dueAt == nil)
        #expect(!flow.isLive)
        for now in ["2026-01-01T10:00:00Z", "2026-01-01T13:00:00Z", "2027-01-01T00:00:00Z"] {
            #expect(flow.firing(at: try at(now), messageId: messageId) == nil)
        }
    }

    @Test("Enabled again, a flow is scheduled after now: the slots it was disabled for do not fire")
    func reEnabledSkipsThePast() throws {
        var flow = try fire(try everyMinute(), at: try at("2026-01-01T10:00:00Z")).flow
        flow.enabled = false
        flow.enabled = true
        flow.scheduleNext(after: try at("2026-01-01T12:00:30Z"))
        #expect(flow.nextRunAt == (try at("2026-01-01T12:01:00Z")))
        #expect(flow.firing(at: try at("2026-01-01T12:00:59Z"), messageId: messageId) == nil)
    }

    @Test("Scheduling never goes back before the last slot fired, even when the clock does")
    func scheduleNextAfterLastSlot() throws {
        var flow = try fire(try everyMinute(), at: try at("2026-01-01T10:30:00Z")).flow
        flow.scheduleNext(after: try at("2026-01-01T10:10:00Z"))
        #expect(flow.nextRunAt == (try at("2026-01-01T10:31:00Z")))
    }

    @Test("A flow without a next slot is not due and does not fire")
    func noNextSlot() throws {
        var flow = try everyMinute()
        flow.nextRunAt = nil
        #expect(flow.dueAt == nil)
        #expect(flow.firing(at: try at("2026-01-01T10:05:00Z"), messageId: messageId) == nil)
    }
}
