import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation

/// The gateway's use cases over one store, grouped as users see them: records, approvals, the Flow connector,
/// workflows, setup, the directory of companies, users and keys, and deliveries.
///
/// Each use case takes the caller and its input and returns a result or a typed `FlowGateError`. It loads what the
/// rules need, lets FlowGateCore decide, and hands the outcome with its outbound events to the store in one
/// transaction (or a write checked against the version it read).
public struct Gateway: Sendable {
    let store: any Store
    let engine: WorkflowEngine
    public let catalog: WorkflowCatalog
    let outbox: Outbox
    let now: @Sendable () -> Date
    public let flowSettings: FlowSettings
    /// Sends the validation handshake of record-change subscriptions (through the network policy).
    let transport: (any HTTPTransport)?
    public let recordChanges: RecordChangeSignal

    public init(
        store: any Store, catalog: WorkflowCatalog = .standard, responseHandlers: [any WorkflowResponseHandler] = [], outbox: Outbox,
        flowSettings: FlowSettings = FlowSettings(), transport: (any HTTPTransport)? = nil, recordChanges: RecordChangeSignal = RecordChangeSignal(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.engine = WorkflowEngine(catalog: catalog, responseHandlers: responseHandlers)
        self.catalog = catalog
        self.outbox = outbox
        self.flowSettings = flowSettings
        self.transport = transport
        self.recordChanges = recordChanges
        self.now = now
    }

    public var directory: Directory { Directory(gateway: self) }
    public var setup: Setup { Setup(gateway: self) }
    public var records: Records { Records(gateway: self) }
    public var workflows: Workflows { Workflows(gateway: self) }
    public var approvals: Approvals { Approvals(gateway: self) }
    public var flowConnector: FlowConnector { FlowConnector(gateway: self) }
    public var deliveries: Deliveries { Deliveries(gateway: self) }
    public var recordSubscriptions: RecordSubscriptions { RecordSubscriptions(gateway: self) }
    public var instantFlows: InstantFlows { InstantFlows(gateway: self) }
    public var scheduledFlows: ScheduledFlows { ScheduledFlows(gateway: self) }

    /// The gateway's clock, for defaults the HTTP edge fills in (a recurrence's start).
    public var currentTime: Date { now() }

    /// Succeeds when the store answers; `/health/ready` asks.
    public func checkReady() async throws {
        try await store.checkReady()
    }

    var runner: WorkflowRunner { WorkflowRunner(gateway: self) }

    /// Every item of a paged list, for use cases that need them all (export, cleanup).
    static func all<Item>(_ list: (PageRequest) async throws -> Page<Item>) async throws -> [Item] {
        var items: [Item] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        while true {
            let result = try await list(page)
            items += result.items
            guard let cursor = result.nextCursor else { return items }
            page = try PageRequest(limit: String(PageRequest.maximumLimit), cursor: cursor)
        }
    }
}
