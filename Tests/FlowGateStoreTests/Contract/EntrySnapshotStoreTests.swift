import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct EntrySnapshotStoreTests {
    @Test("An approval entry is read with the snapshot of its record, equal to the record's own snapshot", arguments: StoreBackend.all)
    func snapshotByEntry(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let other = try await store.makeCustomer(company, "Contoso")
            try await store.requestApprovals(other, [NewApproval("CAROL")])
            let entry = try #require(try await store.requestApprovals(record, [NewApproval("BOB")]).first)

            let read = try #require(try await store.workflowSnapshot(companyId: company.id, approvalEntryNo: entry.entryNo))
            let direct = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            #expect(read.entry == entry)
            #expect(read.snapshot.record == direct.record && read.snapshot.approvalEntries == direct.approvalEntries)
            #expect(read.snapshot.nextApprovalEntryNo == direct.nextApprovalEntryNo)
        }
    }

    @Test("No snapshot for an entry number that does not exist, or exists only in another company", arguments: StoreBackend.all)
    func missingEntry(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let entry = try #require(try await store.requestApprovals(try await store.makeCustomer(company), [NewApproval("BOB")]).first)
            let other = try await store.makeCompany("OTHER")
            #expect(try await store.workflowSnapshot(companyId: company.id, approvalEntryNo: entry.entryNo + 1) == nil)
            #expect(try await store.workflowSnapshot(companyId: other.id, approvalEntryNo: entry.entryNo) == nil)
        }
    }
}
