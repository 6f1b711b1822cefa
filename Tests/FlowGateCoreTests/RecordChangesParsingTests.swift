import Foundation
import Testing

@testable import FlowGateCore

@Suite struct RecordChangesParsingTests {
    func parse(_ json: String, _ entitySet: EntitySet = .salesDocuments, creating: Bool = true) throws -> RecordChanges {
        try RecordChanges.parse(try jsonObject(json), entitySet: entitySet, creating: creating)
    }

    /// The validation error a body gets, or nil when it is accepted.
    func refusal(_ json: String, _ entitySet: EntitySet = .salesDocuments, creating: Bool = true) -> FlowGateError? {
        #expect(throws: FlowGateError.self) { try parse(json, entitySet, creating: creating) }
    }

    // MARK: Document type

    @Test("Creating a document without a document type is refused, listing the six types")
    func documentTypeRequired() {
        let error = refusal(#"{"amount": 10}"#)
        #expect(error?.kind == .badRequest)
        #expect(fieldNames(error) == ["documentType"])
        let text = message(error, for: "documentType") ?? ""
        for type in DocumentType.allCases { #expect(text.contains("'\(type.rawValue)'")) }
    }

    @Test("A PATCH of a document needs no document type")
    func documentTypeOptionalOnPatch() throws {
        #expect(try parse(#"{"amount": 10}"#, creating: false).documentType == nil)
    }

    @Test(
        "Each Business Central document type is accepted in any letter case",
        arguments: [
            ("Quote", DocumentType.quote), ("order", .order), ("INVOICE", .invoice), ("credit memo", .creditMemo),
            ("Blanket Order", .blanketOrder), ("return ORDER", .returnOrder),
        ]
    )
    func documentTypesAccepted(raw: String, expected: DocumentType) throws {
        let changes = try parse(#"{"documentType": "\#(raw)"}"#)
        #expect(changes.documentType == expected)
        let purchase = try parse(#"{"documentType": "\#(raw)"}"#, .purchaseDocuments)
        #expect(purchase.documentType == expected)
    }

    @Test("An unknown document type is refused with the allowed list", arguments: ["Shipment", "Credit-Memo", ""])
    func unknownDocumentTypeRefused(raw: String) {
        let error = refusal(#"{"documentType": "\#(raw)"}"#)
        #expect(fieldNames(error) == ["documentType"])
        let text = message(error, for: "documentType") ?? ""
        #expect(text.contains("'\(raw)'"))
        for type in DocumentType.allCases { #expect(text.contains("'\(type.rawValue)'")) }
    }

    @Test("A null document type is refused")
    func nullDocumentTypeRefused() {
        #expect(fieldNames(refusal(#"{"documentType": null}"#, creating: false)) == ["documentType"])
    }

    // MARK: Amount and currency

    @Test("A document amount must be a number")
    func documentAmountMustBeNumber() {
        let error = refusal(#"{"documentType": "Order", "amount": "100"}"#)
        #expect(fieldNames(error) == ["amount"])
        #expect(message(error, for: "amount")?.contains("number") == true)
    }

    @Test("A negative document amount is refused; zero is accepted")
    func negativeDocumentAmountRefused() throws {
        #expect(fieldNames(refusal(#"{"documentType": "Order", "amount": -0.01}"#)) == ["amount"])
        #expect(fieldNames(refusal(#"{"amount": -5}"#, .purchaseDocuments, creating: false)) == ["amount"])
        #expect(try parse(#"{"documentType": "Order", "amount": 0}"#).amount.value == 0)
    }

    @Test("A journal line may carry a negative amount")
    func journalLineNegativeAmount() throws {
        let changes = try parse(#"{"amount": -1234.56}"#, .generalJournalLines)
        #expect(changes.amount.value == decimal("-1234.56"))
    }

    @Test("Currency codes are three letters, stored upper-case", arguments: ["eur", "EUR", "Eur"])
    func currencyCodeNormalized(raw: String) throws {
        let changes = try parse(#"{"documentType": "Order", "currencyCode": "\#(raw)"}"#)
        #expect(changes.currencyCode.value == "EUR")
    }

    @Test("Currency codes that are not three letters are refused", arguments: ["EURO", "EU", "E1R", "€UR", " EUR"])
    func badCurrencyCodeRefused(raw: String) {
        let error = refusal(#"{"documentType": "Order", "currencyCode": "\#(raw)"}"#)
        #expect(fieldNames(error) == ["currencyCode"])
    }

    @Test("An empty or null currency code clears the currency")
    func emptyCurrencyCodeClears() throws {
        guard case .null = try parse(#"{"currencyCode": ""}"#, creating: false).currencyCode else {
            Issue.record("an empty currency code should clear the currency")
            return
        }
        guard case .null = try parse(#"{"currencyCode": null}"#, .generalJournalLines).currencyCode else {
            Issue.record("a null currency code should clear the currency")
            return
        }
    }

    @Test("A currency factor must be greater than zero", arguments: ["0", "-1.5"])
    func currencyFactorMustBePositive(raw: String) throws {
        let error = refusal(#"{"documentType": "Order", "currencyFactor": \#(raw)}"#)
        #expect(fieldNames(error) == ["currencyFactor"])
        #expect(try parse(#"{"documentType": "Order", "currencyFactor": 0.85}"#).currencyFactor.value == decimal("0.85"))
    }

    // MARK: Unknown, read-only and inapplicable members

    @Test("An unknown member is refused by name")
    func unknownMemberRefused() {
        let error = refusal(#"{"documentType": "Order", "colour": "red"}"#)
        #expect(fieldNames(error) == ["colour"])
        #expect(error?.detail.contains("colour") == true)
    }

    @Test("Read-only members are refused by name", arguments: ["id", "version", "restricted", "amountLCY", "createdAt", "modifiedAt", "entitySet", "companyId", "etag"])
    func readOnlyMemberRefused(member: String) {
        let error = refusal(#"{"\#(member)": 1}"#, .customers, creating: false)
        #expect(fieldNames(error) == [member])
        #expect(message(error, for: member)?.contains("read-only") == true)
    }

    @Test(
        "Document members are refused for entity sets that have no such member",
        arguments: [
            (EntitySet.customers, "documentType"), (.customers, "amount"), (.vendors, "currencyCode"),
            (.items, "lines"), (.generalJournalLines, "documentType"), (.generalJournalLines, "salespersonPurchaserCode"),
            (.generalJournalBatches, "currencyFactor"),
        ]
    )
    func inapplicableMemberRefused(entitySet: EntitySet, member: String) {
        let error = refusal(#"{"\#(member)": "Order"}"#, entitySet)
        #expect(fieldNames(error) == [member])
        #expect(message(error, for: member)?.contains(entitySet.rawValue) == true)
    }

    @Test("Every problem of a body is reported at once")
    func allProblemsReported() {
        let error = refusal(#"{"documentType": "Shipment", "amount": -1, "currencyCode": "EURO", "id": "x", "colour": 1}"#)
        #expect(Set(fieldNames(error)) == ["documentType", "amount", "currencyCode", "id", "colour"])
    }

    // MARK: Status, number, fields

    @Test("'Pending Approval' cannot be set directly, in any letter case", arguments: ["Pending Approval", "pending approval"])
    func pendingApprovalRefused(raw: String) {
        let error = refusal(#"{"status": "\#(raw)"}"#, .customers, creating: false)
        #expect(fieldNames(error) == ["status"])
        #expect(message(error, for: "status")?.contains("sendApprovalRequest") == true)
    }

    @Test("Open and Released can be set directly")
    func openAndReleasedAccepted() throws {
        #expect(try parse(#"{"status": "Released"}"#, .customers).status == .released)
        #expect(try parse(#"{"status": "open"}"#, .customers).status == .open)
    }

    @Test("A number is trimmed and upper-cased; blank or over 20 characters is refused")
    func numberRules() throws {
        #expect(try parse(#"{"number": "  c-100 "}"#, .customers).number == "C-100")
        #expect(fieldNames(refusal(#"{"number": "   "}"#, .customers)) == ["number"])
        #expect(fieldNames(refusal(#"{"number": "ABCDEFGHIJKLMNOPQRSTU"}"#, .customers)) == ["number"])
        #expect(fieldNames(refusal(#"{"number": null}"#, .customers)) == ["number"])
    }

    @Test("A salesperson/purchaser code is upper-cased; blank clears it")
    func salespersonCodeNormalized() throws {
        #expect(try parse(#"{"salespersonPurchaserCode": " jr "}"#, creating: false).salespersonPurchaserCode.value == "JR")
        guard case .null = try parse(#"{"salespersonPurchaserCode": ""}"#, creating: false).salespersonPurchaserCode else {
            Issue.record("a blank salesperson code should clear it")
            return
        }
    }

    @Test("Fields must be an object")
    func fieldsMustBeObject() {
        #expect(fieldNames(refusal(#"{"fields": [1, 2]}"#, .customers)) == ["fields"])
    }
}
