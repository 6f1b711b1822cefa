import Foundation
import Testing

@testable import FlowGateCore

/// One of the twelve document approval templates, with what its default approver options make of a 3,000 document
/// sent by ALICE whose salesperson/purchaser is BOB (code BO), and of a group APPROVERS whose only member is BOB.
struct DocumentTemplateCase: Sendable, CustomTestStringConvertible {
    let code: String
    let entitySet: EntitySet
    let type: DocumentType
    /// Entries right after sending: BOB's entry is the one to decide, ALICE's own entry (chain templates) is born Approved.
    let afterSend: [String]
    var testDescription: String { code }
    var bobsEntry: Int { afterSend.count }
}

@Suite("Engine: every MS- document approval template, end to end")
struct DocumentTemplateRunTests {
    static let cases: [DocumentTemplateCase] = [
        .init(code: "MS-SOAPW", entitySet: .salesDocuments, type: .order, afterSend: ["BOB:Open"]),
        .init(code: "MS-SQAPW", entitySet: .salesDocuments, type: .quote, afterSend: ["BOB:Open"]),
        .init(code: "MS-SIAPW", entitySet: .salesDocuments, type: .invoice, afterSend: ["BOB:Open"]),
        .init(code: "MS-SCMAPW", entitySet: .salesDocuments, type: .creditMemo, afterSend: ["BOB:Open"]),
        .init(code: "MS-SROAPW", entitySet: .salesDocuments, type: .returnOrder, afterSend: ["BOB:Open"]),
        .init(code: "MS-BSOAPW", entitySet: .salesDocuments, type: .blanketOrder, afterSend: ["BOB:Open"]),
        // Purchase orders and quotes use the sender's Approver chain: ALICE's own entry first, born Approved.
        .init(code: "MS-POAPW", entitySet: .purchaseDocuments, type: .order, afterSend: ["ALICE:Approved", "BOB:Open"]),
        .init(code: "MS-PQAPW", entitySet: .purchaseDocuments, type: .quote, afterSend: ["ALICE:Approved", "BOB:Open"]),
        .init(code: "MS-PIAPW", entitySet: .purchaseDocuments, type: .invoice, afterSend: ["BOB:Open"]),
        .init(code: "MS-PCMAPW", entitySet: .purchaseDocuments, type: .creditMemo, afterSend: ["BOB:Open"]),
        .init(code: "MS-PROAPW", entitySet: .purchaseDocuments, type: .returnOrder, afterSend: ["BOB:Open"]),
        .init(code: "MS-BPOAPW", entitySet: .purchaseDocuments, type: .blanketOrder, afterSend: ["BOB:Open"]),
    ]

    static func fixture(_ c: DocumentTemplateCase, type: DocumentType? = nil) -> EngineFixture {
        var fixture = EngineFixture(
            record: EngineFixture.document(c.entitySet, type ?? c.type, amount: 3000, code: "BO"), templates: [c.code],
            edit: EngineFixture.groupCode("APPROVERS")
        )
        fixture.groups = [EngineFixture.group("APPROVERS", [("BOB", 1)])]
        return fixture
    }

