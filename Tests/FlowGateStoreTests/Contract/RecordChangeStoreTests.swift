import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct RecordChangeStoreTests {
    let later = fixedDate.addingTimeInterval(3600)

    func patch(
        _ store: any Store, _ record: BusinessRecord, _ json: String, _ precondition: VersionPrecondition = .none
    ) async throws -> BusinessRecord {
        try await store.updateRecord(
            companyId: record.companyId, entitySet: record.entitySet, id: record.id,
            changes: try changes(json, record.entitySet, creating: false), precondition: precondition, now: later
        )
    }

    func stored(_ store: any Store, _ record: BusinessRecord) async throws -> BusinessRecord? {
        try await store.record(companyId: record.companyId, entitySet: record.entitySet, id: record.id)
    }

    @Test("A PATCH is stored, grows the version and sets the modification time only", arguments: StoreBackend.all)
    func patchStored(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.createRecord(
                company, .salesDocuments, #"{"documentType": "Order", "amount": 100, "currencyCode": "EUR", "fields": {"a": 1, "b": 2}}"#
            )
            let updated = try await patch(store, record, #"{"amount": 250.75, "currencyCode": null, "fields": {"b": null, "c": 3}}"#, .version(1))
            #expect(updated.version == 2)
            #expect(updated.createdAt == fixedDate)
            #expect(updated.modifiedAt == later)
            #expect(updated.amount == decimal("250.75"))
            #expect(updated.currencyCode == nil)
            #expect(updated.fields == ["a": .number(1), "c": .number(3)])
            #expect(try await stored(store, record) == updated)
        }
    }

    @Test("PATCH and DELETE with a stale version are refused with 412 and leave the record unchanged", arguments: StoreBackend.all)
    func staleVersionRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.createRecord(company, .customers, #"{"fields": {"name": "Original"}}"#)
            let current = try await patch(store, record, #"{"fields": {"name": "Changed"}}"#)
            #expect(await flowGateError { _ = try await patch(store, record, #"{"fields": {"name": "Stale"}}"#, .version(1)) }?.kind == .preconditionFailed)
            #expect(
                await flowGateError {
                    try await store.deleteRecord(companyId: company.id, entitySet: .customers, id: record.id, precondition: .version(1))
                }?.kind == .preconditionFailed
            )
            #expect(try await stored(store, record) == current)
        }
    }

    @Test("PATCH with If-Match * on a missing record is 412; without it, not found", arguments: StoreBackend.all)
    func missingRecord(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let ghost = BusinessRecord(companyId: company.id, entitySet: .customers, number: "X", createdAt: fixedDate)
            #expect(await flowGateError { _ = try await patch(store, ghost, #"{}"#, .exists) }?.kind == .preconditionFailed)
            #expect(await flowGateError { _ = try await patch(store, ghost, #"{}"#) }?.kind == .notFound)
            #expect(
                await flowGateError {
                    try await store.deleteRecord(companyId: company.id, entitySet: .customers, id: ghost.id, precondition: .none)
                }?.kind == .notFound
            )
        }
    }

    @Test("The document type of a stored document cannot change", arguments: StoreBackend.all)
    func documentTypeCannotChange(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Quote"}"#)
            let error = await flowGateError { _ = try await patch(store, record, #"{"documentType": "Order"}"#) }
            #expect(error?.errors.map(\.field) == ["documentType"])
            #expect(try await stored(store, record)?.documentType == .quote)
        }
    }

    @Test("A record is deleted with its current version", arguments: StoreBackend.all)
    func deleteRecord(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.createRecord(company, .vendors, #"{}"#)
            try await store.deleteRecord(companyId: company.id, entitySet: .vendors, id: record.id, precondition: .version(1))
            #expect(try await stored(store, record) == nil)
        }
    }

    @Test(
        "A pending-approval record refuses PATCH and DELETE with a conflict and is kept",
        arguments: StoreBackend.all, [(false, RecordStatus.pendingApproval), (true, .pendingApproval)]
    )
    func lockedRecordRefused(_ backend: StoreBackend, state: (restricted: Bool, status: RecordStatus)) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.storeAsWorkflowLeftIt(
                BusinessRecord(
                    companyId: company.id, entitySet: .purchaseDocuments, number: "P-ORD00001", status: state.status,
                    documentType: .order, amount: 5000, restricted: state.restricted, createdAt: fixedDate
                )
            )
            #expect(await flowGateError { _ = try await patch(store, record, #"{"amount": 1}"#) }?.kind == .conflict)
            #expect(await flowGateError { _ = try await patch(store, record, #"{"status": "Open"}"#) }?.kind == .conflict)
            let error = await flowGateError {
                try await store.deleteRecord(companyId: company.id, entitySet: .purchaseDocuments, id: record.id, precondition: .none)
            }
            #expect(error?.kind == .conflict)
            #expect(try await stored(store, record) == record)
        }
    }
}

