import FlowGateCore
import Testing

@Suite("Customer, vendor, item and field-change templates")
struct RecordTemplateTests {
    @Test("MS-CUSTAPW: a customer is blocked from use until the sender's direct approver approves it")
    func customer() throws {
        try expectTemplate(
            "MS-CUSTAPW", "Customer Approval Workflow", .sales,
            """
            1 Event RUNWORKFLOWONSENDCUSTOMERFORAPPROVAL
              2 Response RESTRICTRECORDUSAGE
                3 Response CREATEAPPROVALREQUESTS {approverType=Approver, approverLimitType=Direct Approver, showConfirmationMessage=true}
                  4 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                    5 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                      6 Response ALLOWRECORDUSAGE
                    7 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                      8 Response SENDAPPROVALREQUESTFORAPPROVAL -> 4
                    9 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                      10 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                    11 Event RUNWORKFLOWONCANCELCUSTOMERAPPROVALREQUEST seq=3
                      12 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                        13 Response ALLOWRECORDUSAGE
                          14 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                    15 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                      16 Response SENDAPPROVALREQUESTFORAPPROVAL -> 4
            """
        )
    }

    @Test("MS-VENDAPW: a vendor is blocked from use until the sender's direct approver approves it")
    func vendor() throws {
        try expectTemplate(
            "MS-VENDAPW", "Vendor Approval Workflow", .purch,
            """
            1 Event RUNWORKFLOWONSENDVENDORFORAPPROVAL
              2 Response RESTRICTRECORDUSAGE
                3 Response CREATEAPPROVALREQUESTS {approverType=Approver, approverLimitType=Direct Approver, showConfirmationMessage=true}
                  4 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                    5 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                      6 Response ALLOWRECORDUSAGE
                    7 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                      8 Response SENDAPPROVALREQUESTFORAPPROVAL -> 4
                    9 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                      10 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                    11 Event RUNWORKFLOWONCANCELVENDORAPPROVALREQUEST seq=3
                      12 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                        13 Response ALLOWRECORDUSAGE
                          14 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                    15 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                      16 Response SENDAPPROVALREQUESTFORAPPROVAL -> 4
            """
        )
    }

    @Test("MS-ITEMAPW: an item is blocked from use until the sender's direct approver approves it")
    func item() throws {
        try expectTemplate(
            "MS-ITEMAPW", "Item Approval Workflow", .sales,
            """
            1 Event RUNWORKFLOWONSENDITEMFORAPPROVAL
              2 Response RESTRICTRECORDUSAGE
                3 Response CREATEAPPROVALREQUESTS {approverType=Approver, approverLimitType=Direct Approver, showConfirmationMessage=true}
                  4 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                    5 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                      6 Response ALLOWRECORDUSAGE
                    7 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                      8 Response SENDAPPROVALREQUESTFORAPPROVAL -> 4
                    9 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                      10 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                    11 Event RUNWORKFLOWONCANCELITEMAPPROVALREQUEST seq=3
                      12 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                        13 Response ALLOWRECORDUSAGE
                          14 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                    15 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                      16 Response SENDAPPROVALREQUESTFORAPPROVAL -> 4
            """
        )
    }

    @Test("MS-CCLCAPW: a raised customer credit limit is held back until a workflow user group approves it")
    func customerCreditLimitChange() throws {
        try expectTemplate(
            "MS-CCLCAPW", "Customer Credit Limit Change Approval Workflow", .sales,
            """
            1 Event RUNWORKFLOWONCUSTOMERCHANGEDCODE <creditLimitLCY Increased>
              2 Response REVERTVALUEFORFIELD {fieldName="creditLimitLCY"}
                3 Response CREATEAPPROVALREQUESTS {approverType=Workflow User Group, approverLimitType=Direct Approver, showConfirmationMessage=false}
                  4 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                    5 Response SHOWMESSAGE {message="The customer credit limit change was sent for approval."}
                      6 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                        7 Response APPLYNEWVALUES {fieldName="creditLimitLCY"}
                      8 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                        9 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
                      10 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                        11 Response DISCARDNEWVALUES
                          12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                      13 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=3
                        14 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-IUPCAPW: a raised item unit price is held back until a workflow user group approves it")
    func itemUnitPriceChange() throws {
        try expectTemplate(
            "MS-IUPCAPW", "Item Unit Price Change Approval Workflow", .sales,
            """
            1 Event RUNWORKFLOWONITEMCHANGEDCODE <unitPrice Increased>
              2 Response REVERTVALUEFORFIELD {fieldName="unitPrice"}
                3 Response CREATEAPPROVALREQUESTS {approverType=Workflow User Group, approverLimitType=Direct Approver, showConfirmationMessage=false}
                  4 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                    5 Response SHOWMESSAGE {message="The item unit price change was sent for approval."}
                      6 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                        7 Response APPLYNEWVALUES {fieldName="unitPrice"}
                      8 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                        9 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
                      10 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                        11 Response DISCARDNEWVALUES
                          12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                      13 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=3
                        14 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }
}