    @Test("Send: restricted, Pending Approval, BOB's entry open, the run waiting on its five approval events", arguments: cases)
    func send(_ c: DocumentTemplateCase) throws {
        var fixture = Self.fixture(c)
        let workflow = try #require(fixture.workflows.first)
        let waiting = try #require(workflow.waitingStepId)
        let sent = try fixture.send()
        #expect(sent.workflowCode == workflow.code)
        #expect(fixture.entrySummary == c.afterSend)
        #expect(fixture.record.status == .pendingApproval && fixture.record.restricted)
        #expect(fixture.entries.allSatisfy { $0.approvalCode == workflow.code && $0.senderId == "ALICE" && $0.documentType == c.type })
        #expect(fixture.notifications.map(\.recipientUserId) == ["BOB"])
        #expect(fixture.messages == ["An approval request has been sent."])
        // The root and the four send responses ran; approve (×2), reject, cancel and delegate wait; nothing else started.
        #expect(fixture.stepIds(.completed) == workflow.path(to: waiting))
        #expect(fixture.stepIds(.active) == workflow.children(of: waiting).map(\.id).sorted())
        #expect(fixture.stepIds(.active).count == 5)
        #expect(fixture.stepIds(.ignored).isEmpty && !fixture.anyStepProcessing)
        // CreateInstance copies the whole tree; the steps not reached yet stay Inactive.
        #expect(fixture.stepInstances.count == workflow.steps.count)
        #expect(fixture.stepIds(.inactive).count == workflow.steps.count - fixture.stepIds(.completed).count - 5)
        // The entries carry the document and the run (Approval Entry, business-central-workflows.md §1.10).
        let instance = try #require(fixture.latestInstanceId)
        for entry in fixture.entries {
            #expect(entry.workflowStepInstanceId == instance && entry.recordId == fixture.record.id && entry.documentNo == "DOC-1001")
            #expect(entry.amount == 3000 && entry.amountLCY == 3000 && entry.salespersonPurchaserCode == "BO")
            #expect(entry.dueDate == fixture.now.startOfUTCDay && entry.dateTimeSentForApproval == fixture.now)
        }
    }

