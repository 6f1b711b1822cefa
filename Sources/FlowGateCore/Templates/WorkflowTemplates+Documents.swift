extension WorkflowTemplates {
    /// Which side a document template belongs to: its events and category.
    enum DocumentSide {
        case sales, purchase

        var sendEvent: String { self == .sales ? E.sendSalesDocForApproval : E.sendPurchaseDocForApproval }
        var cancelEvent: String { self == .sales ? E.cancelSalesApprovalRequest : E.cancelPurchaseApprovalRequest }
        var category: WorkflowCategory { self == .sales ? .salesDoc : .purchDoc }
    }

    /// A document approval template: one document type, sent while Open, released when every request is approved.
    ///
    /// Send → restrict the record, set Pending Approval, create the requests with `approver`, send them;
    /// then the approval branches: all approved → allow usage, release; rejected → reject all (notify
    /// the sender), reopen; canceled while Pending Approval → cancel all, allow usage, reopen, message.
    static func documentApproval(
        _ code: String, _ description: String, _ side: DocumentSide, _ type: DocumentType, approver: WorkflowStepArgument
    ) -> Workflow {
        make(code, description, side.category) { builder in
            let sent = builder.entryEvent(side.sendEvent, conditions: .document(.open, type))
            let send = builder.responses(
                [
                    TemplateResponse(R.restrictRecordUsage),
                    TemplateResponse(R.setStatusToPendingApproval),
                    TemplateResponse(R.createApprovalRequests, approver),
                    TemplateResponse(R.sendApprovalRequestForApproval, .notifySender(false)),
                ],
                after: sent
            )
            addDocumentApprovalBranches(to: &builder, after: send, side: side, type: type)
        }
    }

    /// The approval branches of the document and credit-limit templates.
    static func addDocumentApprovalBranches(to builder: inout TemplateBuilder, after send: Int, side: DocumentSide, type: DocumentType) {
        addApprovalBranches(
            to: &builder, after: send,
            approved: [TemplateResponse(R.allowRecordUsage), TemplateResponse(R.releaseDocument)],
            rejected: [TemplateResponse(R.rejectAllApprovalRequests, .notifySender(true)), TemplateResponse(R.openDocument)],
            canceled: (
                side.cancelEvent, .document(.pendingApproval, type),
                [
                    TemplateResponse(R.cancelAllApprovalRequests, .notifySender(false)),
                    TemplateResponse(R.allowRecordUsage),
                    TemplateResponse(R.openDocument),
                    TemplateResponse(R.showMessage, .message(Messages.approvalRequestCanceled)),
                ]
            )
        )
    }
}
