import Foundation
import Testing

@testable import FlowGateCore

@Suite struct BusinessRecordChangeTests {
    let company = UUID()

    func changes(_ json: String, _ entitySet: EntitySet = .salesDocuments, creating: Bool) throws -> RecordChanges {
        try RecordChanges.parse(try jsonObject(json), entitySet: entitySet, creating: creating)
    }

    func create(_ json: String, _ entitySet: EntitySet = .salesDocuments, number: String = "S-ORD00001") throws -> BusinessRecord {
        BusinessRecord.creating(
            try changes(json, entitySet, creating: true), companyId: company, entitySet: entitySet, number: number, now: fixedDate
        )
    }

    // MARK: Creating

    @Test("A new document takes the given values, an Open status and version 1")
    func creatingDocument() throws {
        let record = try create(
            #"{"documentType": "Order", "amount": 1234.56, "currencyCode": "eur", "currencyFactor": 0.9, "salespersonPurchaserCode": "jr", "fields": {"customerNo": "C00010"}}"#
        )
        #expect(record.number == "S-ORD00001")
        #expect(record.companyId == company)
        #expect(record.entitySet == .salesDocuments)
        #expect(record.status == .open)
        #expect(record.documentType == .order)
        #expect(record.amount == decimal("1234.56"))
        #expect(record.currencyCode == "EUR")
        #expect(record.currencyFactor == decimal("0.9"))
        #expect(record.salespersonPurchaserCode == "JR")
        #expect(record.fields == ["customerNo": .string("C00010")])
        #expect(record.version == 1)
        #expect(record.createdAt == fixedDate && record.modifiedAt == fixedDate)
        #expect(!record.restricted)
    }

    @Test("A number given in the body wins over the assigned one")
    func givenNumberWins() throws {
        #expect(try create(#"{"number": "c-77"}"#, .customers, number: "C00001").number == "C-77")
    }

    @Test("Without an amount, a document's amount is the sum of its lines (quantity × unit price)")
    func amountDefaultsToLineSum() throws {
        let record = try create(
            #"{"documentType": "Invoice", "lines": [{"quantity": 2, "unitPrice": 12.5}, {"quantity": 3, "unitPrice": 0.1}, {"quantity": 1, "unitPrice": 99, "amount": 50}]}"#
        )
        let lines = try #require(record.lines)
        #expect(lines.map(\.amount) == [25, decimal("0.3"), 50])
        #expect(lines.map(\.lineNo) == [10000, 20000, 30000])
        #expect(record.amount == decimal("75.3"))
    }

    @Test("An explicit amount is kept even when lines are given")
    func explicitAmountKept() throws {
        let record = try create(#"{"documentType": "Order", "amount": 10, "lines": [{"quantity": 2, "unitPrice": 100}]}"#)
        #expect(record.amount == 10)
    }

    @Test("A document with neither amount nor lines has amount 0; a customer has none")
    func defaultAmounts() throws {
        #expect(try create(#"{"documentType": "Quote"}"#).amount == 0)
        #expect(try create(#"{}"#, .customers, number: "C00001").amount == nil)
    }

    @Test("Bad lines are refused by position")
    func badLinesRefused() {
        let error = #expect(throws: FlowGateError.self) {
            try changes(
                #"{"documentType": "Order", "lines": [{"lineNo": 10, "unitPrice": -1}, {"lineNo": 10, "colour": 1}, 5]}"#,
                creating: true
            )
        }
        #expect(Set(fieldNames(error)) == ["lines[0].unitPrice", "lines[1].lineNo", "lines[1].colour", "lines[2]"])
    }

    // MARK: Applying a PATCH

