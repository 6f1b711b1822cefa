import FlowGateCore
import Foundation
import Testing

@Suite("Approval routing: CreateApprovalRequests for every approver type and limit type")
struct ApprovalRoutingTests {
    static let company = UUID()
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func setup(_ user: String, approver: String? = nil, sales: Decimal = 0, unlimited: Bool = false, code: String? = nil, admin: Bool = false) -> ApprovalUserSetup {
        ApprovalUserSetup(
            companyId: company, userName: user, approverId: approver, salespersonPurchaserCode: code, salesAmountApprovalLimit: sales,
            unlimitedSalesApproval: unlimited, purchaseAmountApprovalLimit: sales, unlimitedPurchaseApproval: unlimited,
            requestAmountApprovalLimit: sales / 10, unlimitedRequestApproval: unlimited, approvalAdministrator: admin
        )
    }

    /// The demo chain: ALICE (100) → BOB (5,000) → CAROL (unlimited, administrator).
    static let demo = [
        setup("ALICE", approver: "BOB", sales: 100, code: "AL"),
        setup("BOB", approver: "CAROL", sales: 5000, code: "BO"),
        setup("CAROL", unlimited: true, code: "CA", admin: true),
    ]

    func route(
        _ setups: [ApprovalUserSetup] = demo, groups: [WorkflowUserGroup] = [], entitySet: EntitySet = .salesDocuments,
        type: DocumentType? = .order, amount: Decimal, salesperson: String? = nil, sender: String = "ALICE",
        _ approverType: ApproverType, _ limitType: ApproverLimitType, specific: String? = nil, group: String? = nil,
        existing: [ApprovalEntry] = [], recordId: UUID = UUID()
    ) throws -> [String] {
        let record = BusinessRecord(
            id: recordId, companyId: Self.company, entitySet: entitySet, number: "DOC1", documentType: entitySet.isDocument ? type : nil,
            amount: amount, salespersonPurchaserCode: salesperson, createdAt: Self.now
        )
        let argument = WorkflowStepArgument(
            approverType: approverType, approverLimitType: limitType, workflowUserGroupCode: group, approverUserId: specific, delegateAfter: .twoDays
        )
        let request = ApprovalRouting.Request(
            record: record, senderId: sender, argument: argument, workflowCode: "SOAPW", stepInstanceId: existing.first?.workflowStepInstanceId ?? UUID(),
            existingEntries: existing, firstEntryNo: 1, now: Self.now, dueDate: Self.now
        )
        let entries = try ApprovalRouting(setups: setups, groups: groups).createApprovalRequests(request)
        return entries.map { "\($0.sequenceNo) \($0.approverId) \($0.status.rawValue)" }
    }

    func routingError(_ message: String) -> FlowGateError { .conflict("approval-routing", message) }

    @Test("Approver Chain: the sender's own entry is born Approved, then everyone up to and including the first sufficient approver")
    func approverChain() throws {
        #expect(try route(amount: 3000, .approver, .approverChain) == ["1 ALICE Approved", "2 BOB Created"])
        #expect(try route(amount: 8000, .approver, .approverChain) == ["1 ALICE Approved", "2 BOB Created", "3 CAROL Created"])
        #expect(try route(amount: 100, .approver, .approverChain) == ["1 ALICE Approved"], "the sender's limit suffices: auto-approval")
        #expect(try route(amount: 5000, .approver, .approverChain) == ["1 ALICE Approved", "2 BOB Created"], "amount <= limit qualifies")
    }

    @Test("First Qualified Approver skips the insufficient approvers in between")
    func firstQualified() throws {
        #expect(try route(amount: 8000, .approver, .firstQualifiedApprover) == ["1 ALICE Approved", "2 CAROL Created"])
        #expect(try route(amount: 3000, .approver, .firstQualifiedApprover) == ["1 ALICE Approved", "2 BOB Created"])
    }

