import FlowGateCore
import Testing

@Suite("Purchase document templates")
struct PurchaseTemplateTests {
    @Test("MS-POAPW: orders go up the sender's approver chain")
    func purchaseOrder() throws {
        try expectTemplate(
            "MS-POAPW", "Purchase Order Approval Workflow", .purchDoc,
            """
            1 Event RUNWORKFLOWONSENDPURCHASEDOCFORAPPROVAL [status=Open, documentType=Order]
              2 Response RESTRICTRECORDUSAGE
                3 Response SETSTATUSTOPENDINGAPPROVAL
                  4 Response CREATEAPPROVALREQUESTS {approverType=Approver, approverLimitType=Approver Chain, showConfirmationMessage=true}
                    5 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                      6 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                        7 Response ALLOWRECORDUSAGE
                          8 Response RELEASEDOCUMENT
                      9 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                        10 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
                      11 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                        12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                          13 Response OPENDOCUMENT
                      14 Event RUNWORKFLOWONCANCELPURCHASEAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Order]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-PQAPW: quotes go up the sender's approver chain")
    func purchaseQuote() throws {
        try expectTemplate(
            "MS-PQAPW", "Purchase Quote Approval Workflow", .purchDoc,
            """
            1 Event RUNWORKFLOWONSENDPURCHASEDOCFORAPPROVAL [status=Open, documentType=Quote]
              2 Response RESTRICTRECORDUSAGE
                3 Response SETSTATUSTOPENDINGAPPROVAL
                  4 Response CREATEAPPROVALREQUESTS {approverType=Approver, approverLimitType=Approver Chain, showConfirmationMessage=true}
                    5 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                      6 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                        7 Response ALLOWRECORDUSAGE
                          8 Response RELEASEDOCUMENT
                      9 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                        10 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
                      11 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                        12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                          13 Response OPENDOCUMENT
                      14 Event RUNWORKFLOWONCANCELPURCHASEAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Quote]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-PIAPW: invoices go to the purchaser's direct approver")
    func purchaseInvoice() throws {
        try expectTemplate(
            "MS-PIAPW", "Purchase Invoice Approval Workflow", .purchDoc,
            """
            1 Event RUNWORKFLOWONSENDPURCHASEDOCFORAPPROVAL [status=Open, documentType=Invoice]
              2 Response RESTRICTRECORDUSAGE
                3 Response SETSTATUSTOPENDINGAPPROVAL
                  4 Response CREATEAPPROVALREQUESTS {approverType=Salesperson/Purchaser, approverLimitType=Direct Approver, showConfirmationMessage=true}
                    5 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                      6 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                        7 Response ALLOWRECORDUSAGE
                          8 Response RELEASEDOCUMENT
                      9 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                        10 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
                      11 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                        12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                          13 Response OPENDOCUMENT
                      14 Event RUNWORKFLOWONCANCELPURCHASEAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Invoice]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-PCMAPW: credit memos go to the purchaser's direct approver")
    func purchaseCreditMemo() throws {
        try expectTemplate(
            "MS-PCMAPW", "Purchase Credit Memo Approval Workflow", .purchDoc,
            """
            1 Event RUNWORKFLOWONSENDPURCHASEDOCFORAPPROVAL [status=Open, documentType=Credit Memo]
              2 Response RESTRICTRECORDUSAGE
                3 Response SETSTATUSTOPENDINGAPPROVAL
                  4 Response CREATEAPPROVALREQUESTS {approverType=Salesperson/Purchaser, approverLimitType=Direct Approver, showConfirmationMessage=true}
                    5 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                      6 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                        7 Response ALLOWRECORDUSAGE
                          8 Response RELEASEDOCUMENT
                      9 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                        10 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
                      11 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                        12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                          13 Response OPENDOCUMENT
                      14 Event RUNWORKFLOWONCANCELPURCHASEAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Credit Memo]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-PROAPW: return orders go to the purchaser's direct approver")
    func purchaseReturnOrder() throws {
        try expectTemplate(
            "MS-PROAPW", "Purchase Return Order Approval Workflow", .purchDoc,
            """
            1 Event RUNWORKFLOWONSENDPURCHASEDOCFORAPPROVAL [status=Open, documentType=Return Order]
              2 Response RESTRICTRECORDUSAGE
                3 Response SETSTATUSTOPENDINGAPPROVAL
                  4 Response CREATEAPPROVALREQUESTS {approverType=Salesperson/Purchaser, approverLimitType=Direct Approver, showConfirmationMessage=true}
                    5 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                      6 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                        7 Response ALLOWRECORDUSAGE
                          8 Response RELEASEDOCUMENT
                      9 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                        10 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
                      11 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                        12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                          13 Response OPENDOCUMENT
                      14 Event RUNWORKFLOWONCANCELPURCHASEAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Return Order]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-BPOAPW: blanket orders go to a workflow user group")
    func blanketPurchaseOrder() throws {
        try expectTemplate(
            "MS-BPOAPW", "Blanket Purchase Order Approval Workflow", .purchDoc,
            """
            1 Event RUNWORKFLOWONSENDPURCHASEDOCFORAPPROVAL [status=Open, documentType=Blanket Order]
              2 Response RESTRICTRECORDUSAGE
                3 Response SETSTATUSTOPENDINGAPPROVAL
                  4 Response CREATEAPPROVALREQUESTS {approverType=Workflow User Group, approverLimitType=Direct Approver, showConfirmationMessage=true}
                    5 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                      6 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                        7 Response ALLOWRECORDUSAGE
                          8 Response RELEASEDOCUMENT
                      9 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                        10 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
                      11 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                        12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                          13 Response OPENDOCUMENT
                      14 Event RUNWORKFLOWONCANCELPURCHASEAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Blanket Order]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }
}
