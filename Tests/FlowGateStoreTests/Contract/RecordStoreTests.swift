import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct RecordStoreTests {
    static let bodies: [(EntitySet, String)] = [
        (.customers, #"{"fields": {"name": "Adatum", "creditLimit": 15000.75, "blocked": false, "tags": ["a", 1]}}"#),
        (.vendors, #"{"number": "V-ACME", "fields": {"name": "Acme"}}"#),
        (.items, #"{"fields": {"description": "Bicycle", "unitPrice": 0.1}}"#),
        (
            .salesDocuments,
            #"{"documentType": "Order", "currencyCode": "usd", "currencyFactor": 1.0837, "salespersonPurchaserCode": "JR", "lines": [{"type": "Item", "number": "1000", "description": "Bicycle", "quantity": 3, "unitPrice": 411.52}, {"lineNo": 50000, "quantity": 1, "unitPrice": 0.1, "fields": {"note": "x"}}]}"#
        ),
        (.purchaseDocuments, #"{"documentType": "Credit Memo", "amount": 1234.56, "salespersonPurchaserCode": "JR"}"#),
        (.generalJournalBatches, #"{"number": "DEFAULT", "fields": {"template": "GENERAL"}}"#),
        (.generalJournalLines, #"{"amount": -12345678901234.56, "currencyCode": "EUR", "fields": {"account": "2910"}}"#),
    ]

    @Test("A record of each entity set reads back exactly as created", arguments: StoreBackend.all, bodies)
    func roundTrip(_ backend: StoreBackend, body: (entitySet: EntitySet, json: String)) async throws {
        let (entitySet, json) = body
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            _ = try await store.putSalespersonPurchaser(SalespersonPurchaser(companyId: company.id, code: "JR"), precondition: .none)
            let created = try await store.createRecord(company, entitySet, json)
            #expect(created.entitySet == entitySet)
            #expect(created.version == 1)
            let read = try await store.record(companyId: company.id, entitySet: entitySet, id: created.id)
            #expect(read == created)
            #expect(try await store.records(companyId: company.id, entitySet: entitySet, PageRequest()).items == [created])
            for other in EntitySet.allCases where other != entitySet {
                #expect(try await store.record(companyId: company.id, entitySet: other, id: created.id) == nil)
            }
        }
    }

    @Test("A document's lines and decimal amounts come back exactly", arguments: StoreBackend.all)
    func documentDecimalsExact(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let created = try await store.createRecord(
                company, .salesDocuments,
                #"{"documentType": "Invoice", "lines": [{"quantity": 3, "unitPrice": 411.52}, {"quantity": 1, "unitPrice": 0.1}, {"quantity": 2, "unitPrice": 0.2}]}"#
            )
            let read = try #require(try await store.record(companyId: company.id, entitySet: .salesDocuments, id: created.id))
            #expect(read.amount == decimal("1235.06"))
            #expect(read.lines?.map(\.amount) == [decimal("1234.56"), decimal("0.1"), decimal("0.4")])
            #expect(read.lines?.map(\.lineNo) == [10000, 20000, 30000])
            #expect(read.documentType == .invoice)
        }
    }

    @Test("Sales orders are numbered S-ORD00001, S-ORD00002, ...; other types have their own series", arguments: StoreBackend.all)
    func automaticNumbering(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let first = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order"}"#)
            let second = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order"}"#)
            let invoice = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Invoice"}"#)
            let purchase = try await store.createRecord(company, .purchaseDocuments, #"{"documentType": "Order"}"#)
            let customer = try await store.createRecord(company, .customers, #"{}"#)
            #expect(first.number == "S-ORD00001")
            #expect(second.number == "S-ORD00002")
            #expect(invoice.number == "S-INV00001")
            #expect(purchase.number == "P-ORD00001")
            #expect(customer.number == "C00001")
        }
    }

    @Test("Automatic numbering skips numbers already taken by hand", arguments: StoreBackend.all)
    func numberingSkipsTakenNumbers(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            _ = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order", "number": "S-ORD00001"}"#)
            _ = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order", "number": "s-ord00002"}"#)
            _ = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order", "number": "S-ORD00004"}"#)
            let numbers = [
                try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order"}"#).number,
                try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order"}"#).number,
            ]
            #expect(numbers == ["S-ORD00003", "S-ORD00005"])
        }
    }

    @Test("Each company has its own number series", arguments: StoreBackend.all)
    func numberingPerCompany(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let a = try await store.makeCompany("A")
            let b = try await store.makeCompany("B")
            _ = try await store.createRecord(a, .customers, #"{}"#)
            #expect(try await store.createRecord(b, .customers, #"{}"#).number == "C00001")
        }
    }

    @Test("A duplicate record number is a conflict and stores nothing", arguments: StoreBackend.all)
    func duplicateNumberConflict(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            _ = try await store.createRecord(company, .customers, #"{"number": "C-1", "fields": {"name": "First"}}"#)
            let error = await flowGateError {
                _ = try await store.createRecord(company, .customers, #"{"number": "c-1", "fields": {"name": "Second"}}"#)
            }
            #expect(error?.kind == .conflict)
            #expect(error?.detail.contains("C-1") == true)
            let all = try await store.records(companyId: company.id, entitySet: .customers, PageRequest()).items
            #expect(all.map { $0.fields["name"] } == [.string("First")])
            // The same number in another entity set is fine.
            #expect(try await store.createRecord(company, .vendors, #"{"number": "C-1"}"#).number == "C-1")
        }
    }

    @Test("Renumbering a record onto another's number is a conflict and changes nothing", arguments: StoreBackend.all)
    func renumberConflict(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            _ = try await store.createRecord(company, .items, #"{"number": "I-1"}"#)
            let second = try await store.createRecord(company, .items, #"{"number": "I-2"}"#)
            let error = await flowGateError {
                _ = try await store.updateRecord(
                    companyId: company.id, entitySet: .items, id: second.id, changes: try changes(#"{"number": "I-1"}"#, .items, creating: false),
                    precondition: .none, now: fixedDate
                )
            }
            #expect(error?.kind == .conflict)
            #expect(try await store.record(companyId: company.id, entitySet: .items, id: second.id) == second)
        }
    }

    @Test("A document naming a salesperson that does not exist is refused and not stored", arguments: StoreBackend.all)
    func unknownSalespersonRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let error = await flowGateError {
                _ = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order", "salespersonPurchaserCode": "XX"}"#)
            }
            #expect(error?.kind == .badRequest)
            #expect(error?.errors.map(\.field) == ["salespersonPurchaserCode"])
            #expect(try await store.records(companyId: company.id, entitySet: .salesDocuments, PageRequest()).items.isEmpty)

            let record = try await store.createRecord(company, .salesDocuments, #"{"documentType": "Order"}"#)
            let patch = try changes(#"{"salespersonPurchaserCode": "XX"}"#, .salesDocuments, creating: false)
            let updateError = await flowGateError {
                _ = try await store.updateRecord(
                    companyId: company.id, entitySet: .salesDocuments, id: record.id, changes: patch, precondition: .none, now: fixedDate
                )
            }
            #expect(updateError?.errors.map(\.field) == ["salespersonPurchaserCode"])
            #expect(try await store.record(companyId: company.id, entitySet: .salesDocuments, id: record.id) == record)
        }
    }
}
