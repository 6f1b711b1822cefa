import FlowGateCore
import FlowGateDelivery
import Foundation

/// Which flows a list shows.
public struct FlowQuery: Sendable {
    /// Only this company's; nil for every company the key reaches.
    public var companyId: UUID?
    /// Only these companies' (a key limited to some companies); nil for all.
    public var companyIds: Set<UUID>?
    /// Deleted record subscriptions too, with their reason.
    public var includeDeleted: Bool

    public init(companyId: UUID? = nil, companyIds: Set<UUID>? = nil, includeDeleted: Bool = false) {
        self.companyId = companyId
        self.companyIds = companyIds
        self.includeDeleted = includeDeleted
    }
}

/// A scheduled run with the delivery status of the message that carries it.
public struct ScheduledFlowRunState: Sendable {
    public var run: ScheduledFlowRun
    public var status: DeliveryStatus?

    public init(run: ScheduledFlowRun, status: DeliveryStatus?) {
        self.run = run
        self.status = status
    }
}

/// The automated, instant and scheduled flows, and the work their schedulers do.
///
/// Every kind is kept in one table (the `OutboundFlow` members are its columns); the outbox sends a flow's
/// messages to its `notificationUrl`, signed with its secret, which the store keeps sealed.
public protocol FlowStore: Sendable {
    /// Stores a new flow; 409 `too-many-subscriptions` when the company already has `maximumPerCompany` live ones
    /// (neither deleted nor expired at the flow's creation).
    func createFlow<Flow: OutboundFlow>(_ flow: Flow, maximumPerCompany: Int?) async throws -> Flow
    func flows<Flow: OutboundFlow>(_ type: Flow.Type, _ query: FlowQuery, _ page: PageRequest) async throws -> Page<Flow>
    /// A flow by id, deleted ones included.
    func flow<Flow: OutboundFlow>(_ type: Flow.Type, id: UUID) async throws -> Flow?
    /// Changes a flow in one transaction if `precondition` holds; its version grows by one and its secret stays as
    /// stored. Nil when there is none.
    func updateFlow<Flow: OutboundFlow>(
        _ type: Flow.Type, id: UUID, precondition: VersionPrecondition, _ change: @escaping @Sendable (inout Flow) throws -> Void
    ) async throws -> Flow?
    /// Removes a flow; false when there was none.
    func deleteFlow<Flow: OutboundFlow>(_ type: Flow.Type, id: UUID, precondition: VersionPrecondition) async throws -> Bool

    /// Subscriptions whose window holds changes since `openedBefore` or earlier: ready to notify.
    func dueRecordChangeWindows(openedBefore: Date, limit: Int) async throws -> [UUID]
    /// When the earliest open window opened; nil when no change waits.
    func earliestRecordChangeWindow() async throws -> Date?
    /// In one transaction: takes every change waiting for the subscription and stores the messages `notify` makes
    /// of them (none when the subscription is gone or expired at `now`). Returns how many changes it took.
    func flushRecordChanges(
        subscriptionId: UUID, now: Date,
        notify: @escaping @Sendable (RecordSubscription?, [PendingRecordChange]) throws -> [OutboxMessage]
    ) async throws -> Int
    /// Marks subscriptions expired at `now` deleted (reason `expired`) and forgets deleted ones older than
    /// `forgetBefore`; returns how many expired.
    func expireRecordSubscriptions(now: Date, forgetBefore: Date) async throws -> Int
    /// Marks a subscription deleted with `reason` (its receiver refused a notification); false when it was not live.
    func markRecordSubscriptionDeleted(id: UUID, reason: String, at: Date) async throws -> Bool

    /// Scheduled flows whose next slot is due at `now`.
    func dueScheduledFlows(now: Date, limit: Int) async throws -> [UUID]
    /// When the earliest enabled scheduled flow is next due; nil when none is.
    func nextScheduledFlowDue() async throws -> Date?
    /// In one transaction: reads the flow and, if `fire` makes a firing of it, records the run (once per slot: a
    /// slot already fired is not fired again), its message and the flow's next slot. Returns the run recorded.
    func fireScheduledFlow(
        id: UUID, now: Date, fire: @escaping @Sendable (ScheduledFlow) throws -> (ScheduledFiring, OutboxMessage)?
    ) async throws -> ScheduledFlowRun?
    /// A scheduled flow's runs, newest first, with the delivery status of each run's message.
    func scheduledFlowRuns(flowId: UUID, _ page: PageRequest) async throws -> Page<ScheduledFlowRunState>

    /// Stores messages that depend on no other write (an instant flow's run).
    func enqueue(_ messages: [OutboxMessage]) async throws
}
