extension WorkflowCatalog {
    /// The events and responses FlowGate ships, named as in Business Central.
    public static let standard = WorkflowCatalog(events: standardEvents, responses: standardResponses)

    private typealias E = WorkflowEvents
    private typealias R = WorkflowResponses

    private static var sendEvents: [String] {
        EntitySet.allCases.map(WorkflowEvents.sendForApproval) + [E.generalJournalBatchBalanced]
    }

    private static let standardEvents: [WorkflowEventDefinition] = {
        var events: [WorkflowEventDefinition] = []
        let names: [EntitySet: (noun: String, article: String)] = [
            .salesDocuments: ("sales document", "a"), .purchaseDocuments: ("purchase document", "a"), .customers: ("customer", "a"),
            .vendors: ("vendor", "a"), .items: ("item", "an"), .generalJournalBatches: ("general journal batch", "a"),
            .generalJournalLines: ("general journal line", "a"),
        ]
        for entitySet in EntitySet.allCases {
            let (noun, article) = names[entitySet]!
            events.append(.init(functionName: E.sendForApproval(entitySet), description: "Approval of \(article) \(noun) is requested.", table: .init(entitySet)))
            events.append(
                .init(
                    functionName: E.cancelApprovalRequest(entitySet), description: "An approval request for \(article) \(noun) is canceled.",
                    table: .init(entitySet), predecessors: [E.sendForApproval(entitySet)]
                )
            )
        }
        let changes = [E.customerChanged, E.vendorChanged, E.itemChanged]
        events += [
            .init(functionName: E.afterReleaseSalesDoc, description: "A sales document is released.", table: .salesDocuments),
            .init(functionName: E.afterReleasePurchaseDoc, description: "A purchase document is released.", table: .purchaseDocuments),
            .init(
                functionName: E.afterPostPurchaseDoc, description: "A purchase invoice is posted.", table: .purchaseDocuments,
                predecessors: [E.afterReleasePurchaseDoc]
            ),
            .init(functionName: E.afterInsertGeneralJournalLine, description: "A general journal line is created.", table: .generalJournalLines),
            .init(
                functionName: E.customerCreditLimitExceeded, description: "A customer credit limit is exceeded.", table: .salesDocuments,
                predecessors: [E.sendSalesDocForApproval]
            ),
            .init(
                functionName: E.customerCreditLimitNotExceeded, description: "A customer credit limit is not exceeded.", table: .salesDocuments,
                predecessors: [E.sendSalesDocForApproval]
            ),
            .init(
                functionName: E.generalJournalBatchBalanced, description: "A general journal batch is balanced.", table: .generalJournalBatches,
                predecessors: [E.sendGeneralJournalBatchForApproval]
            ),
            .init(
                functionName: E.generalJournalBatchNotBalanced, description: "A general journal batch is not balanced.",
                table: .generalJournalBatches, predecessors: [E.sendGeneralJournalBatchForApproval]
            ),
            .init(functionName: E.approveApprovalRequest, description: "An approval request is approved.", table: .approvalEntries, predecessors: sendEvents + changes),
            .init(functionName: E.rejectApprovalRequest, description: "An approval request is rejected.", table: .approvalEntries, predecessors: sendEvents + changes),
            .init(functionName: E.delegateApprovalRequest, description: "An approval request is delegated.", table: .approvalEntries, predecessors: sendEvents + changes),
            .init(functionName: E.sendOverdueNotifications, description: "The overdue approval notifications batch job will be run.", table: .approvalEntries),
            .init(functionName: E.customerChanged, description: "A customer record is changed.", table: .customers, usedForRecordChange: true),
            .init(functionName: E.vendorChanged, description: "A vendor record is changed.", table: .vendors, usedForRecordChange: true),
            .init(functionName: E.itemChanged, description: "An item record is changed.", table: .items, usedForRecordChange: true),
            .init(
                functionName: E.webhookResponseReceived, description: "A response to a webhook notification is received.",
                table: .workflowWebhookEntries, predecessors: sendEvents
            ),
        ]
        return events
    }()

    private static let documentTables: [WorkflowTable] = [.salesDocuments, .purchaseDocuments]
    private static let recordTables: [WorkflowTable] = EntitySet.allCases.map(WorkflowTable.init)

    private static let standardResponses: [WorkflowResponseDefinition] = [
        .init(
            functionName: R.createApprovalRequests,
            description: "Create an approval request for the record using approver type %1 and %2.",
            options: [.approverType, .approverLimitType, .workflowUserGroupCode, .approverUserId, .dueDateFormula, .delegateAfter, .showConfirmationMessage],
            requiredOptions: [.approverType, .approverLimitType], tables: recordTables
        ),
        .init(
            functionName: R.sendApprovalRequestForApproval, description: "Send approval request for the record and create a notification entry.",
            options: [.notifySender]
        ),
        .init(functionName: R.approveAllApprovalRequests, description: "Approve the approval request for the record."),
        .init(
            functionName: R.rejectAllApprovalRequests, description: "Reject the approval request for the record and create a notification entry.",
            options: [.notifySender]
        ),
        .init(functionName: R.cancelAllApprovalRequests, description: "Cancel the approval request for the record.", options: [.notifySender]),
        .init(
            functionName: R.createAndApproveApprovalRequestAutomatically,
            description: "Create and approve an approval request automatically.", tables: recordTables
        ),
        .init(functionName: R.setStatusToPendingApproval, description: "Set document status to Pending Approval.", tables: recordTables),
        .init(functionName: R.releaseDocument, description: "Release the document.", tables: documentTables),
        .init(functionName: R.openDocument, description: "Reopen the document.", tables: documentTables),
        .init(functionName: R.restrictRecordUsage, description: "Add record restriction.", tables: recordTables),
        .init(functionName: R.allowRecordUsage, description: "Remove record restriction.", tables: recordTables),
        .init(
            functionName: R.createNotificationEntry, description: "Create a notification for %1.",
            options: [.notificationUserId, .notifySender, .notificationEntryType, .linkTargetPage, .customLink]
        ),
        .init(functionName: R.createOverdueNotifications, description: "Create notification entries for overdue approval requests."),
        .init(functionName: R.showMessage, description: "Show the message '%1'.", options: [.message], requiredOptions: [.message]),
        .init(functionName: R.doNothing, description: "Do nothing."),
        .init(functionName: R.checkCustomerCreditLimit, description: "Check if the customer credit limit is exceeded.", tables: [.salesDocuments]),
        .init(
            functionName: R.checkGeneralJournalBatchBalance, description: "Check if the general journal batch is balanced.",
            tables: [.generalJournalBatches]
        ),
        .init(
            functionName: R.revertValueForField, description: "Revert the value of the %1 field on the record and save the change request.",
            options: [.fieldName], requiredOptions: [.fieldName], tables: [.customers, .vendors, .items]
        ),
        .init(functionName: R.applyNewValues, description: "Apply the new values.", options: [.fieldName], tables: [.customers, .vendors, .items]),
        .init(functionName: R.discardNewValues, description: "Discard the new values.", tables: [.customers, .vendors, .items]),
        .init(functionName: R.getApprovalComment, description: "Open Approval Comments page."),
        .init(
            functionName: R.sendNotificationToWebhook, description: "Send a notification to a webhook and wait for its response.",
            options: [.responseType, .responseUserId], tables: recordTables
        ),
    ]
}
