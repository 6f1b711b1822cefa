/// The kinds of business record FlowGate holds, named as the API's entity sets.
public enum EntitySet: String, Sendable, Codable, CaseIterable {
    case customers, vendors, items, salesDocuments, purchaseDocuments, generalJournalBatches, generalJournalLines

    /// Sales and purchase documents carry a type, an amount, a currency, a salesperson/purchaser and lines.
    public var isDocument: Bool { self == .salesDocuments || self == .purchaseDocuments }

    /// Journal lines carry an amount and currency but no document type or lines.
    public var hasAmount: Bool { isDocument || self == .generalJournalLines }

    /// Prefix of automatically assigned numbers.
    public func numberPrefix(documentType: DocumentType?) -> String {
        switch self {
        case .customers: "C"
        case .vendors: "V"
        case .items: "I"
        case .generalJournalBatches: "B"
        case .generalJournalLines: "GJL"
        case .salesDocuments: "S-" + (documentType?.numberCode ?? "DOC")
        case .purchaseDocuments: "P-" + (documentType?.numberCode ?? "DOC")
        }
    }
}

/// Business Central's sales and purchase document types.
public enum DocumentType: String, Sendable, Codable, CaseIterable {
    case quote = "Quote"
    case order = "Order"
    case invoice = "Invoice"
    case creditMemo = "Credit Memo"
    case blanketOrder = "Blanket Order"
    case returnOrder = "Return Order"

    var numberCode: String {
        switch self {
        case .quote: "QUO"
        case .order: "ORD"
        case .invoice: "INV"
        case .creditMemo: "CR"
        case .blanketOrder: "BLO"
        case .returnOrder: "RO"
        }
    }
}

/// A record's approval status, as a Business Central document's `Status`.
public enum RecordStatus: String, Sendable, Codable, CaseIterable {
    case open = "Open"
    case pendingApproval = "Pending Approval"
    case released = "Released"
}
