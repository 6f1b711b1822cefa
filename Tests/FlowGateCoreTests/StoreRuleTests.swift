import Foundation
import Testing

@testable import FlowGateCore

/// Rules every store runs inside its write transaction, passed in by the use cases: deleting records and workflows,
/// and which other records a workflow snapshot needs.
@Suite struct StoreRuleTests {
    let companyId = UUID()

    func order(status: RecordStatus = .open, restricted: Bool = false) -> BusinessRecord {
        BusinessRecord(
            companyId: companyId, entitySet: .salesDocuments, number: "S-ORD00001", status: status, documentType: .order, amount: 100,
            restricted: restricted, createdAt: Date(timeIntervalSince1970: 0)
        )
    }

    @Test("A record pending approval, or restricted by a running workflow, cannot be deleted; a leftover restriction can")
    func recordDeletion() throws {
        #expect(throws: FlowGateError.self) { try order(status: .pendingApproval).checkCanBeDeleted(workflowRunning: false) }
        let error = #expect(throws: FlowGateError.self) { try order(restricted: true).checkCanBeDeleted(workflowRunning: true) }
        #expect(error?.type == "approval-active")
        #expect(error?.detail == "salesDocuments S-ORD00001 has an active approval request; cancel it before deleting the record.")
        try order(restricted: true).checkCanBeDeleted(workflowRunning: false)
        try order().checkCanBeDeleted(workflowRunning: true)
    }

    @Test("Only a disabled workflow without active runs can be deleted")
    func workflowDeletion() throws {
        var workflow = Workflow(companyId: companyId, code: "MY-WF", description: "Mine", enabled: true)
        #expect(throws: FlowGateError.self) { try workflow.checkCanBeDeleted(hasActiveRuns: false) }
        workflow.enabled = false
        let inUse = #expect(throws: FlowGateError.self) { try workflow.checkCanBeDeleted(hasActiveRuns: true) }
        #expect(inUse?.type == "workflow-in-use")
        try workflow.checkCanBeDeleted(hasActiveRuns: false)
    }

    @Test("A sales document's snapshot needs its customer, a journal batch its lines, other records nothing more")
    func relatedRecords() {
        var sales = order()
        #expect(RelatedRecords.customer(of: sales) == nil)
        sales.fields["customerNumber"] = .string("C10000")
        #expect(RelatedRecords.customer(of: sales) == .byNumber(.customers, number: "C10000"))
        #expect(RelatedRecords.journalLines(of: sales) == nil)
        let batch = BusinessRecord(companyId: companyId, entitySet: .generalJournalBatches, number: "DEFAULT", createdAt: Date(timeIntervalSince1970: 0))
        #expect(RelatedRecords.journalLines(of: batch) == .byField(.generalJournalLines, field: "journalBatchName", value: "DEFAULT"))
        #expect(RelatedRecords.customer(of: batch) == nil)
    }

    @Test("An MS- template code is read-only; company codes and codes without the prefix are not")
    func templatesReadOnly() throws {
        let template = try #require(WorkflowTemplates.all.first)
        #expect(WorkflowTemplates.readOnlyTemplate(template.code) == template)
        #expect(WorkflowTemplates.readOnlyTemplate(String(template.code.dropFirst(3))) == nil)
        let error = #expect(throws: FlowGateError.self) { try WorkflowTemplates.checkNotTemplate(template.code, "is a template and cannot be deleted.") }
        #expect(error?.type == "template-read-only" && error?.detail == "\(template.code) is a template and cannot be deleted.")
        try WorkflowTemplates.checkNotTemplate("MY-WF", "is a template and cannot be deleted.")
    }
}

@Suite struct NumberSeriesTests {
    @Test("Numbers count on from the last one given, five digits, past numbers already taken by hand")
    func next() {
        #expect(NumberSeries.next(prefix: "S-ORD", after: 0) { _ in false } == ("S-ORD00001", 1))
        let taken: Set = ["C00008", "C00009"]
        #expect(NumberSeries.next(prefix: "C", after: 7) { taken.contains($0) } == ("C00010", 10))
    }
}
