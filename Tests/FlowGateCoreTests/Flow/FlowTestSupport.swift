import Foundation

@testable import FlowGateCore

/// The registered workflows and Flow callbacks the Flow tests drive: a subscription by FLOWBOT, the flow's
/// client id, and the fixture's Flow entry actions.
enum FlowFixture {
    static let subscriber = "FLOWBOT"
    static let clientId = "6d1a2f7e-flow-client"
    static let subscriptionId = UUID(uuidString: "00000000-0000-0000-0000-00000000F10A")!

    /// The workflow subscription `eventCode` registers, coded `prefix` + `01` as the store numbers the first one.
    static func registered(_ eventCode: String, conditions: EventConditions? = nil, subscriber: String = subscriber) throws -> Workflow {
        let kind = try FlowWorkflowRegistration.kind(eventCode: eventCode)
        return FlowWorkflowRegistration.workflow(
            kind, code: kind.codePrefix + "01", companyId: EngineFixture.company, conditions: conditions,
            responseUserId: subscriber, subscriptionId: subscriptionId, clientId: clientId
        )
    }

    /// Base64 of `json` as a platform sends it, without `=` padding when `padding` is false.
    static func base64(_ json: String, padding: Bool = true) -> String {
        let text = Data(json.utf8).base64EncodedString()
        return padding ? text : text.filter { $0 != "=" }
    }
}

extension EngineFixture {
    /// A fixture whose company has only the workflow the subscription for `eventCode` registered.
    static func flow(_ eventCode: String, record: BusinessRecord, conditions: EventConditions? = nil) throws -> EngineFixture {
        EngineFixture(record: record, workflows: [try FlowFixture.registered(eventCode, conditions: conditions)])
    }

    /// The platform (or a user) answers Flow entry `entryNo`; the outcome is applied like the store does.
    @discardableResult
    mutating func respond(
        _ response: WebhookResponse, entryNo: Int = 1, by user: String = FlowFixture.subscriber, integration: Bool = false
    ) throws -> WorkflowOutcome {
        let outcome = try engine.respondToWebhook(
            entryNo: entryNo, with: response, in: snapshot, by: .init(userId: user, isIntegration: integration), at: now
        )
        apply(outcome)
        return outcome
    }

    /// `response@initiator` of every Flow entry, in entry-number order: `["Pending@ALICE"]`.
    var webhookSummary: [String] {
        webhookEntries.sorted { $0.entryNo < $1.entryNo }.map { "\($0.response.rawValue)@\($0.initiatedBy)" }
    }

    /// The ids of the steps waiting for an event, in every run, ascending.
    var activeStepIds: [Int] {
        stepInstances.filter { $0.status == .active }.map(\.stepId).sorted()
    }
}