    @Test("PATCH fields merge key by key and a null value removes the key")
    func fieldsMergeAndNullRemoves() throws {
        var record = try create(#"{"fields": {"name": "Adatum", "city": "Oslo", "phone": "123"}}"#, .customers, number: "C00001")
        record.apply(try changes(#"{"fields": {"city": "Bergen", "phone": null, "email": "a@b.no"}}"#, .customers, creating: false))
        #expect(record.fields == ["name": .string("Adatum"), "city": .string("Bergen"), "email": .string("a@b.no")])
    }

    @Test("Members absent from a PATCH keep their values")
    func absentMembersKept() throws {
        var record = try create(#"{"documentType": "Order", "amount": 500, "currencyCode": "EUR", "salespersonPurchaserCode": "JR"}"#)
        record.apply(try changes(#"{"fields": {"note": "x"}}"#, creating: false))
        #expect(record.amount == 500)
        #expect(record.currencyCode == "EUR")
        #expect(record.salespersonPurchaserCode == "JR")
        #expect(record.documentType == .order)
    }

    @Test("null clears the currency code, the currency factor and the salesperson code")
    func nullClears() throws {
        var record = try create(#"{"documentType": "Order", "currencyCode": "EUR", "currencyFactor": 0.9, "salespersonPurchaserCode": "JR"}"#)
        record.apply(try changes(#"{"currencyCode": null, "currencyFactor": null, "salespersonPurchaserCode": null}"#, creating: false))
        #expect(record.currencyCode == nil)
        #expect(record.currencyFactor == nil)
        #expect(record.salespersonPurchaserCode == nil)
    }

    @Test("New lines in a PATCH recompute the amount; null lines empty the document")
    func patchLinesRecomputeAmount() throws {
        var record = try create(#"{"documentType": "Order", "lines": [{"quantity": 1, "unitPrice": 10}]}"#)
        record.apply(try changes(#"{"lines": [{"quantity": 4, "unitPrice": 2.5}]}"#, creating: false))
        #expect(record.amount == 10)
        record.apply(try changes(#"{"lines": null}"#, creating: false))
        #expect(record.lines == [])
        #expect(record.amount == 0)
    }

    // MARK: Refused changes

    @Test("The document type cannot change once the document exists")
    func documentTypeCannotChange() throws {
        let record = try create(#"{"documentType": "Order"}"#)
        let error = #expect(throws: FlowGateError.self) {
            try record.checkChangeAllowed(try changes(#"{"documentType": "Invoice"}"#, creating: false), workflowRunning: false)
        }
        #expect(error?.kind == .badRequest)
        #expect(fieldNames(error) == ["documentType"])
        #expect(throws: Never.self) { try record.checkChangeAllowed(try changes(#"{"documentType": "order"}"#, creating: false), workflowRunning: false) }
    }

    @Test("A record restricted by a running workflow refuses changes with a conflict")
    func restrictedRecordRefused() throws {
        var record = try create(#"{"documentType": "Order"}"#)
        record.restricted = true
        let error = #expect(throws: FlowGateError.self) {
            try record.checkChangeAllowed(try changes(#"{"amount": 1}"#, creating: false), workflowRunning: true)
        }
        #expect(error?.kind == .conflict)
        #expect(error?.detail.contains("restricted") == true)
    }

    @Test("A restriction left by a finished run (rejected, reopened) allows edits but not releasing")
    func leftoverRestrictionBlocksRelease() throws {
        var record = try create(#"{"documentType": "Order"}"#)
        record.restricted = true
        #expect(throws: Never.self) { try record.checkChangeAllowed(try changes(#"{"amount": 1}"#, creating: false), workflowRunning: false) }
        let error = #expect(throws: FlowGateError.self) {
            try record.checkChangeAllowed(try changes(#"{"status": "Released"}"#, creating: false), workflowRunning: false)
        }
        #expect(error?.type == "record-restricted")
    }

    @Test("A record pending approval refuses changes with a conflict, even to Open")
    func pendingRecordRefused() throws {
        var record = try create(#"{"documentType": "Order"}"#)
        record.status = .pendingApproval
        let error = #expect(throws: FlowGateError.self) {
            try record.checkChangeAllowed(try changes(#"{"status": "Open"}"#, creating: false), workflowRunning: false)
        }
        #expect(error?.kind == .conflict)
        #expect(error?.detail.contains("pending approval") == true)
    }

    @Test("An open, unrestricted record accepts changes")
    func openRecordAccepted() throws {
        let record = try create(#"{"documentType": "Order"}"#)
        #expect(throws: Never.self) { try record.checkChangeAllowed(try changes(#"{"amount": 5}"#, creating: false), workflowRunning: false) }
    }

    // MARK: Local currency amount

    @Test(
        "The local-currency amount divides by the currency factor, rounded to cents",
        arguments: [("1000", "0.8", "1250"), ("100", "3", "33.33"), ("200", "3", "66.67"), ("1234.56", "1", "1234.56")]
    )
    func amountLCY(amount: String, factor: String, expected: String) throws {
        let record = try create(#"{"documentType": "Order", "amount": \#(amount), "currencyCode": "EUR", "currencyFactor": \#(factor)}"#)
        #expect(record.amountLCY == decimal(expected))
    }

    @Test("Clearing the currency code makes the local-currency amount the amount again")
    func clearingCurrencyResetsLCY() throws {
        var record = try create(#"{"documentType": "Order", "amount": 900, "currencyCode": "USD", "currencyFactor": 0.9}"#)
        #expect(record.amountLCY == 1000)
        record.apply(try changes(#"{"currencyCode": null}"#, creating: false))
        #expect(record.currencyCode == nil)
        #expect(record.amountLCY == 900)
    }

    @Test("Without a currency factor the local-currency amount is the amount; without an amount it is nil")
    func amountLCYWithoutFactor() throws {
        #expect(try create(#"{"documentType": "Order", "amount": 99.99}"#).amountLCY == decimal("99.99"))
        #expect(try create(#"{}"#, .vendors, number: "V00001").amountLCY == nil)
    }
}
