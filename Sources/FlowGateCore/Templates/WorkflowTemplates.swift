import Foundation

/// Business Central's standard workflow templates (codeunit 1502 "Workflow Setup"), shared by every company.
///
/// Templates are read-only and disabled; a company copies one (`Workflow.copy(as:description:companyId:)`)
/// to get a workflow it can edit and enable.
public enum WorkflowTemplates {
    /// The prefix of every template code.
    public static let codePrefix = "MS-"

    /// Every template, in the order Business Central inserts them.
    public static let all: [Workflow] = purchaseDocumentTemplates + salesDocumentTemplates + creditLimitTemplates
        + [overdueApprovalRequests] + recordTemplates + journalTemplates

    /// The template with this code, given with or without the `MS-` prefix, in any case.
    public static func template(_ code: String) -> Workflow? {
        var code = code.trimmingCharacters(in: .whitespaces).uppercased()
        if !code.hasPrefix(codePrefix) { code = codePrefix + code }
        return all.first { $0.code == code }
    }

    /// The template a company workflow code names: a full `MS-` template code (upper case), which shadows any
    /// company workflow of that code. Codes without the prefix are the company's own.
    public static func readOnlyTemplate(_ code: String) -> Workflow? {
        code.hasPrefix(codePrefix) ? template(code) : nil
    }

    /// Throws 409 `template-read-only` when `code` names a template: templates are read-only, copies are not.
    public static func checkNotTemplate(_ code: String, _ what: String) throws {
        if readOnlyTemplate(code) != nil { throw FlowGateError.conflict("template-read-only", "\(code) \(what)") }
    }

    /// Texts of the SHOWMESSAGE responses, as Business Central words them.
    enum Messages {
        static let approvalRequestCanceled = "The approval request for the record has been canceled."
        static let generalJournalBatchNotBalanced = "The selected general journal batch is not balanced and cannot be sent for approval."
        static let customerCreditLimitChangeSent = "The customer credit limit change was sent for approval."
        static let itemUnitPriceChangeSent = "The item unit price change was sent for approval."
    }

    typealias E = WorkflowEvents
    typealias R = WorkflowResponses

    /// A template: `MS-` + code, disabled, shared (no company), with the steps `build` adds.
    static func make(
        _ code: String, _ description: String, _ category: WorkflowCategory, build: (inout TemplateBuilder) -> Void
    ) -> Workflow {
        var builder = TemplateBuilder()
        build(&builder)
        return Workflow(
            companyId: nil, code: codePrefix + code, description: description, enabled: false, template: true,
            category: category, steps: builder.steps
        )
    }

    /// The alternative branches every approval template hangs after the step that sent the requests, in this order:
    ///
    /// 1. approved, none pending → `approved`;
    /// 2. approved, more pending → send the next requests, then wait again at `waitingStep`;
    /// 3. rejected → `rejected`;
    /// 4. canceled (templates that handle it) → its responses;
    /// 5. delegated → send the request to the new approver, then wait again at `waitingStep`.
    static func addApprovalBranches(
        to builder: inout TemplateBuilder, after waitingStep: Int, approved: [TemplateResponse], rejected: [TemplateResponse],
        canceled: (event: String, conditions: EventConditions?, responses: [TemplateResponse])?
    ) {
        let allApproved = builder.event(E.approveApprovalRequest, after: waitingStep, conditions: .noPendingApprovals)
        builder.responses(approved, after: allApproved)

        let oneApproved = builder.event(E.approveApprovalRequest, after: waitingStep, conditions: .pendingApprovals)
        let sendNext = builder.response(R.sendApprovalRequestForApproval, after: oneApproved)
        builder.goTo(waitingStep, from: sendNext)

        let rejectedEvent = builder.event(E.rejectApprovalRequest, after: waitingStep)
        builder.responses(rejected, after: rejectedEvent)

        if let canceled {
            let canceledEvent = builder.event(canceled.event, after: waitingStep, conditions: canceled.conditions)
            builder.responses(canceled.responses, after: canceledEvent)
        }

        let delegated = builder.event(E.delegateApprovalRequest, after: waitingStep)
        let sendDelegated = builder.response(R.sendApprovalRequestForApproval, after: delegated)
        builder.goTo(waitingStep, from: sendDelegated)
    }
}
