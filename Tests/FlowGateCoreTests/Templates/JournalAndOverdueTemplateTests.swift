import FlowGateCore
import Testing

@Suite("General journal and overdue templates")
struct JournalAndOverdueTemplateTests {
    @Test("MS-GJBAPW: only a balanced batch is sent to the sender's direct approver; an unbalanced one gets a message")
    func generalJournalBatch() throws {
        try expectTemplate(
            "MS-GJBAPW", "General Journal Batch Approval Workflow", .fin,
            """
            1 Event RUNWORKFLOWONSENDGENERALJOURNALBATCHFORAPPROVAL
              2 Response CHECKGENERALJOURNALBATCHBALANCE
                3 Event RUNWORKFLOWONGENERALJOURNALBATCHBALANCED seq=0
                  4 Response RESTRICTRECORDUSAGE
                    5 Response CREATEAPPROVALREQUESTS {approverType=Approver, approverLimitType=Direct Approver, showConfirmationMessage=true}
                      6 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                        7 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                          8 Response ALLOWRECORDUSAGE
                        9 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                          10 Response SENDAPPROVALREQUESTFORAPPROVAL -> 6
                        11 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                          12 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                        13 Event RUNWORKFLOWONCANCELGENERALJOURNALBATCHAPPROVALREQUEST seq=3
                          14 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                            15 Response SHOWMESSAGE {message="The approval request for the record has been canceled."}
                        16 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                          17 Response SENDAPPROVALREQUESTFORAPPROVAL -> 6
                18 Event RUNWORKFLOWONGENERALJOURNALBATCHNOTBALANCED seq=1
                  19 Response SHOWMESSAGE {message="The selected general journal batch is not balanced and cannot be sent for approval."}
            """
        )
    }

    @Test("MS-GJLAPW: a journal line goes to the sender's direct approver; cancelling neither unblocks it nor shows a message")
    func generalJournalLine() throws {
        try expectTemplate(
            "MS-GJLAPW", "General Journal Line Approval Workflow", .fin,
            """
            1 Event RUNWORKFLOWONSENDGENERALJOURNALLINEFORAPPROVAL
              2 Response RESTRICTRECORDUSAGE
                3 Response CREATEAPPROVALREQUESTS {approverType=Approver, approverLimitType=Direct Approver, showConfirmationMessage=false}
                  4 Response SENDAPPROVALREQUESTFORAPPROVAL {notifySender=false}
                    5 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=0 [pendingApprovals=0]
                      6 Response ALLOWRECORDUSAGE
                    7 Event RUNWORKFLOWONAPPROVEAPPROVALREQUEST seq=1 [pendingApprovals=>0]
                      8 Response SENDAPPROVALREQUESTFORAPPROVAL -> 4
                    9 Event RUNWORKFLOWONREJECTAPPROVALREQUEST seq=2
                      10 Response REJECTALLAPPROVALREQUESTS {notifySender=true}
                    11 Event RUNWORKFLOWONCANCELGENERALJOURNALLINEAPPROVALREQUEST seq=3
                      12 Response CANCELALLAPPROVALREQUESTS {notifySender=false}
                    13 Event RUNWORKFLOWONDELEGATEAPPROVALREQUEST seq=4
                      14 Response SENDAPPROVALREQUESTFORAPPROVAL -> 4
            """
        )
    }

    @Test("MS-OVERDUE: the overdue job creates the overdue notifications")
    func overdue() throws {
        try expectTemplate(
            "MS-OVERDUE", "Overdue Approval Requests Workflow", .admin,
            """
            1 Event RUNWORKFLOWONSENDOVERDUENOTIFICATIONS
              2 Response CREATEOVERDUENOTIFICATIONS
            """
        )
    }
}