    @Test("Approve: BOB's approval releases the document and allows usage; the other branches are ignored", arguments: cases)
    func approve(_ c: DocumentTemplateCase) throws {
        var fixture = Self.fixture(c)
        let workflow = try #require(fixture.workflows.first)
        let waiting = try #require(workflow.waitingStepId)
        try fixture.send()
        try fixture.approve(c.bobsEntry, by: "BOB")
        #expect(fixture.record.status == .released && !fixture.record.restricted)
        #expect(fixture.entries.allSatisfy { $0.status == .approved })
        let branches = workflow.children(of: waiting)
        let released = try #require(branches.first)  // the "Pending Approvals = 0" branch comes first
        #expect(fixture.stepIds(.completed) == (workflow.path(to: waiting) + workflow.subtree(released.id)).sorted())
        #expect(fixture.stepIds(.ignored) == branches.dropFirst().map(\.id).sorted())
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Reject: every entry Rejected, the document reopened (still restricted, as Business Central leaves it), the sender told", arguments: cases)
    func reject(_ c: DocumentTemplateCase) throws {
        var fixture = Self.fixture(c)
        try fixture.send()
        let notified = fixture.notifications.count
        try fixture.reject(c.bobsEntry, by: "BOB", comment: "no")
        #expect(fixture.entries.allSatisfy { $0.status == .rejected })
        #expect(fixture.record.status == .open && fixture.record.restricted)
        // Copy A notifies only for entries that were Open, and never the rejecting approver: the sender alone is told.
        #expect(fixture.notifications.dropFirst(notified).map(\.recipientUserId) == ["ALICE"])
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
        // Reopened, the document may be sent again: a new run with new entries.
        try fixture.send()
        #expect(fixture.record.status == .pendingApproval)
        #expect(fixture.entries.filter { $0.status == .open }.map(\.approverId) == ["BOB"])
    }

    @Test("Cancel by the sender: every entry Canceled, usage allowed, reopened, Business Central's message", arguments: cases)
    func cancel(_ c: DocumentTemplateCase) throws {
        var fixture = Self.fixture(c)
        try fixture.send()
        let notified = fixture.notifications.count
        try fixture.cancel(by: "ALICE")
        #expect(fixture.entries.allSatisfy { $0.status == .canceled })
        // Entries that were Open or Approved are notified; ALICE's own is not, since she is the one canceling.
        #expect(fixture.notifications.dropFirst(notified).map(\.recipientUserId) == ["BOB"])
        #expect(fixture.record.status == .open && !fixture.record.restricted)
        #expect(fixture.messages == ["The approval request for the record has been canceled."])
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Delegate: BOB's entry moves in place to his substitute CAROL, who is notified and releases it", arguments: cases)
    func delegate(_ c: DocumentTemplateCase) throws {
        var fixture = Self.fixture(c)
        try fixture.send()
        try fixture.delegate(c.bobsEntry, by: "BOB")
        #expect(fixture.entries.count == c.afterSend.count)
        #expect(fixture.entrySummary.last == "CAROL:Open")
        #expect(fixture.notifications.last?.recipientUserId == "CAROL")
        #expect(fixture.stepIds(.active).count == 5, "the delegate branch loops back to wait again")
        try fixture.approve(c.bobsEntry, by: "CAROL")
        #expect(fixture.record.status == .released && !fixture.record.restricted)
    }

    @Test("A template takes only its own document type: any other type finds no workflow", arguments: cases)
    func otherTypes(_ c: DocumentTemplateCase) throws {
        for type in DocumentType.allCases where type != c.type {
            var fixture = Self.fixture(c, type: type)
            let error = #expect(throws: FlowGateError.self) { try fixture.send() }
            #expect(error?.type == "no-approval-workflow", "\(c.code) took a \(type.rawValue)")
            #expect(fixture.stepInstances.isEmpty && fixture.record.status == .open)
        }
    }
}

@Suite("Engine: the credit limit templates MS-SOCLAPW and MS-SICLAPW")
struct CreditLimitTemplateRunTests {
    /// Customer C10000 with a 5,000 credit limit (0 = none) and a balance, read from `snapshot.customer`.
    static func fixture(_ code: String, _ type: DocumentType, amount: Decimal, limit: Decimal, balance: Decimal) -> EngineFixture {
        var fixture = EngineFixture(record: EngineFixture.document(.salesDocuments, type, amount: amount, code: "BO"), templates: [code])
        fixture.customer = EngineFixture.masterRecord(
            .customers, number: "C10000", fields: ["creditLimitLCY": .number(limit), "balanceLCY": .number(balance)]
        )
        return fixture
    }

    @Test("Exceeded (balance + document > limit): the approval tree runs; the not-exceeded branch is ignored", arguments: [
        ("MS-SOCLAPW", DocumentType.order), ("MS-SICLAPW", DocumentType.invoice),
    ])
    func exceeded(code: String, type: DocumentType) throws {
        var fixture = Self.fixture(code, type, amount: 3000, limit: 5000, balance: 4000)
        try fixture.send()
        #expect(fixture.record.status == .pendingApproval && fixture.record.restricted)
        #expect(fixture.entrySummary == ["BOB:Open"])
        // 1 send, 2 check, 3 exceeded → 4–7 send responses; 8–21 wait; 23 not exceeded is the alternative not taken.
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4, 5, 6, 7])
        #expect(fixture.stepIds(.active) == [8, 11, 13, 16, 21])
        #expect(fixture.stepIds(.ignored) == [23])
        try fixture.approve(1, by: "BOB")
        #expect(fixture.record.status == .released && !fixture.record.restricted)
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Not exceeded: a request born Approved for the sender, released at once, never restricted", arguments: [
        ("MS-SOCLAPW", DocumentType.order, Decimal(5000)), ("MS-SICLAPW", DocumentType.invoice, Decimal(5000)),
        ("MS-SOCLAPW", DocumentType.order, Decimal(0)),  // a zero credit limit means no limit
    ])
    func notExceeded(code: String, type: DocumentType, limit: Decimal) throws {
        var fixture = Self.fixture(code, type, amount: 3000, limit: limit, balance: 1000)
        try fixture.send()
        #expect(fixture.entrySummary == ["ALICE:Approved"])
        #expect(fixture.record.status == .released && !fixture.record.restricted)
        #expect(fixture.messages.last?.hasSuffix("has been automatically approved. The status has been changed to Released.") == true)
        #expect(fixture.stepIds(.completed) == [1, 2, 23, 24, 25, 26])
        #expect(fixture.stepIds(.ignored) == [3])
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Exactly at the limit is not exceeded (balance + amount = limit)")
    func atTheLimit() throws {
        var fixture = Self.fixture("MS-SOCLAPW", .order, amount: 3000, limit: 5000, balance: 2000)
        try fixture.send()
        #expect(fixture.record.status == .released)
    }
}

