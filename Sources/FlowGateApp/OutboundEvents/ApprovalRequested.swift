import FlowGateCore
import Foundation

/// `approval.requested`: a workflow created a Flow entry, and the automation platform that registered the workflow
/// is to decide it and call back (approve, reject or cancel).
public struct ApprovalRequested: OutboundEvent {
    public static let type = "approval.requested"

    public var entry: WorkflowWebhookEntry
    /// The record as the outcome left it.
    public var record: BusinessRecord
    /// The email of the user who sent the request, or empty when that user has none.
    public var requestedByEmail: String

    public init(entry: WorkflowWebhookEntry, record: BusinessRecord, requestedByEmail: String) {
        self.entry = entry
        self.record = record
        self.requestedByEmail = requestedByEmail
    }

    /// One event per Flow entry an outcome creates.
    public static func events(of outcome: WorkflowOutcome, emails: [String: String]) -> [ApprovalRequested] {
        outcome.newWebhookEntries.map { entry in
            ApprovalRequested(entry: entry, record: outcome.record, requestedByEmail: emails[entry.initiatedBy] ?? "")
        }
    }

    // The Flow entry's id is the message's: a resubmit sends the same message again.
    public var messageId: UUID { entry.id }
    public var companyId: UUID? { entry.companyId }
    public var sourceId: UUID? { entry.id }

    public func data(links: OutboundLinks) -> JSONValue {
        let callback = "\(links.baseURL)/api/v1/workflowActionResponse/\(entry.workflowStepInstanceId.lowercasedString)"
        return .object([
            "entitySet": .string(entry.entitySet.rawValue),
            "record": record.json,
            "workflowCode": .string(entry.workflowCode),
            "requestedBy": .string(entry.initiatedBy),
            "flowEntryId": JSONValue(entry.id),
            "callbacks": .object([
                "approve": .string("\(callback)/approve"), "reject": .string("\(callback)/reject"), "cancel": .string("\(callback)/cancel"),
            ]),
        ])
    }

    /// Business Central's fields, for connectors written against its Flow payload.
    public func compatibilityFields(links: OutboundLinks) -> [String: JSONValue] {
        [
            "Row Id": JSONValue(entry.recordId),
            "Workflow Step Id": JSONValue(entry.workflowStepInstanceId),
            "Requested By User Email": .string(requestedByEmail),
            "Company Id": JSONValue(entry.companyId),
        ]
    }
}
