import FlowGateCore
import FlowGateDelivery
import Foundation

/// Where FlowGate keeps its state: one protocol per aggregate, each method one atomic unit of work.
///
/// A store persists and keeps integrity (uniqueness, versions, leases); the rules live in FlowGateCore and the
/// use cases in FlowGateApp. Every time-dependent method takes `now`. Backends: `SQLiteStore` (embedded
/// default); each must pass the store contract test suite.
public protocol Store: DirectoryStore, SetupStore, RecordStore, WorkflowStore, EntryStore, SubscriptionStore, DeliveryStore, SchedulerStore, FlowStore {
    /// Succeeds when the store answers a query; `/health/ready` calls it.
    func checkReady() async throws
}
