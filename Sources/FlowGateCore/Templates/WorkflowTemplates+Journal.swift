extension WorkflowTemplates {
    /// The general journal batch and line approval templates.
    static var journalTemplates: [Workflow] {
        [
            generalJournalBatchApproval,
            // Business Central's line template neither removes the restriction nor shows a message on cancel.
            recordApproval(
                "GJLAPW", "General Journal Line Approval Workflow", .fin,
                send: E.sendGeneralJournalLineForApproval, cancel: E.cancelGeneralJournalLineApprovalRequest,
                showConfirmationMessage: false, allowUsageOnCancel: false
            ),
        ]
    }

    /// Send → check that the batch balances. Balanced: restrict, create the requests (the sender's direct approver),
    /// send them, then the approval branches (cancel → cancel all and a message, without allowing usage again).
    /// Not balanced: a message, and nothing is requested.
    static var generalJournalBatchApproval: Workflow {
        make("GJBAPW", "General Journal Batch Approval Workflow", .fin) { builder in
            let sent = builder.entryEvent(E.sendGeneralJournalBatchForApproval)
            let check = builder.response(R.checkGeneralJournalBatchBalance, after: sent)

            let balanced = builder.event(E.generalJournalBatchBalanced, after: check)
            let send = builder.responses(
                [
                    TemplateResponse(R.restrictRecordUsage),
                    TemplateResponse(R.createApprovalRequests, .approval(.approver, .directApprover, showConfirmationMessage: true)),
                    TemplateResponse(R.sendApprovalRequestForApproval, .notifySender(false)),
                ],
                after: balanced
            )
            addApprovalBranches(
                to: &builder, after: send,
                approved: [TemplateResponse(R.allowRecordUsage)],
                rejected: [TemplateResponse(R.rejectAllApprovalRequests, .notifySender(true))],
                canceled: (
                    E.cancelGeneralJournalBatchApprovalRequest, nil,
                    [
                        TemplateResponse(R.cancelAllApprovalRequests, .notifySender(false)),
                        TemplateResponse(R.showMessage, .message(Messages.approvalRequestCanceled)),
                    ]
                )
            )

            let notBalanced = builder.event(E.generalJournalBatchNotBalanced, after: check)
            builder.response(R.showMessage, after: notBalanced, argument: .message(Messages.generalJournalBatchNotBalanced))
        }
    }
}
