import FlowGateCore
import Testing

@Suite("Sales document and credit limit templates")
struct SalesTemplateTests {
    @Test("MS-SOAPW: orders go up the salesperson's approver chain")
    func salesOrder() throws {
        try expectTemplate(
            "MS-SOAPW", "Sales Order Approval Workflow", .salesDoc,
            """
            1 Event RUNWORKFLOWONSENDSALESDOCFORAPPROVAL [status=Open, documentType=Order]
              2 Response RESTRICTRECORDUSAGE
                3 Response SETSTATUSTOPENDINGAPPROVAL
                  4 Response CREATEAPPROVALREQUESTS {approverType=Salesperson/Purchaser, approverLimitType=Approver Chain, showConfirmationMessage=true}
                    5 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                      6 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                        7 Response ALLOWRECORDUSAGE
                          8 Response RELEASEDOCUMENT
                      9 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                        10 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
                      11 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                        12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                          13 Response OPENDOCUMENT
                      14 Event RUNWORKFLOWONCANCELSALESAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Order]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-SQAPW: quotes go to the salesperson's direct approver")
    func salesQuote() throws {
        try expectTemplate(
            "MS-SQAPW", "Sales Quote Approval Workflow", .salesDoc,
            """
            1 Event RUNWORKFLOWONSENDSALESDOCFORAPPROVAL [status=Open, documentType=Quote]
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
                      14 Event RUNWORKFLOWONCANCELSALESAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Quote]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-SIAPW: invoices go to the salesperson's direct approver")
    func salesInvoice() throws {
        try expectTemplate(
            "MS-SIAPW", "Sales Invoice Approval Workflow", .salesDoc,
            """
            1 Event RUNWORKFLOWONSENDSALESDOCFORAPPROVAL [status=Open, documentType=Invoice]
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
                      14 Event RUNWORKFLOWONCANCELSALESAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Invoice]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-SCMAPW: credit memos go to the salesperson's direct approver")
    func salesCreditMemo() throws {
        try expectTemplate(
            "MS-SCMAPW", "Sales Credit Memo Approval Workflow", .salesDoc,
            """
            1 Event RUNWORKFLOWONSENDSALESDOCFORAPPROVAL [status=Open, documentType=Credit Memo]
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
                      14 Event RUNWORKFLOWONCANCELSALESAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Credit Memo]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-SROAPW: return orders go to the salesperson's direct approver")
    func salesReturnOrder() throws {
        try expectTemplate(
            "MS-SROAPW", "Sales Return Order Approval Workflow", .salesDoc,
            """
            1 Event RUNWORKFLOWONSENDSALESDOCFORAPPROVAL [status=Open, documentType=Return Order]
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
                      14 Event RUNWORKFLOWONCANCELSALESAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Return Order]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-BSOAPW: blanket orders go to a workflow user group")
    func blanketSalesOrder() throws {
        try expectTemplate(
            "MS-BSOAPW", "Blanket Sales Order Approval Workflow", .salesDoc,
            """
            1 Event RUNWORKFLOWONSENDSALESDOCFORAPPROVAL [status=Open, documentType=Blanket Order]
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
                      14 Event RUNWORKFLOWONCANCELSALESAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Blanket Order]
                        15 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                          16 Response ALLOWRECORDUSAGE
                            17 Response OPENDOCUMENT
                              18 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                      19 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                        20 Response SENDAPPROVALREQUESTFORAPPROVAL -> 5
            """
        )
    }

    @Test("MS-SICLAPW: an invoice within the credit limit is approved and released at once; over it, the direct approver decides")
    func salesInvoiceCreditLimit() throws {
        try expectTemplate(
            "MS-SICLAPW", "Sales Invoice Credit Limit Approval Workflow", .salesDoc,
            """
            1 Event RUNWORKFLOWONSENDSALESDOCFORAPPROVAL [status=Open, documentType=Invoice]
              2 Response CHECKCUSTOMERCREDITLIMIT
                3 Event RUNWORKFLOWONCUSTOMERCREDITLIMITEXCEEDED seq=0
                  4 Response RESTRICTRECORDUSAGE
                    5 Response SETSTATUSTOPENDINGAPPROVAL
                      6 Response CREATEAPPROVALREQUESTS {approverType=Salesperson/Purchaser, approverLimitType=Direct Approver, showConfirmationMessage=true}
                        7 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                          8 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                            9 Response ALLOWRECORDUSAGE
                              10 Response RELEASEDOCUMENT
                          11 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                            12 Response SENDAPPROVALREQUESTFORAPPROVAL -> 7
                          13 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                            14 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                              15 Response OPENDOCUMENT
                          16 Event RUNWORKFLOWONCANCELSALESAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Invoice]
                            17 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                              18 Response ALLOWRECORDUSAGE
                                19 Response OPENDOCUMENT
                                  20 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                          21 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                            22 Response SENDAPPROVALREQUESTFORAPPROVAL -> 7
                23 Event RUNWORKFLOWONCUSTOMERCREDITLIMITNOTEXCEEDED seq=1
                  24 Response SETSTATUSTOPENDINGAPPROVAL
                    25 Response CREATEANDAPPROVEAPPROVALREQUESTAUTOMATICALLY
                      26 Response RELEASEDOCUMENT
            """
        )
    }

    @Test("MS-SOCLAPW: an order over the credit limit goes up the salesperson's approver chain")
    func salesOrderCreditLimit() throws {
        try expectTemplate(
            "MS-SOCLAPW", "Sales Order Credit Limit Approval Workflow", .salesDoc,
            """
            1 Event RUNWORKFLOWONSENDSALESDOCFORAPPROVAL [status=Open, documentType=Order]
              2 Response CHECKCUSTOMERCREDITLIMIT
                3 Event RUNWORKFLOWONCUSTOMERCREDITLIMITEXCEEDED seq=0
                  4 Response RESTRICTRECORDUSAGE
                    5 Response SETSTATUSTOPENDINGAPPROVAL
                      6 Response CREATEAPPROVALREQUESTS {approverType=Salesperson/Purchaser, approverLimitType=Approver Chain, showConfirmationMessage=true}
                        7 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                          8 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                            9 Response ALLOWRECORDUSAGE
                              10 Response RELEASEDOCUMENT
                          11 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                            12 Response SENDAPPROVALREQUESTFORAPPROVAL -> 7
                          13 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                            14 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                              15 Response OPENDOCUMENT
                          16 Event RUNWORKFLOWONCANCELSALESAPPROVALREQUEST seq=3 [status=Pending Approval, documentType=Order]
                            17 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                              18 Response ALLOWRECORDUSAGE
                                19 Response OPENDOCUMENT
                                  20 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                          21 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                            22 Response SENDAPPROVALREQUESTFORAPPROVAL -> 7
                23 Event RUNWORKFLOWONCUSTOMERCREDITLIMITNOTEXCEEDED seq=1
                  24 Response SETSTATUSTOPENDINGAPPROVAL
                    25 Response CREATEANDAPPROVEAPPROVALREQUESTAUTOMATICALLY
                      26 Response RELEASEDOCUMENT
            """
        )
    }
}
