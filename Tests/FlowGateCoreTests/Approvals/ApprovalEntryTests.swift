import FlowGateCore
import Foundation
import Testing

@Suite("Approval entry statuses")
struct ApprovalEntryTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    func entry(_ status: ApprovalStatus, approver: String = "BOB", record: UUID = UUID(), instance: UUID = UUID()) -> ApprovalEntry {
        ApprovalEntry(
            entryNo: 1, companyId: UUID(), entitySet: .salesDocuments, documentType: .order, documentNo: "S-ORD10001", recordId: record,
            sequenceNo: 1, approvalCode: "SOAPW", workflowStepInstanceId: instance, senderId: "ALICE", salespersonPurchaserCode: "AL",
            approverId: approver, status: status, approvalType: .approver, limitType: .approvalLimits, now: Self.start,
            dueDate: Self.start, delegationDateFormula: nil, amount: 3000, amountLCY: 3000, currencyCode: nil
        )
    }

    @Test("Opening a created entry stamps the time it was sent")
    func open() {
        var created = entry(.created)
        let later = Self.start.addingTimeInterval(60)
        created.open(at: later)
        #expect(created.status == .open)
        #expect(created.dateTimeSentForApproval == later)
    }

    @Test("Approve and reject need an Open entry, with Business Central's messages otherwise", arguments: [ApprovalStatus.created, .approved, .rejected, .canceled])
    func onlyOpen(status: ApprovalStatus) {
        var value = entry(status)
        #expect(throws: FlowGateError.conflict("entry-not-open", "You can only approve open approval requests.")) {
            try value.approve(by: "BOB", comment: nil, at: Self.start)
        }
        #expect(throws: FlowGateError.conflict("entry-not-open", "You can only reject open approval entries.")) {
            try value.reject(by: "BOB", comment: nil, at: Self.start)
        }
        #expect(throws: FlowGateError.conflict("entry-not-open", "You can only delegate open approval requests.")) {
            try value.delegate(to: "CAROL", by: "BOB", at: Self.start)
        }
        #expect(value.status == status)
    }

    @Test("Approving records who, when and the comment; a blank comment is not kept")
    func approve() throws {
        var open = entry(.open)
        let later = Self.start.addingTimeInterval(3600)
        try open.approve(by: "BOB", comment: "Fine by me", at: later)
        #expect(open.status == .approved)
        #expect(open.lastModifiedByUserId == "BOB")
        #expect(open.lastDateTimeModified == later)
        #expect(open.comments.map(\.text) == ["Fine by me"])
        var other = entry(.open)
        try other.reject(by: "BOB", comment: "   ", at: later)
        #expect(other.status == .rejected)
        #expect(other.comments.isEmpty)
    }

    @Test("Delegation changes the approver in place and keeps the entry Open")
    func delegate() throws {
        var open = entry(.open)
        try open.delegate(to: "CAROL", by: "ALICE", at: Self.start)
        #expect(open.approverId == "CAROL")
        #expect(open.status == .open)
        #expect(open.sequenceNo == 1)
    }

    @Test("Reject-all and cancel-all cover Approved entries but leave Rejected and Canceled ones", arguments: ApprovalStatus.allCases)
    func requestWide(status: ApprovalStatus) {
        var rejected = entry(status)
        let changed = rejected.rejectAsPartOfRequest(by: "BOB", at: Self.start)
        #expect(changed == (status != .rejected && status != .canceled))
        #expect(rejected.status == (status == .canceled ? .canceled : .rejected))
        var canceled = entry(status)
        canceled.cancelAsPartOfRequest(by: "ALICE", at: Self.start)
        #expect(canceled.status == (status == .rejected ? .rejected : .canceled))
    }

    @Test("Pending Approvals counts Created and Open entries of the same record and step instance only")
    func pendingApprovals() {
        let record = UUID()
        let instance = UUID()
        let entries = [
            entry(.approved, record: record, instance: instance), entry(.open, record: record, instance: instance),
            entry(.created, record: record, instance: instance), entry(.open, record: record),
            entry(.open, instance: instance), entry(.rejected, record: record, instance: instance),
        ]
        #expect(entries.pendingApprovals(recordId: record, stepInstanceId: instance) == 2)
    }

    @Test("Limit types on the entry follow the approver setup", arguments: ApproverLimitType.allCases)
    func limitTypes(limit: ApproverLimitType) {
        let expected: ApprovalLimitType = (limit == .approverChain || limit == .firstQualifiedApprover) ? .approvalLimits : .noLimits
        #expect(ApprovalLimitType(approverType: .approver, limitType: limit) == expected)
        #expect(ApprovalLimitType(approverType: .workflowUserGroup, limitType: limit) == .noLimits)
    }

    @Test("An entry is overdue only while pending and past its due date")
    func overdue() {
        let tomorrow = Self.start.addingTimeInterval(86_400)
        #expect(entry(.open).isOverdue(today: tomorrow))
        #expect(!entry(.open).isOverdue(today: Self.start))
        #expect(!entry(.approved).isOverdue(today: tomorrow))
    }
}
