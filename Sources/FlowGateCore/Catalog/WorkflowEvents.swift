/// The function names of the standard events, as codeunit 1520 "Workflow Event Handling" spells them.
public enum WorkflowEvents {
    public static let sendSalesDocForApproval = "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL"
    public static let cancelSalesApprovalRequest = "RUNWORKFLOWONCANCELSALESAPPROVALREQUEST"
    public static let afterReleaseSalesDoc = "RUNWORKFLOWONAFTERRELEASESALESDOC"
    public static let sendPurchaseDocForApproval = "RUNWORKFLOWONSENDPURCHASEDOCFORAPPROVAL"
    public static let cancelPurchaseApprovalRequest = "RUNWORKFLOWONCANCELPURCHASEAPPROVALREQUEST"
    public static let afterReleasePurchaseDoc = "RUNWORKFLOWONAFTERRELEASEPURCHASEDOC"
    public static let afterPostPurchaseDoc = "RUNWORKFLOWONAFTERPOSTPURCHASEDOC"
    public static let sendCustomerForApproval = "RUNWORKFLOWONSENDCUSTOMERFORAPPROVAL"
    public static let cancelCustomerApprovalRequest = "RUNWORKFLOWONCANCELCUSTOMERAPPROVALREQUEST"
    public static let sendVendorForApproval = "RUNWORKFLOWONSENDVENDORFORAPPROVAL"
    public static let cancelVendorApprovalRequest = "RUNWORKFLOWONCANCELVENDORAPPROVALREQUEST"
    public static let sendItemForApproval = "RUNWORKFLOWONSENDITEMFORAPPROVAL"
    public static let cancelItemApprovalRequest = "RUNWORKFLOWONCANCELITEMAPPROVALREQUEST"
    public static let sendGeneralJournalBatchForApproval = "RUNWORKFLOWONSENDGENERALJOURNALBATCHFORAPPROVAL"
    public static let cancelGeneralJournalBatchApprovalRequest = "RUNWORKFLOWONCANCELGENERALJOURNALBATCHAPPROVALREQUEST"
    public static let sendGeneralJournalLineForApproval = "RUNWORKFLOWONSENDGENERALJOURNALLINEFORAPPROVAL"
    public static let cancelGeneralJournalLineApprovalRequest = "RUNWORKFLOWONCANCELGENERALJOURNALLINEAPPROVALREQUEST"
    public static let generalJournalBatchBalanced = "RUNWORKFLOWONGENERALJOURNALBATCHBALANCED"
    public static let generalJournalBatchNotBalanced = "RUNWORKFLOWONGENERALJOURNALBATCHNOTBALANCED"
    public static let afterInsertGeneralJournalLine = "RUNWORKFLOWONAFTERINSERTGENERALJOURNALLINE"
    public static let customerCreditLimitExceeded = "RUNWORKFLOWONCUSTOMERCREDITLIMITEXCEEDED"
    public static let customerCreditLimitNotExceeded = "RUNWORKFLOWONCUSTOMERCREDITLIMITNOTEXCEEDED"
    public static let approveApprovalRequest = "RUNWORKFLOWONAPPROVEAPPROVALREQUEST"
    public static let rejectApprovalRequest = "RUNWORKFLOWONREJECTAPPROVALREQUEST"
    public static let delegateApprovalRequest = "RUNWORKFLOWONDELEGATEAPPROVALREQUEST"
    public static let sendOverdueNotifications = "RUNWORKFLOWONSENDOVERDUENOTIFICATIONS"
    // Business Central's record-change codes really do end in "CODE".
    public static let customerChanged = "RUNWORKFLOWONCUSTOMERCHANGEDCODE"
    public static let vendorChanged = "RUNWORKFLOWONVENDORCHANGEDCODE"
    public static let itemChanged = "RUNWORKFLOWONITEMCHANGEDCODE"
    public static let webhookResponseReceived = "WORKFLOWWEBHOOKRESPONSERECEIVEDEVENT"

    /// The approval-requested event of each record entity set (the seven a Flow subscription may use).
    public static func sendForApproval(_ entitySet: EntitySet) -> String {
        switch entitySet {
        case .salesDocuments: sendSalesDocForApproval
        case .purchaseDocuments: sendPurchaseDocForApproval
        case .customers: sendCustomerForApproval
        case .vendors: sendVendorForApproval
        case .items: sendItemForApproval
        case .generalJournalBatches: sendGeneralJournalBatchForApproval
        case .generalJournalLines: sendGeneralJournalLineForApproval
        }
    }

    /// The record-change event of an entity set, for the ones that have one (customers, vendors, items).
    public static func recordChanged(_ entitySet: EntitySet) -> String? {
        switch entitySet {
        case .customers: customerChanged
        case .vendors: vendorChanged
        case .items: itemChanged
        default: nil
        }
    }

    /// The cancel-approval-request event of each record entity set.
    public static func cancelApprovalRequest(_ entitySet: EntitySet) -> String {
        switch entitySet {
        case .salesDocuments: cancelSalesApprovalRequest
        case .purchaseDocuments: cancelPurchaseApprovalRequest
        case .customers: cancelCustomerApprovalRequest
        case .vendors: cancelVendorApprovalRequest
        case .items: cancelItemApprovalRequest
        case .generalJournalBatches: cancelGeneralJournalBatchApprovalRequest
        case .generalJournalLines: cancelGeneralJournalLineApprovalRequest
        }
    }
}

/// The function names of the standard responses, as codeunit 1521 "Workflow Response Handling" spells them.
public enum WorkflowResponses {
    public static let createApprovalRequests = "CREATEAPPROVALREQUESTS"
    public static let sendApprovalRequestForApproval = "SENDAPPROVALREQUESTFORAPPROVAL"
    public static let approveAllApprovalRequests = "APPROVEALLAPPROVALREQUESTS"
    public static let rejectAllApprovalRequests = "REJECTALLAPPROVALREQUESTS"
    public static let cancelAllApprovalRequests = "CANCELALLAPPROVALREQUESTS"
    public static let createAndApproveApprovalRequestAutomatically = "CREATEANDAPPROVEAPPROVALREQUESTAUTOMATICALLY"
    public static let setStatusToPendingApproval = "SETSTATUSTOPENDINGAPPROVAL"
    public static let releaseDocument = "RELEASEDOCUMENT"
    public static let openDocument = "OPENDOCUMENT"
    public static let restrictRecordUsage = "RESTRICTRECORDUSAGE"
    public static let allowRecordUsage = "ALLOWRECORDUSAGE"
    public static let createNotificationEntry = "CREATENOTIFICATIONENTRY"
    public static let createOverdueNotifications = "CREATEOVERDUENOTIFICATIONS"
    public static let showMessage = "SHOWMESSAGE"
    public static let doNothing = "DONOTHING"
    public static let checkCustomerCreditLimit = "CHECKCUSTOMERCREDITLIMIT"
    public static let checkGeneralJournalBatchBalance = "CHECKGENERALJOURNALBATCHBALANCE"
    public static let revertValueForField = "REVERTVALUEFORFIELD"
    public static let applyNewValues = "APPLYNEWVALUES"
    public static let discardNewValues = "DISCARDNEWVALUES"
    public static let getApprovalComment = "GETAPPROVALCOMMENT"
    public static let sendNotificationToWebhook = "SENDNOTIFICATIONTOWEBHOOK"
}
