import Foundation
import Testing

@testable import FlowGateCore

/// One approver type × limit type on an 8,000 sales order sent by ALICE under a copy of MS-SOAPW: the entries the send
/// makes (`approver:status@sequence`), then who approves which entry, and the entries after each approval.
struct MatrixCase: Sendable, CustomTestStringConvertible {
    struct Approval: Sendable {
        let entryNo: Int
        let user: String
        let then: [String]
    }

    let type: ApproverType
    let limit: ApproverLimitType
    /// The order's salesperson code: BO (BOB) for the salesperson cases, so that the salesperson is not the sender.
    var salesperson = "BO"
    var specific: String? = nil
    let afterSend: [String]
    let approvals: [Approval]
    var testDescription: String { "\(type.rawValue) × \(limit.rawValue)" }
}

@Suite("Engine: every approver type × limit type, sent, approved in order and released")
struct ApproverMatrixTests {
    /// ALICE (100) → BOB (5,000, salesperson BO) → CAROL (unlimited, administrator); DAVE (no limit, no approver).
    static let setups = EngineFixture.demoSetups + [EngineFixture.setup("DAVE", code: "DA")]
    /// BOB and CAROL in parallel at sequence 1, DAVE after them at 2.
    static let finance = EngineFixture.group("FINANCE", [("BOB", 1), ("CAROL", 1), ("DAVE", 2)])

    static func groupCase(_ limit: ApproverLimitType) -> MatrixCase {
        // Business Central opens sequence 2 as soon as one sequence-1 member approves (approval-routing.md §3), while
        // the other sequence-1 entry stays open; the order is released only when every entry is approved.
        MatrixCase(
            type: .workflowUserGroup, limit: limit, afterSend: ["BOB:Open@1", "CAROL:Open@1", "DAVE:Created@2"],
            approvals: [
                .init(entryNo: 1, user: "BOB", then: ["BOB:Approved@1", "CAROL:Open@1", "DAVE:Open@2"]),
                .init(entryNo: 2, user: "CAROL", then: ["BOB:Approved@1", "CAROL:Approved@1", "DAVE:Open@2"]),
                .init(entryNo: 3, user: "DAVE", then: ["BOB:Approved@1", "CAROL:Approved@1", "DAVE:Approved@2"]),
            ]
        )
    }

    static let cases: [MatrixCase] = [
        // Salesperson/Purchaser: starts at the salesperson's user BOB (5,000 < 8,000).
        MatrixCase(
            type: .salespersonPurchaser, limit: .approverChain, afterSend: ["BOB:Open@1", "CAROL:Created@2"],
            approvals: [
                .init(entryNo: 1, user: "BOB", then: ["BOB:Approved@1", "CAROL:Open@2"]),
                .init(entryNo: 2, user: "CAROL", then: ["BOB:Approved@1", "CAROL:Approved@2"]),
            ]
        ),
        MatrixCase(
            type: .salespersonPurchaser, limit: .directApprover, afterSend: ["BOB:Open@1"],
            approvals: [.init(entryNo: 1, user: "BOB", then: ["BOB:Approved@1"])]  // Direct ignores limits
        ),
        MatrixCase(
            type: .salespersonPurchaser, limit: .firstQualifiedApprover, afterSend: ["CAROL:Open@1"],  // BOB is insufficient: skipped
            approvals: [.init(entryNo: 1, user: "CAROL", then: ["CAROL:Approved@1"])]
        ),
        MatrixCase(
            type: .salespersonPurchaser, limit: .specificApprover, specific: "DAVE", afterSend: ["BOB:Open@1", "DAVE:Created@2"],
            approvals: [
                .init(entryNo: 1, user: "BOB", then: ["BOB:Approved@1", "DAVE:Open@2"]),
                .init(entryNo: 2, user: "DAVE", then: ["BOB:Approved@1", "DAVE:Approved@2"]),
            ]
        ),
        // Approver: starts at the sender ALICE, whose own entry (chain, first qualified) is born Approved.
        MatrixCase(
            type: .approver, limit: .approverChain, afterSend: ["ALICE:Approved@1", "BOB:Open@2", "CAROL:Created@3"],
            approvals: [
                .init(entryNo: 2, user: "BOB", then: ["ALICE:Approved@1", "BOB:Approved@2", "CAROL:Open@3"]),
                .init(entryNo: 3, user: "CAROL", then: ["ALICE:Approved@1", "BOB:Approved@2", "CAROL:Approved@3"]),
            ]
        ),
        MatrixCase(
            type: .approver, limit: .directApprover, afterSend: ["BOB:Open@1"],
            approvals: [.init(entryNo: 1, user: "BOB", then: ["BOB:Approved@1"])]
        ),
        MatrixCase(
            type: .approver, limit: .firstQualifiedApprover, afterSend: ["ALICE:Approved@1", "CAROL:Open@2"],
            approvals: [.init(entryNo: 2, user: "CAROL", then: ["ALICE:Approved@1", "CAROL:Approved@2"])]
        ),
        MatrixCase(
            type: .approver, limit: .specificApprover, specific: "DAVE", afterSend: ["DAVE:Open@1"],
            approvals: [.init(entryNo: 1, user: "DAVE", then: ["DAVE:Approved@1"])]
        ),
        // Workflow User Group: the limit type changes nothing.
        groupCase(.approverChain), groupCase(.directApprover), groupCase(.firstQualifiedApprover), groupCase(.specificApprover),
    ]

