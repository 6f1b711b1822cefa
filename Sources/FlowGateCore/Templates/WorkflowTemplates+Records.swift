extension WorkflowTemplates {
    /// The customer, vendor and item approval templates and the two field-change templates, in Business Central's order.
    static var recordTemplates: [Workflow] {
        [
            recordApproval("CUSTAPW", "Customer Approval Workflow", .sales, send: E.sendCustomerForApproval, cancel: E.cancelCustomerApprovalRequest),
            fieldChangeApproval(
                "CCLCAPW", "Customer Credit Limit Change Approval Workflow", changed: E.customerChanged,
                field: "creditLimitLCY", message: Messages.customerCreditLimitChangeSent
            ),
            recordApproval("VENDAPW", "Vendor Approval Workflow", .purch, send: E.sendVendorForApproval, cancel: E.cancelVendorApprovalRequest),
            recordApproval("ITEMAPW", "Item Approval Workflow", .sales, send: E.sendItemForApproval, cancel: E.cancelItemApprovalRequest),
            fieldChangeApproval(
                "IUPCAPW", "Item Unit Price Change Approval Workflow", changed: E.itemChanged,
                field: "unitPrice", message: Messages.itemUnitPriceChangeSent
            ),
        ]
    }

    /// A record approval template: no status to change, so the record is only restricted while requests are open.
    ///
    /// Send (no conditions) → restrict, create the requests (the sender's direct approver), send them; then the
    /// approval branches: all approved → allow usage; rejected → reject all (notify the sender); canceled →
    /// cancel all, then (when `allowUsageOnCancel`) allow usage, then (when `showConfirmationMessage`) a message.
    static func recordApproval(
        _ code: String, _ description: String, _ category: WorkflowCategory, send sendEvent: String, cancel cancelEvent: String,
        approver: ApproverType = .approver, limit: ApproverLimitType = .directApprover,
        showConfirmationMessage: Bool = true, allowUsageOnCancel: Bool = true
    ) -> Workflow {
        make(code, description, category) { builder in
            let sent = builder.entryEvent(sendEvent)
            let send = builder.responses(
                [
                    TemplateResponse(R.restrictRecordUsage),
                    TemplateResponse(R.createApprovalRequests, .approval(approver, limit, showConfirmationMessage: showConfirmationMessage)),
                    TemplateResponse(R.sendApprovalRequestForApproval, .notifySender(false)),
                ],
                after: sent
            )
            var canceled = [TemplateResponse(R.cancelAllApprovalRequests, .notifySender(false))]
            if allowUsageOnCancel { canceled.append(TemplateResponse(R.allowRecordUsage)) }
            if showConfirmationMessage { canceled.append(TemplateResponse(R.showMessage, .message(Messages.approvalRequestCanceled))) }
            addApprovalBranches(
                to: &builder, after: send,
                approved: [TemplateResponse(R.allowRecordUsage)],
                rejected: [TemplateResponse(R.rejectAllApprovalRequests, .notifySender(true))],
                canceled: (cancelEvent, nil, canceled)
            )
        }
    }

    /// A field-change template: when `field` increases, the change is held back until a workflow user group approves it.
    ///
    /// Changed → revert the field (keeping the new value as a change request), create the requests, send them,
    /// show `message`; then the approval branches, which wait at the message step: all approved → apply the new
    /// value; rejected → discard it, reject all (notify the sender). There is no cancel branch.
    static func fieldChangeApproval(
        _ code: String, _ description: String, changed: String, field: String, message: String
    ) -> Workflow {
        make(code, description, .sales) { builder in
            let changedEvent = builder.entryEvent(changed, rules: [WorkflowRule(id: 1, fieldName: field, operator: .increased)])
            let shown = builder.responses(
                [
                    TemplateResponse(R.revertValueForField, .field(field)),
                    TemplateResponse(R.createApprovalRequests, .approval(.workflowUserGroup, .directApprover, showConfirmationMessage: false)),
                    TemplateResponse(R.sendApprovalRequestForApproval, .notifySender(false)),
                    TemplateResponse(R.showMessage, .message(message)),
                ],
                after: changedEvent
            )
            addApprovalBranches(
                to: &builder, after: shown,
                approved: [TemplateResponse(R.applyNewValues, .field(field))],
                rejected: [TemplateResponse(R.discardNewValues), TemplateResponse(R.rejectAllApprovalRequests, .notifySender(true))],
                canceled: nil
            )
        }
    }
}
