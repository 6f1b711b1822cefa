extension WorkflowTemplates {
    /// The six sales document approval templates, in Business Central's order.
    static var salesDocumentTemplates: [Workflow] {
        [
            documentApproval(
                "BSOAPW", "Blanket Sales Order Approval Workflow", .sales, .blanketOrder,
                approver: .approval(.workflowUserGroup, .directApprover, showConfirmationMessage: true)
            ),
            documentApproval(
                "SCMAPW", "Sales Credit Memo Approval Workflow", .sales, .creditMemo,
                approver: .approval(.salespersonPurchaser, .directApprover, showConfirmationMessage: true)
            ),
            documentApproval(
                "SIAPW", "Sales Invoice Approval Workflow", .sales, .invoice,
                approver: .approval(.salespersonPurchaser, .directApprover, showConfirmationMessage: true)
            ),
            documentApproval(
                "SOAPW", "Sales Order Approval Workflow", .sales, .order,
                approver: .approval(.salespersonPurchaser, .approverChain, showConfirmationMessage: true)
            ),
            documentApproval(
                "SQAPW", "Sales Quote Approval Workflow", .sales, .quote,
                approver: .approval(.salespersonPurchaser, .directApprover, showConfirmationMessage: true)
            ),
            documentApproval(
                "SROAPW", "Sales Return Order Approval Workflow", .sales, .returnOrder,
                approver: .approval(.salespersonPurchaser, .directApprover, showConfirmationMessage: true)
            ),
        ]
    }

    /// The sales invoice and sales order templates that ask for approval only when the customer's credit limit is exceeded.
    static var creditLimitTemplates: [Workflow] {
        [
            salesCreditLimitApproval(
                "SICLAPW", "Sales Invoice Credit Limit Approval Workflow", .invoice,
                approver: .approval(.salespersonPurchaser, .directApprover, showConfirmationMessage: true)
            ),
            salesCreditLimitApproval(
                "SOCLAPW", "Sales Order Credit Limit Approval Workflow", .order,
                approver: .approval(.salespersonPurchaser, .approverChain, showConfirmationMessage: true)
            ),
        ]
    }

    /// Send → check the credit limit. Exceeded: the document approval tree. Not exceeded: set Pending Approval,
    /// create an approval request that is approved at once, release.
    static func salesCreditLimitApproval(
        _ code: String, _ description: String, _ type: DocumentType, approver: WorkflowStepArgument
    ) -> Workflow {
        make(code, description, .salesDoc) { builder in
            let sent = builder.entryEvent(E.sendSalesDocForApproval, conditions: .document(.open, type))
            let check = builder.response(R.checkCustomerCreditLimit, after: sent)

            let exceeded = builder.event(E.customerCreditLimitExceeded, after: check)
            let send = builder.responses(
                [
                    TemplateResponse(R.restrictRecordUsage),
                    TemplateResponse(R.setStatusToPendingApproval),
                    TemplateResponse(R.createApprovalRequests, approver),
                    TemplateResponse(R.sendApprovalRequestForApproval, .notifySender(false)),
                ],
                after: exceeded
            )
            addDocumentApprovalBranches(to: &builder, after: send, side: .sales, type: type)

            let notExceeded = builder.event(E.customerCreditLimitNotExceeded, after: check)
            builder.responses(
                [
                    TemplateResponse(R.setStatusToPendingApproval),
                    TemplateResponse(R.createAndApproveApprovalRequestAutomatically),
                    TemplateResponse(R.releaseDocument),
                ],
                after: notExceeded
            )
        }
    }
}