    static func fixture(
        _ type: ApproverType, _ limit: ApproverLimitType, amount: Decimal = 8000, salesperson: String = "BO", specific: String? = nil,
        setups: [ApprovalUserSetup] = setups, groups: [WorkflowUserGroup] = [finance]
    ) -> EngineFixture {
        var fixture = EngineFixture(
            record: EngineFixture.salesOrder(amount: amount, salesperson: salesperson), setups: setups,
            edit: EngineFixture.approvers(type, limit, group: type == .workflowUserGroup ? groups.first?.code : nil, specific: specific)
        )
        fixture.groups = groups
        return fixture
    }

    @Test("Entries made, opened first, approved in order until Released", arguments: cases)
    func matrix(_ c: MatrixCase) throws {
        var fixture = Self.fixture(c.type, c.limit, salesperson: c.salesperson, specific: c.specific)
        try fixture.send()
        #expect(fixture.entrySequenceSummary == c.afterSend)
        #expect(fixture.entries.allSatisfy { $0.approvalType == ApprovalType(c.type) })
        #expect(fixture.entries.allSatisfy { $0.limitType == ApprovalLimitType(approverType: c.type, limitType: c.limit) })
        #expect(Set(fixture.notifications.map(\.recipientUserId)) == Set(fixture.entries.filter { $0.status == .open }.map(\.approverId)))
        for (index, approval) in c.approvals.enumerated() {
            #expect(fixture.record.status == .pendingApproval && fixture.record.restricted)
            let wasOpen = Set(fixture.entries.filter { $0.status == .open }.map(\.entryNo))
            let notified = fixture.notifications.count
            try fixture.approve(approval.entryNo, by: approval.user)
            #expect(fixture.entrySequenceSummary == approval.then, "after \(approval.user) approved")
            // Exactly the approvers of the entries this approval opened are notified.
            let opened = fixture.entries.filter { $0.status == .open && !wasOpen.contains($0.entryNo) }
            #expect(fixture.notifications.dropFirst(notified).map(\.approvalEntryNo) == opened.map(\.entryNo))
            let last = index == c.approvals.count - 1
            #expect(fixture.record.status == (last ? .released : .pendingApproval), "after \(approval.user) approved")
        }
        #expect(!fixture.record.restricted && fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Entry types: Approval Limits for chain and first qualified, No Limits for direct, specific and every group entry")
    func entryTypes() {
        #expect(ApprovalLimitType(approverType: .approver, limitType: .approverChain) == .approvalLimits)
        #expect(ApprovalLimitType(approverType: .salespersonPurchaser, limitType: .firstQualifiedApprover) == .approvalLimits)
        #expect(ApprovalLimitType(approverType: .approver, limitType: .directApprover) == .noLimits)
        #expect(ApprovalLimitType(approverType: .salespersonPurchaser, limitType: .specificApprover) == .noLimits)
        #expect(ApprovalLimitType(approverType: .workflowUserGroup, limitType: .approverChain) == .noLimits)
    }

    @Test("Parallel group members: either order, the order is released only after both have approved")
    func parallelGroup() throws {
        for order in [[1, 2], [2, 1]] {
            var fixture = Self.fixture(.workflowUserGroup, .directApprover, groups: [EngineFixture.group("PAIR", [("BOB", 1), ("CAROL", 1)])])
            try fixture.send()
            #expect(fixture.entrySequenceSummary == ["BOB:Open@1", "CAROL:Open@1"])
            try fixture.approve(order[0], by: order[0] == 1 ? "BOB" : "CAROL")
            #expect(fixture.record.status == .pendingApproval, "no first-approver-wins")
            try fixture.approve(order[1], by: order[1] == 1 ? "BOB" : "CAROL")
            #expect(fixture.record.status == .released)
        }
    }

    @Test("The sender's own group entry is born Approved; as the only member, the send auto-approves")
    func senderInGroup() throws {
        var withBob = Self.fixture(.workflowUserGroup, .directApprover, groups: [EngineFixture.group("MIX", [("ALICE", 1), ("BOB", 1)])])
        try withBob.send()
        #expect(withBob.entrySequenceSummary == ["ALICE:Approved@1", "BOB:Open@1"])
        try withBob.approve(2, by: "BOB")
        #expect(withBob.record.status == .released)

        var alone = Self.fixture(.workflowUserGroup, .directApprover, groups: [EngineFixture.group("SOLO", [("ALICE", 1)])])
        try alone.send()
        #expect(alone.entrySequenceSummary == ["ALICE:Approved@1"])
        #expect(alone.record.status == .released && !alone.record.restricted)
    }

    @Test("Auto-approval: the sender's (or salesperson's) own limit suffices — Amount (LCY) <= limit — so the send releases", arguments: [
        (ApproverType.approver, ApproverLimitType.approverChain), (.approver, .firstQualifiedApprover),
        (.salespersonPurchaser, .approverChain), (.salespersonPurchaser, .firstQualifiedApprover),
    ])
    func autoApproval(type: ApproverType, limit: ApproverLimitType) throws {
        var exactly = Self.fixture(type, limit, amount: 100, salesperson: "AL")
        try exactly.send()
        #expect(exactly.entrySequenceSummary == ["ALICE:Approved@1"])
        #expect(exactly.record.status == .released && !exactly.record.restricted)
        #expect(exactly.messages == ["Sales Order S-ORD10001 has been automatically approved. The status has been changed to Released."])
        #expect(exactly.notifications.isEmpty && exactly.stepIds(.active).isEmpty)

        var above = Self.fixture(type, limit, amount: 101, salesperson: "AL")
        try above.send()
        #expect(above.record.status == .pendingApproval)
        #expect(above.entries.filter { $0.status == .open }.map(\.approverId) == ["BOB"])
    }

    @Test("A zero limit is no authority, even for a zero amount")
    func zeroLimit() throws {
        let setups = [EngineFixture.setup("ALICE", approver: "BOB"), EngineFixture.setup("BOB", unlimited: true)]
        var fixture = Self.fixture(.approver, .approverChain, amount: 0, setups: setups)
        try fixture.send()
        #expect(fixture.entrySequenceSummary == ["ALICE:Approved@1", "BOB:Open@2"])
    }

    @Test("Which limit applies: purchase quotes the request limit, other purchase documents the purchase limit, sales the sales limit")
    func limitPerDocumentType() throws {
        // ALICE may approve 10,000 of sales and purchases but only 100 of purchase requests (quotes).
        let alice = ApprovalUserSetup(
            companyId: EngineFixture.company, userName: "ALICE", approverId: "BOB", salesAmountApprovalLimit: 10000,
            purchaseAmountApprovalLimit: 10000, requestAmountApprovalLimit: 100
        )
        let setups = [alice] + EngineFixture.demoSetups.dropFirst()
        func send(_ code: String, _ entitySet: EntitySet, _ type: DocumentType) throws -> EngineFixture {
            var fixture = EngineFixture(record: EngineFixture.document(entitySet, type, amount: 3000, code: nil), templates: [code], setups: setups)
            try fixture.send()
            return fixture
        }
        let quote = try send("MS-PQAPW", .purchaseDocuments, .quote)
        #expect(quote.entrySequenceSummary == ["ALICE:Approved@1", "BOB:Open@2"])
        #expect(try send("MS-POAPW", .purchaseDocuments, .order).record.status == .released)
        var salesQuote = EngineFixture(
            record: EngineFixture.document(.salesDocuments, .quote, amount: 3000), templates: ["MS-SQAPW"], setups: setups,
            edit: EngineFixture.approvers(.approver, .approverChain)
        )
        try salesQuote.send()
        #expect(salesQuote.record.status == .released, "sales quotes use the sales limit, never the request limit")
    }

    @Test("Limits are compared with Amount (LCY): 8,000 in a currency at 2 per LCY is 4,000, within BOB's limit")
    func amountInLocalCurrency() throws {
        var order = EngineFixture.salesOrder(amount: 8000)
        order.currencyCode = "EUR"
        order.currencyFactor = 2
        var fixture = EngineFixture(record: order, edit: EngineFixture.approvers(.approver, .approverChain))
        try fixture.send()
        #expect(fixture.entrySequenceSummary == ["ALICE:Approved@1", "BOB:Open@2"])
        #expect(fixture.entries.allSatisfy { $0.amount == 8000 && $0.amountLCY == 4000 && $0.currencyCode == "EUR" })
    }

    @Test("Journal lines: vendor lines weigh the purchase limit, customer lines the sales limit, G/L lines the request limit, others none", arguments: [
        ("Vendor", false), ("Customer", true), ("G/L Account", false), ("Bank Account", true),
    ])
    func journalLineLimits(accountType: String, autoApproved: Bool) throws {
        let alice = ApprovalUserSetup(
            companyId: EngineFixture.company, userName: "ALICE", approverId: "BOB", salesAmountApprovalLimit: 10000,
            purchaseAmountApprovalLimit: 100, requestAmountApprovalLimit: 100
        )
        let line = EngineFixture.masterRecord(.generalJournalLines, number: "GJL1", amount: 3000, fields: ["accountType": .string(accountType)])
        var fixture = EngineFixture(
            record: line, templates: ["MS-GJLAPW"], setups: [alice] + EngineFixture.demoSetups.dropFirst(),
            edit: EngineFixture.approvers(.approver, .approverChain)
        )
        try fixture.send()
        #expect(fixture.entrySummary == (autoApproved ? ["ALICE:Approved"] : ["ALICE:Approved", "BOB:Open"]))
        #expect(fixture.record.restricted == !autoApproved)
    }

    @Test("Customers, vendors, items and batches have no amount: the sender is always sufficient, so the chain auto-approves")
    func masterDataAlwaysSufficient() throws {
        for (code, entitySet) in [("MS-CUSTAPW", EntitySet.customers), ("MS-VENDAPW", .vendors), ("MS-ITEMAPW", .items)] {
            var fixture = EngineFixture(
                record: EngineFixture.masterRecord(entitySet, number: "R1", amount: 1_000_000), templates: [code],
                edit: EngineFixture.approvers(.approver, .approverChain)
            )
            try fixture.send()
            #expect(fixture.entrySummary == ["ALICE:Approved"] && !fixture.record.restricted, "\(code)")
        }
    }

    @Test("Only the approver or the approval administrator decides; the administrator may approve BOB's entry")
    func whoMayApprove() throws {
        var fixture = Self.fixture(.approver, .approverChain)
        try fixture.send()
        for stranger in ["ALICE", "DAVE", "ZED"] {
            let error = #expect(throws: FlowGateError.self) { try fixture.approve(2, by: stranger) }
            #expect(error?.kind == .forbidden)
            #expect(throws: FlowGateError.self) { try fixture.reject(2, by: stranger) }
        }
        let created = #expect(throws: FlowGateError.self) { try fixture.approve(3, by: "CAROL") }
        #expect(created?.detail == "You can only approve open approval requests.")
        let rejectCreated = #expect(throws: FlowGateError.self) { try fixture.reject(3, by: "CAROL") }
        #expect(rejectCreated?.detail == "You can only reject open approval entries.")
        try fixture.approve(2, by: "CAROL")
        #expect(fixture.entrySequenceSummary == ["ALICE:Approved@1", "BOB:Approved@2", "CAROL:Open@3"])
        #expect(fixture.entries[1].lastModifiedByUserId == "CAROL" && fixture.entries[1].approverId == "BOB")
    }

    @Test("An administrator with no approver approves their own request under Direct Approver")
    func administratorDirect() throws {
        var fixture = Self.fixture(.approver, .directApprover)
        try fixture.send(by: "CAROL")
        #expect(fixture.entrySequenceSummary == ["CAROL:Approved@1"])
        #expect(fixture.record.status == .released)
    }
}
