/// Business Central's table and card-page numbers of each entity set, which the "For a selected record" context
/// carries (`tableId`, `pageId`) so flows written for Business Central find the record's kind where they expect it.
public struct BusinessCentralObjects: Sendable, Equatable {
    public var tableId: Int
    public var pageId: Int

    public static func of(_ entitySet: EntitySet, documentType: DocumentType? = nil) -> BusinessCentralObjects {
        switch entitySet {
        case .customers: .init(tableId: 18, pageId: 21)
        case .vendors: .init(tableId: 23, pageId: 26)
        case .items: .init(tableId: 27, pageId: 30)
        case .generalJournalBatches: .init(tableId: 232, pageId: 251)
        case .generalJournalLines: .init(tableId: 81, pageId: 39)
        case .salesDocuments: .init(tableId: 36, pageId: salesPage(documentType))
        case .purchaseDocuments: .init(tableId: 38, pageId: purchasePage(documentType))
        }
    }

    private static func salesPage(_ type: DocumentType?) -> Int {
        switch type {
        case .quote: 41
        case .invoice: 43
        case .creditMemo: 44
        case .blanketOrder: 507
        case .returnOrder: 6630
        case .order, nil: 42
        }
    }

    /// Purchase quote 49, order 50, invoice 51, credit memo 52, blanket order 509, return order 6640.
    private static func purchasePage(_ type: DocumentType?) -> Int {
        switch type {
        case .quote: 49
        case .invoice: 51
        case .creditMemo: 52
        case .blanketOrder: 509
        case .returnOrder: 6640
        case .order, nil: 50
        }
    }
}
