import Foundation

/// A scheduled flow: a message at every slot of its recurrence, each slot fired exactly once.
public struct ScheduledFlow: OutboundFlow, Equatable {
    public static let kind = FlowKind.scheduledFlow

    public var id: UUID
    public var companyId: UUID
    public var name: String
    public var notificationUrl: String
    public var recurrence: Recurrence
    /// Sent as is with every run.
    public var payload: JSONValue?
    public var enabled: Bool
    /// The next slot to fire; nil when the recurrence has no further slot.
    public var nextRunAt: Date?
    /// The latest slot fired, so a slot is never fired twice even if the recurrence is changed.
    public var lastSlot: Date?
    public var secret: String
    public var version: Int
    public var createdAt: Date
    public var modifiedAt: Date

    public init(
        id: UUID = UUID(), companyId: UUID, name: String, notificationUrl: String, recurrence: Recurrence, payload: JSONValue?, enabled: Bool,
        secret: String, createdAt: Date
    ) {
        self.id = id
        self.companyId = companyId
        self.name = name
        self.notificationUrl = notificationUrl
        self.recurrence = recurrence
        self.payload = payload
        self.enabled = enabled
        self.secret = secret
        self.version = 1
        self.createdAt = createdAt
        self.modifiedAt = createdAt
        self.nextRunAt = nil
    }

    public var isLive: Bool { enabled }
    public var dueAt: Date? { enabled ? nextRunAt : nil }

    /// Sets `nextRunAt` to the first slot after `now` (and after the last fired slot): after a change of the
    /// recurrence or of `enabled`, slots in the past are not fired.
    public mutating func scheduleNext(after now: Date) {
        nextRunAt = recurrence.nextSlot(after: max(now, lastSlot ?? now))
    }
}

/// One slot of a scheduled flow as fired: the slot's time is its identity, so it is fired once.
public struct ScheduledFlowRun: Sendable, Equatable, Codable {
    public var flowId: UUID
    public var companyId: UUID
    public var scheduledFor: Date
    public var firedAt: Date
    /// Fired after its time because the gateway was down (or busy) when it fell due.
    public var late: Bool
    /// Slots missed during the outage that were not fired: only the latest missed slot fires.
    public var skipped: Int
    /// The outbox message that carries the run.
    public var messageId: UUID

    public init(flowId: UUID, companyId: UUID, scheduledFor: Date, firedAt: Date, late: Bool, skipped: Int, messageId: UUID) {
        self.flowId = flowId
        self.companyId = companyId
        self.scheduledFor = scheduledFor
        self.firedAt = firedAt
        self.late = late
        self.skipped = skipped
        self.messageId = messageId
    }
}

/// What firing a due scheduled flow comes to: the run to record, and the flow with its next slot.
public struct ScheduledFiring: Sendable {
    public var run: ScheduledFlowRun
    public var flow: ScheduledFlow

    public init(run: ScheduledFlowRun, flow: ScheduledFlow) {
        self.run = run
        self.flow = flow
    }
}

extension ScheduledFlow {
    /// How late a slot may fire and still count as on time: the scheduler's own latency (it wakes at the slot, or at its
    /// next poll when another instance wrote the flow), not an outage.
    public static let lateness: TimeInterval = 5

    /// Fires the latest slot due at `now` (one only, however many were missed), or nil when none is due. The run
    /// is `late` when fired more than `lateness` after its time, and counts the missed slots it stands for.
    public func firing(at now: Date, messageId: UUID) -> ScheduledFiring? {
        guard enabled, let due = nextRunAt, due <= now else { return nil }
        // Slots from `due` on: the latest one up to now fires, the ones before it were missed.
        let latest = recurrence.latestSlot(notAfter: now, after: due.addingTimeInterval(-0.5))
        let slot = max(due, latest?.slot ?? due)
        var next = self
        next.lastSlot = slot
        next.nextRunAt = recurrence.nextSlot(after: max(slot, now))
        let run = ScheduledFlowRun(
            flowId: id, companyId: companyId, scheduledFor: slot, firedAt: now, late: now.timeIntervalSince(slot) > Self.lateness,
            skipped: latest?.skipped ?? 0, messageId: messageId
        )
        return ScheduledFiring(run: run, flow: next)
    }
}
