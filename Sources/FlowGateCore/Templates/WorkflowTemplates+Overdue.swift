extension WorkflowTemplates {
    /// When the overdue notifications job runs, notify each approver of their open requests past the due date.
    static var overdueApprovalRequests: Workflow {
        make("OVERDUE", "Overdue Approval Requests Workflow", .admin) { builder in
            let run = builder.entryEvent(E.sendOverdueNotifications)
            builder.response(R.createOverdueNotifications, after: run)
        }
    }
}