    @Test("Direct Approver: only the sender's approver, whatever the amount; an administrator without approver approves itself")
    func directApprover() throws {
        #expect(try route(amount: 8000, .approver, .directApprover) == ["1 BOB Created"])
        #expect(try route(amount: 8000, sender: "CAROL", .approver, .directApprover) == ["1 CAROL Approved"])
        let noApprover = [Self.setup("ALICE", sales: 100), Self.setup("CAROL", unlimited: true, admin: true)]
        #expect(throws: routingError("You must set up an approver for user ID ALICE in the Approval User Setup window.")) {
            try route(noApprover, amount: 10, .approver, .directApprover)
        }
        #expect(throws: routingError("User ID DAVE does not exist in the Approval User Setup window.")) {
            try route(amount: 10, sender: "DAVE", .approver, .directApprover)
        }
    }

    @Test("Specific Approver: only the named user, who must be set up")
    func specificApprover() throws {
        #expect(try route(amount: 8000, .approver, .specificApprover, specific: "CAROL") == ["1 CAROL Created"])
        #expect(throws: routingError("User ID GHOST does not exist in the Approval User Setup window.")) {
            try route(amount: 10, .approver, .specificApprover, specific: "GHOST")
        }
    }

    @Test("Salesperson/Purchaser: starts at the salesperson's user", arguments: [
        (ApproverLimitType.approverChain, Decimal(8000), ["1 BOB Created", "2 CAROL Created"]),
        (.directApprover, 8000, ["1 BOB Created"]),
        (.firstQualifiedApprover, 3000, ["1 BOB Created"]),
        (.firstQualifiedApprover, 8000, ["1 CAROL Created"]),
        (.specificApprover, 10, ["1 BOB Created", "2 CAROL Created"]),
    ])
    func salesperson(limit: ApproverLimitType, amount: Decimal, expected: [String]) throws {
        #expect(try route(amount: amount, salesperson: "BO", .salespersonPurchaser, limit, specific: "CAROL") == expected)
    }

    @Test("Salesperson/Purchaser needs a code on the document that belongs to a set-up user")
    func salespersonErrors() throws {
        #expect(throws: routingError("Salespers./Purch. Code must have a value in salesDocuments: Document Type=Order, No.=DOC1. It cannot be zero or empty.")) {
            try route(amount: 10, .salespersonPurchaser, .approverChain)
        }
        #expect(throws: routingError("The salesperson/purchaser user ID  does not exist in the Approval User Setup window for Salespers./Purch. Code ZZ.")) {
            try route(amount: 10, salesperson: "ZZ", .salespersonPurchaser, .approverChain)
        }
    }

    @Test("Workflow User Group: every member at base + its sequence number; equal numbers approve in parallel; the sender's entry is Approved")
    func workflowUserGroup() throws {
        let group = WorkflowUserGroup(
            companyId: Self.company, code: "G", members: [.init(userName: "CAROL", sequenceNo: 1), .init(userName: "ALICE", sequenceNo: 2), .init(userName: "BOB", sequenceNo: 1)]
        )
        #expect(try route(groups: [group], amount: 8000, .workflowUserGroup, .approverChain, group: "G") == ["1 BOB Created", "1 CAROL Created", "2 ALICE Approved"])
        #expect(throws: routingError("A workflow user group with at least one member must be set up.")) {
            try route(groups: [WorkflowUserGroup(companyId: Self.company, code: "E")], amount: 1, .workflowUserGroup, .approverChain, group: "E")
        }
        let stranger = WorkflowUserGroup(companyId: Self.company, code: "S", members: [.init(userName: "DAVE", sequenceNo: 1)])
        #expect(throws: routingError("The workflow user group member with user ID DAVE does not exist in the Approval User Setup window.")) {
            try route(groups: [stranger], amount: 1, .workflowUserGroup, .approverChain, group: "S")
        }
    }

    @Test("The chain stops with Business Central's errors: no approver at the top, and a cycle")
    func chainErrors() throws {
        let topless = [Self.setup("ALICE", approver: "BOB", sales: 100), Self.setup("BOB", sales: 5000)]
        #expect(throws: routingError("No qualified approver was found.")) { try route(topless, amount: 8000, .approver, .approverChain) }
        let cycle = [Self.setup("ALICE", approver: "BOB", sales: 100), Self.setup("BOB", approver: "ALICE", sales: 5000)]
        #expect(throws: routingError("No sufficient approver was found in the approver chain.")) { try route(cycle, amount: 8000, .approver, .approverChain) }
        let dangling = [Self.setup("ALICE", approver: "BOB", sales: 100), Self.setup("BOB", approver: "ZED", sales: 5000)]
        #expect(throws: routingError("You must set up an approver for user ID BOB in the Approval User Setup window.")) {
            try route(dangling, amount: 8000, .approver, .approverChain)
        }
    }

    @Test("A zero limit means no authority; purchase quotes use the request limit; master data is always sufficient")
    func limits() throws {
        let zero = [Self.setup("ALICE", approver: "BOB"), Self.setup("BOB", unlimited: true)]
        #expect(try route(zero, amount: 0, .approver, .approverChain) == ["1 ALICE Approved", "2 BOB Created"])
        // ALICE's request limit is 10 (a tenth of 100): a 50 quote needs BOB, a 50 order does not.
        #expect(try route(entitySet: .purchaseDocuments, type: .quote, amount: 50, .approver, .approverChain) == ["1 ALICE Approved", "2 BOB Created"])
        #expect(try route(entitySet: .purchaseDocuments, type: .order, amount: 50, .approver, .approverChain) == ["1 ALICE Approved"])
        #expect(try route(entitySet: .customers, amount: 1_000_000, .approver, .approverChain) == ["1 ALICE Approved"])
    }

    @Test("Sequence numbers continue after the entries already made for the step instance")
    func sequenceContinues() throws {
        let recordId = UUID()
        let previous = ApprovalEntry(
            entryNo: 1, companyId: Self.company, entitySet: .salesDocuments, documentType: .order, documentNo: "DOC1", recordId: recordId,
            sequenceNo: 3, approvalCode: "SOAPW", workflowStepInstanceId: UUID(), senderId: "ALICE", salespersonPurchaserCode: nil,
            approverId: "BOB", status: .approved, approvalType: .approver, limitType: .approvalLimits, now: Self.now, dueDate: Self.now,
            delegationDateFormula: nil, amount: 1, amountLCY: 1, currencyCode: nil
        )
        #expect(try route(amount: 3000, .approver, .directApprover, existing: [previous], recordId: recordId) == ["4 BOB Created"])
        #expect(try route(amount: 3000, .approver, .directApprover, existing: [previous]) == ["1 BOB Created"], "another record's entries never count")
    }
}