@Suite("Engine: the journal templates MS-GJBAPW and MS-GJLAPW")
struct JournalTemplateRunTests {
    static func batch(lines: [Decimal]) -> EngineFixture {
        var fixture = EngineFixture(record: EngineFixture.masterRecord(.generalJournalBatches, number: "GENERAL-DEFAULT"), templates: ["MS-GJBAPW"])
        fixture.journalLines = lines.enumerated().map { index, amount in
            EngineFixture.masterRecord(.generalJournalLines, number: "GJL\(index + 1)", amount: amount)
        }
        return fixture
    }

    @Test("A balanced batch is restricted and sent to ALICE's direct approver; approval allows usage again")
    func balanced() throws {
        var fixture = Self.batch(lines: [1500, -1000, -500])
        try fixture.send()
        #expect(fixture.entrySummary == ["BOB:Open"])
        #expect(fixture.record.restricted && fixture.record.status == .open)
        #expect(fixture.stepIds(.completed) == [1, 2, 3, 4, 5, 6])
        #expect(fixture.stepIds(.active) == [7, 9, 11, 13, 16])
        #expect(fixture.stepIds(.ignored) == [18])
        try fixture.approve(1, by: "BOB")
        #expect(!fixture.record.restricted && fixture.record.status == .open)
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("An unbalanced batch only gets Business Central's message: no entries, no restriction")
    func notBalanced() throws {
        var fixture = Self.batch(lines: [1500, -1000])
        try fixture.send()
        #expect(fixture.messages == ["The selected general journal batch is not balanced and cannot be sent for approval."])
        #expect(fixture.entries.isEmpty && !fixture.record.restricted)
        #expect(fixture.stepIds(.completed) == [1, 2, 18, 19])
        #expect(fixture.stepIds(.ignored) == [3])
        #expect(fixture.stepIds(.active).isEmpty && !fixture.anyStepProcessing)
    }

    @Test("Cancelling a batch request cancels the entries and shows the message but keeps the batch restricted")
    func batchCancel() throws {
        var fixture = Self.batch(lines: [100, -100])
        try fixture.send()
        try fixture.cancel(by: "ALICE")
        #expect(fixture.entrySummary == ["BOB:Canceled"])
        #expect(fixture.record.restricted)
        #expect(fixture.messages == ["The approval request for the record has been canceled."])
    }

    @Test("A journal line: restricted, no confirmation message; approval allows it; cancel neither allows it nor tells")
    func journalLine() throws {
        let line = EngineFixture.masterRecord(.generalJournalLines, number: "GJL1", amount: 800, fields: ["accountType": "G/L Account"])
        var approved = EngineFixture(record: line, templates: ["MS-GJLAPW"])
        try approved.send()
        #expect(approved.entrySummary == ["BOB:Open"] && approved.record.restricted && approved.messages.isEmpty)
        try approved.approve(1, by: "BOB")
        #expect(!approved.record.restricted && approved.stepIds(.active).isEmpty)

        var canceled = EngineFixture(record: line, templates: ["MS-GJLAPW"])
        try canceled.send()
        try canceled.cancel(by: "ALICE")
        #expect(canceled.entrySummary == ["BOB:Canceled"])
        #expect(canceled.record.restricted && canceled.messages.isEmpty)
        #expect(canceled.stepIds(.active).isEmpty && !canceled.anyStepProcessing)
    }
}
