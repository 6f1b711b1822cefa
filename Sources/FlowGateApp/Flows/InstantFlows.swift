import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation

/// An instant flow as an admin defines it.
public struct InstantFlowDefinition: Sendable {
    public var name: String
    public var description: String
    public var target: EntitySet
    public var notificationUrl: String
    public var inputs: [FlowInput]
    public var enabled: Bool

    public init(name: String, description: String, target: EntitySet, notificationUrl: String, inputs: [FlowInput], enabled: Bool) {
        self.name = name
        self.description = description
        self.target = target
        self.notificationUrl = notificationUrl
        self.inputs = inputs
        self.enabled = enabled
    }
}

/// A change to an instant flow: each member given replaces the stored one.
public struct InstantFlowChange: Sendable {
    public var name: String?
    public var description: String?
    public var notificationUrl: String?
    public var inputs: [FlowInput]?
    public var enabled: Bool?

    public init(name: String? = nil, description: String? = nil, notificationUrl: String? = nil, inputs: [FlowInput]? = nil, enabled: Bool? = nil) {
        self.name = name
        self.description = description
        self.notificationUrl = notificationUrl
        self.inputs = inputs
        self.enabled = enabled
    }
}

/// An instant flow's run as the outbox sees it: its message and the attempts to deliver it.
public struct InstantFlowRunState: Sendable {
    public var message: OutboxMessage
    public var attempts: [DeliveryAttempt]
}

/// Instant flows: admins define them per entity set; anyone who may read a record lists them in its Automate
/// menu and runs them with inputs, which sends the record's context to the flow's URL.
public struct InstantFlows: Sendable {
    let gateway: Gateway

    public func create(company: Company, _ definition: InstantFlowDefinition) async throws -> InstantFlow {
        try FlowInput.validate(definition.inputs)
        let flow = InstantFlow(
            companyId: company.id, name: definition.name, description: definition.description, target: definition.target,
            notificationUrl: definition.notificationUrl, inputs: definition.inputs, enabled: definition.enabled,
            secret: WebhookSecret.generate().text, createdAt: gateway.now()
        )
        return try await gateway.store.createFlow(flow, maximumPerCompany: gateway.flowSettings.maximumFlowsPerCompany)
    }

    public func list(company: Company, _ page: PageRequest) async throws -> Page<InstantFlow> {
        try await gateway.store.flows(InstantFlow.self, FlowQuery(companyId: company.id), page)
    }

    public func flow(company: Company, id: String) async throws -> InstantFlow {
        guard let uuid = UUID(uuidString: id), let flow = try await gateway.store.flow(InstantFlow.self, id: uuid), flow.companyId == company.id else {
            throw FlowGateError.notFound("Instant flow '\(id)' does not exist.")
        }
        return flow
    }

    public func update(company: Company, id: String, _ change: InstantFlowChange, precondition: VersionPrecondition) async throws -> InstantFlow {
        if let inputs = change.inputs { try FlowInput.validate(inputs) }
        let current = try await flow(company: company, id: id)
        let now = gateway.now()
        guard let updated = try await gateway.store.updateFlow(InstantFlow.self, id: current.id, precondition: precondition, { flow in
            if let name = change.name { flow.name = name }
            if let description = change.description { flow.description = description }
            if let url = change.notificationUrl { flow.notificationUrl = url }
            if let inputs = change.inputs { flow.inputs = inputs }
            if let enabled = change.enabled { flow.enabled = enabled }
            flow.modifiedAt = now
        }) else {
            throw FlowGateError.notFound("Instant flow '\(id)' does not exist.")
        }
        return updated
    }

    public func delete(company: Company, id: String, precondition: VersionPrecondition) async throws {
        let current = try await flow(company: company, id: id)
        guard try await gateway.store.deleteFlow(InstantFlow.self, id: current.id, precondition: precondition) else {
            throw FlowGateError.notFound("Instant flow '\(id)' does not exist.")
        }
    }

    /// The Automate menu of a record: the company's enabled flows for its entity set; empty when the company has
    /// automation off.
    public func menu(company: Company, entitySet: EntitySet, recordId: UUID) async throws -> [InstantFlow] {
        _ = try await gateway.records.record(company: company, entitySet: entitySet, id: recordId)
        guard company.automationEnabled else { return [] }
        return try await enabledFlows(company: company).filter { $0.target == entitySet }
    }

    /// Runs an instant flow on a record: checks the inputs against the flow's, then queues the record's context
    /// for delivery. The run's id is its message's.
    public func run(
        _ caller: Caller, company: Company, entitySet: EntitySet, recordId: UUID, flowId: String, inputs: [String: JSONValue]
    ) async throws -> UUID {
        guard company.automationEnabled else {
            throw FlowGateError.forbidden("Automation is turned off for company '\(company.name)'; an admin can turn it on (automationEnabled).")
        }
        let record = try await gateway.records.record(company: company, entitySet: entitySet, id: recordId)
        let flow = try await flow(company: company, id: flowId)
        guard flow.enabled, flow.target == entitySet else {
            throw FlowGateError.notFound("Instant flow '\(flowId)' is not in the Automate menu of \(entitySet.rawValue) records.")
        }
        let checked = try FlowInput.check(inputs, against: flow.inputs)
        let run = InstantFlowRun(
            runId: UUID(), flow: flow, company: company, record: record, inputs: checked, runBy: caller.userName,
            environment: gateway.flowSettings.environment
        )
        try await gateway.store.enqueue(gateway.outbox.messages(for: [run], at: gateway.now()))
        gateway.outbox.messagesStored()
        return run.runId
    }

    /// A run's delivery: pending, delivered or failed, with its attempts. A user key sees the runs its user
    /// started; integration and admin keys see every run.
    public func runState(_ caller: Caller, company: Company, runId: String) async throws -> InstantFlowRunState {
        guard let id = UUID(uuidString: runId), let found = try await gateway.store.delivery(id: id), found.message.companyId == company.id,
            found.message.eventType == InstantFlowRun.type, caller.role >= .integration || Self.runBy(found.message) == caller.userName
        else {
            throw FlowGateError.notFound("Instant flow run '\(runId)' does not exist.")
        }
        return InstantFlowRunState(message: found.message, attempts: found.attempts)
    }

    /// Who started a run, as its message says.
    private static func runBy(_ message: OutboxMessage) -> String? {
        guard let body = try? JSONDecoder().decode(JSONValue.self, from: Data(message.payload)), case .object(let fields) = body,
            case .object(let data)? = fields["data"], case .string(let user)? = data["runBy"]
        else { return nil }
        return user
    }

    private func enabledFlows(company: Company) async throws -> [InstantFlow] {
        try await Gateway.all { page in try await list(company: company, page) }.filter(\.enabled)
    }
}
