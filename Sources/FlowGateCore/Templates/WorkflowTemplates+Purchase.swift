extension WorkflowTemplates {
    /// The six purchase document approval templates, in Business Central's order.
    static var purchaseDocumentTemplates: [Workflow] {
        [
            documentApproval(
                "BPOAPW", "Blanket Purchase Order Approval Workflow", .purchase, .blanketOrder,
                approver: .approval(.workflowUserGroup, .directApprover, showConfirmationMessage: true)
            ),
            documentApproval(
                "PCMAPW", "Purchase Credit Memo Approval Workflow", .purchase, .creditMemo,
                approver: .approval(.salespersonPurchaser, .directApprover, showConfirmationMessage: true)
            ),
            documentApproval(
                "PIAPW", "Purchase Invoice Approval Workflow", .purchase, .invoice,
                approver: .approval(.salespersonPurchaser, .directApprover, showConfirmationMessage: true)
            ),
            documentApproval(
                "POAPW", "Purchase Order Approval Workflow", .purchase, .order,
                approver: .approval(.approver, .approverChain, showConfirmationMessage: true)
            ),
            documentApproval(
                "PQAPW", "Purchase Quote Approval Workflow", .purchase, .quote,
                approver: .approval(.approver, .approverChain, showConfirmationMessage: true)
            ),
            documentApproval(
                "PROAPW", "Purchase Return Order Approval Workflow", .purchase, .returnOrder,
                approver: .approval(.salespersonPurchaser, .directApprover, showConfirmationMessage: true)
            ),
        ]
    }
}