@Suite struct RecordPagingStoreTests {
    @Test("120 records in pages of 50 come as 50, 50 and 20, in order, without duplicates", arguments: StoreBackend.all)
    func paging(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            var created: [UUID] = []
            for _ in 0..<120 { created.append(try await store.createRecord(company, .customers, #"{}"#).id) }
            // Records of another set and another company stay out of the list.
            _ = try await store.createRecord(company, .vendors, #"{}"#)
            _ = try await store.createRecord(try await store.makeCompany("OTHER"), .customers, #"{}"#)

            var sizes: [Int] = []
            var seen: [UUID] = []
            var cursor: String?
            repeat {
                let request = try PageRequest(limit: "50", cursor: cursor)
                let page = try await store.records(companyId: company.id, entitySet: .customers, request)
                sizes.append(page.items.count)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil && sizes.count < 10
            #expect(sizes == [50, 50, 20])
            #expect(seen == created)
            #expect(Set(seen).count == 120)
        }
    }

    @Test("A list that fits one page has no next cursor; an exact fit has none either", arguments: StoreBackend.all)
    func lastPageHasNoCursor(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            for _ in 0..<3 { _ = try await store.createRecord(company, .items, #"{}"#) }
            #expect(try await store.records(companyId: company.id, entitySet: .items, PageRequest(limit: 3)).nextCursor == nil)
            let first = try await store.records(companyId: company.id, entitySet: .items, PageRequest(limit: 2))
            #expect(first.nextCursor != nil)
            #expect(try await store.records(companyId: company.id, entitySet: .customers, PageRequest()).items.isEmpty)
        }
    }
}

@Suite struct RecordConcurrencyStoreTests {
    @Test("20 concurrent PATCHes of version 1: exactly one wins, 19 get 412", arguments: StoreBackend.all)
    func concurrentUpdates(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.createRecord(company, .customers, #"{"fields": {"writer": 0}}"#)
            let outcomes = try await withThrowingTaskGroup(of: Result<Int, FlowGateError>.self) { group in
                for writer in 1...20 {
                    let patch = try changes(#"{"fields": {"writer": \#(writer)}}"#, .customers, creating: false)
                    group.addTask {
                        do {
                            _ = try await store.updateRecord(
                                companyId: company.id, entitySet: .customers, id: record.id, changes: patch,
                                precondition: .version(1), now: fixedDate
                            )
                            return .success(writer)
                        } catch let error as FlowGateError {
                            return .failure(error)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = outcomes.compactMap { try? $0.get() }
            let losers = outcomes.compactMap { if case .failure(let error) = $0 { error } else { nil } }
            #expect(winners.count == 1)
            #expect(losers.count == 19)
            #expect(losers.allSatisfy { $0.kind == .preconditionFailed })
            let final = try #require(try await store.record(companyId: company.id, entitySet: .customers, id: record.id))
            #expect(final.version == 2)
            #expect(final.fields["writer"] == .number(Decimal(try #require(winners.first))))
        }
    }

    @Test("A restriction left without a running workflow (a rejected request) allows edits but refuses releasing", arguments: StoreBackend.all)
    func leftoverRestriction(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.storeAsWorkflowLeftIt(
                BusinessRecord(
                    companyId: company.id, entitySet: .purchaseDocuments, number: "P-ORD00001", status: .open,
                    documentType: .order, amount: 5000, restricted: true, createdAt: fixedDate
                )
            )
            #expect(await flowGateError { _ = try await RecordChangeStoreTests().patch(store, record, #"{"status": "Released"}"#) }?.type == "record-restricted")
            let changed = try await RecordChangeStoreTests().patch(store, record, #"{"amount": 1}"#)
            #expect(changed.amount == 1 && changed.restricted)
        }
    }
}
