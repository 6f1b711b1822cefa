import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation

/// A scheduled flow as a client defines it.
public struct ScheduledFlowDefinition: Sendable {
    public var name: String
    public var notificationUrl: String
    public var recurrence: Recurrence
    public var payload: JSONValue?
    public var enabled: Bool

    public init(name: String, notificationUrl: String, recurrence: Recurrence, payload: JSONValue?, enabled: Bool) {
        self.name = name
        self.notificationUrl = notificationUrl
        self.recurrence = recurrence
        self.payload = payload
        self.enabled = enabled
    }
}

/// A change to a scheduled flow: each member given replaces the stored one (`payload` `null` clears it).
public struct ScheduledFlowChange: Sendable {
    public var name: String?
    public var notificationUrl: String?
    public var recurrence: Recurrence?
    public var payload: JSONObjectReader.Member<JSONValue>
    public var enabled: Bool?

    public init(
        name: String? = nil, notificationUrl: String? = nil, recurrence: Recurrence? = nil, payload: JSONObjectReader.Member<JSONValue> = .absent,
        enabled: Bool? = nil
    ) {
        self.name = name
        self.notificationUrl = notificationUrl
        self.recurrence = recurrence
        self.payload = payload
        self.enabled = enabled
    }
}

/// Scheduled flows: a message at each slot of a recurrence, each slot fired once across restarts and instances.
public struct ScheduledFlows: Sendable {
    let gateway: Gateway

    public func create(company: Company, _ definition: ScheduledFlowDefinition) async throws -> ScheduledFlow {
        let recurrence = try definition.recurrence.validated()
        var flow = ScheduledFlow(
            companyId: company.id, name: definition.name, notificationUrl: definition.notificationUrl, recurrence: recurrence,
            payload: definition.payload, enabled: definition.enabled, secret: WebhookSecret.generate().text, createdAt: gateway.now()
        )
        flow.scheduleNext(after: flow.createdAt)
        return try await gateway.store.createFlow(flow, maximumPerCompany: gateway.flowSettings.maximumFlowsPerCompany)
    }

    public func list(company: Company, _ page: PageRequest) async throws -> Page<ScheduledFlow> {
        try await gateway.store.flows(ScheduledFlow.self, FlowQuery(companyId: company.id), page)
    }

    public func flow(company: Company, id: String) async throws -> ScheduledFlow {
        guard let uuid = UUID(uuidString: id), let flow = try await gateway.store.flow(ScheduledFlow.self, id: uuid), flow.companyId == company.id else {
            throw FlowGateError.notFound("Scheduled flow '\(id)' does not exist.")
        }
        return flow
    }

    /// Changes a flow; a new recurrence or enabling it again schedules the next slot after now (missed slots of
    /// a disabled flow are not fired).
    public func update(company: Company, id: String, _ change: ScheduledFlowChange, precondition: VersionPrecondition) async throws -> ScheduledFlow {
        let recurrence = try change.recurrence?.validated()
        let current = try await flow(company: company, id: id)
        let now = gateway.now()
        guard let updated = try await gateway.store.updateFlow(ScheduledFlow.self, id: current.id, precondition: precondition, { flow in
            let wasEnabled = flow.enabled
            if let name = change.name { flow.name = name }
            if let url = change.notificationUrl { flow.notificationUrl = url }
            if let recurrence { flow.recurrence = recurrence }
            switch change.payload {
            case .absent: break
            case .null: flow.payload = nil
            case .value(let payload): flow.payload = payload
            }
            if let enabled = change.enabled { flow.enabled = enabled }
            if recurrence != nil || (flow.enabled && !wasEnabled) { flow.scheduleNext(after: now) }
            flow.modifiedAt = now
        }) else {
            throw FlowGateError.notFound("Scheduled flow '\(id)' does not exist.")
        }
        return updated
    }

    public func delete(company: Company, id: String, precondition: VersionPrecondition) async throws {
        let current = try await flow(company: company, id: id)
        guard try await gateway.store.deleteFlow(ScheduledFlow.self, id: current.id, precondition: precondition) else {
            throw FlowGateError.notFound("Scheduled flow '\(id)' does not exist.")
        }
    }

    public func runs(company: Company, id: String, _ page: PageRequest) async throws -> Page<ScheduledFlowRunState> {
        let flow = try await flow(company: company, id: id)
        return try await gateway.store.scheduledFlowRuns(flowId: flow.id, page)
    }

    // MARK: The scheduler

    /// Fires every flow due at `now`, one slot each (the latest, when several were missed); returns the runs.
    public func fireDue(at now: Date) async throws -> [ScheduledFlowRun] {
        let outbox = gateway.outbox
        var fired: [ScheduledFlowRun] = []
        // Bounded: each firing moves its flow's next slot past `now`.
        for _ in 0..<100 {
            let due = try await gateway.store.dueScheduledFlows(now: now, limit: 100)
            guard !due.isEmpty else { break }
            for id in due {
                let run = try await gateway.store.fireScheduledFlow(id: id, now: now) { flow in
                    guard let firing = flow.firing(at: now, messageId: UUID()) else { return nil }
                    guard let message = outbox.messages(for: [ScheduledFlowFired(run: firing.run, flow: firing.flow)], at: now).first else {
                        return nil
                    }
                    return (firing, message)
                }
                if let run { fired.append(run) }
            }
            if !fired.isEmpty { outbox.messagesStored() }
            if due.count < 100 { break }
        }
        return fired
    }

    /// When the next slot of any enabled flow is due; nil when none is.
    public func nextDue() async throws -> Date? {
        try await gateway.store.nextScheduledFlowDue()
    }
}
