import Foundation

/// The workflow a webhook subscription registers in the workflow list (codeunit 1540 "Workflow Webhook Setup").
///
/// The send event (with the subscription's conditions) restricts the record, sets documents to Pending
/// Approval and posts to the automation platform (SENDNOTIFICATIONTOWEBHOOK, answered by the subscribing
/// user); the run then waits for the platform's answer: Continue, Reject or Cancel.
public enum FlowWorkflowRegistration {
    typealias E = WorkflowEvents
    typealias R = WorkflowResponses

    /// What Business Central registers for one of the seven approval-requested events.
    public struct Kind: Sendable, Equatable {
        public var eventCode: String
        /// Codes are `prefix` + `01`, `02`, … (the first free one).
        public var codePrefix: String
        public var description: String
        public var category: WorkflowCategory
        public var entitySet: EntitySet
    }

    /// The seven kinds, in Business Central's order. The vendor workflow's category is PURCH as codeunit 1540
    /// sets it (its label getter returns PURCHDOC, a known slip that does not reach the workflow).
    public static let kinds: [Kind] = [
        Kind(eventCode: E.sendSalesDocForApproval, codePrefix: "MS-SDAW-WH-", description: "Sales Document Approval Workflow", category: .salesDoc, entitySet: .salesDocuments),
        Kind(eventCode: E.sendPurchaseDocForApproval, codePrefix: "MS-PDAW-WH-", description: "Purchase Document Approval Workflow", category: .purchDoc, entitySet: .purchaseDocuments),
        Kind(eventCode: E.sendCustomerForApproval, codePrefix: "MS-CUSTAW-WH-", description: "Customer Approval Workflow", category: .sales, entitySet: .customers),
        Kind(eventCode: E.sendItemForApproval, codePrefix: "MS-ITEMAW-WH-", description: "Item Approval Workflow", category: .sales, entitySet: .items),
        Kind(eventCode: E.sendVendorForApproval, codePrefix: "MS-VENDAW-WH-", description: "Vendor Approval Workflow", category: .purch, entitySet: .vendors),
        Kind(eventCode: E.sendGeneralJournalBatchForApproval, codePrefix: "MS-GJBAW-WH-", description: "General Journal Batch Approval Workflow", category: .fin, entitySet: .generalJournalBatches),
        Kind(eventCode: E.sendGeneralJournalLineForApproval, codePrefix: "MS-GJLAW-WH-", description: "General Journal Line Approval Workflow", category: .fin, entitySet: .generalJournalLines),
    ]

    /// The kind for `eventCode` (any case), or 400 with Business Central's text.
    public static func kind(eventCode: String) throws -> Kind {
        guard let kind = kinds.first(where: { $0.eventCode == eventCode.uppercased() }) else {
            throw FlowGateError.validation(field: "eventCode", "Unsupported workflow event code '\(eventCode)'.")
        }
        return kind
    }

    /// The registered workflow, enabled, for the subscription `subscriptionId` of flow `clientId`.
    public static func workflow(
        _ kind: Kind, code: String, companyId: UUID, conditions: EventConditions?, responseUserId: String,
        subscriptionId: UUID, clientId: String
    ) -> Workflow {
        var builder = TemplateBuilder()
        let sent = builder.entryEvent(kind.eventCode, conditions: conditions?.isEmpty == false ? conditions : nil)
        let notify = WorkflowStepArgument(responseType: .userId, responseUserId: responseUserId)
        let webhook: Int
        switch kind.entitySet {
        case .salesDocuments, .purchaseDocuments:
            webhook = builder.responses(
                [TemplateResponse(R.restrictRecordUsage), TemplateResponse(R.setStatusToPendingApproval), TemplateResponse(R.sendNotificationToWebhook, notify)],
                after: sent
            )
            builder.responses([TemplateResponse(R.allowRecordUsage), TemplateResponse(R.releaseDocument)], after: answer(.continue, after: webhook, &builder))
            builder.responses([TemplateResponse(R.openDocument)], after: answer(.reject, after: webhook, &builder))
            builder.responses([TemplateResponse(R.allowRecordUsage), TemplateResponse(R.openDocument)], after: answer(.cancel, after: webhook, &builder))
        case .customers, .items, .vendors:
            webhook = builder.responses([TemplateResponse(R.restrictRecordUsage), TemplateResponse(R.sendNotificationToWebhook, notify)], after: sent)
            builder.responses([TemplateResponse(R.allowRecordUsage)], after: answer(.continue, after: webhook, &builder))
            answer(.reject, after: webhook, &builder)
            builder.responses([TemplateResponse(R.allowRecordUsage)], after: answer(.cancel, after: webhook, &builder))
        case .generalJournalBatches:
            let check = builder.response(R.checkGeneralJournalBatchBalance, after: sent)
            let balanced = builder.event(E.generalJournalBatchBalanced, after: check, sequenceNo: 0)
            webhook = builder.responses([TemplateResponse(R.restrictRecordUsage), TemplateResponse(R.sendNotificationToWebhook, notify)], after: balanced)
            journalAnswers(after: webhook, &builder)
            let notBalanced = builder.event(E.generalJournalBatchNotBalanced, after: check, sequenceNo: 0)
            builder.response(R.showMessage, after: notBalanced, argument: .message(WorkflowTemplates.Messages.generalJournalBatchNotBalanced))
        case .generalJournalLines:
            webhook = builder.responses([TemplateResponse(R.restrictRecordUsage), TemplateResponse(R.sendNotificationToWebhook, notify)], after: sent)
            journalAnswers(after: webhook, &builder)
        }
        return Workflow(
            companyId: companyId, code: code, description: kind.description, enabled: true, template: false, category: kind.category,
            steps: builder.steps, source: .flow, clientId: clientId, subscriptionId: subscriptionId
        )
    }

    /// The general journal answers: Continue allows usage; Reject and Cancel end the run (codeunit 1540).
    private static func journalAnswers(after webhook: Int, _ builder: inout TemplateBuilder) {
        builder.response(R.allowRecordUsage, after: answer(.continue, after: webhook, &builder))
        answer(.reject, after: webhook, &builder)
        answer(.cancel, after: webhook, &builder)
    }

    /// A WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT branch on the Flow entry's response; Business Central numbers
    /// the three branches 2, 3 and 4.
    @discardableResult
    private static func answer(_ response: WebhookResponse, after webhook: Int, _ builder: inout TemplateBuilder) -> Int {
        let sequenceNo: Int = switch response {
        case .continue: 2
        case .reject: 3
        default: 4
        }
        let condition = EventConditions(header: [FieldCondition(field: "response", filter: response.rawValue)])
        return builder.event(E.webhookResponseReceived, after: webhook, conditions: condition, sequenceNo: sequenceNo)
    }
}
