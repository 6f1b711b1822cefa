import Foundation
import Testing

@testable import FlowGateCore

/// What a subscription's window of coalesced changes is notified as, and the Business Central object numbers a
/// record's kind is reported with.
@Suite struct RecordChangeTests {
    func pending(created: Bool, deleted: Bool) -> PendingRecordChange {
        PendingRecordChange(
            recordId: UUID(), created: created, deleted: deleted, lastModifiedAt: fixedDate.addingTimeInterval(5), firstChangedAt: fixedDate
        )
    }

    @Test(
        "A window's changes of one record come to: created, updated, deleted, or created then deleted",
        arguments: [
            (false, false, [RecordChangeType.updated]), (true, false, [.created]), (false, true, [.deleted]), (true, true, [.created, .deleted]),
        ]
    )
    func changeTypes(created: Bool, deleted: Bool, expected: [RecordChangeType]) {
        #expect(pending(created: created, deleted: deleted).changeTypes == expected)
    }

    @Test("No window's changes are ever reported as a collection: that is for windows too large to list")
    func neverCollection() {
        for (created, deleted) in [(false, false), (true, false), (false, true), (true, true)] {
            #expect(!pending(created: created, deleted: deleted).changeTypes.contains(.collection))
        }
    }

    @Test("Change types are written as Business Central writes them")
    func changeTypeNames() {
        #expect(RecordChangeType.allCases.map(\.rawValue) == ["created", "updated", "deleted", "collection"])
    }

    @Test(
        "Entity sets carry Business Central's table and card page numbers",
        arguments: [
            (EntitySet.customers, 18, 21), (.vendors, 23, 26), (.items, 27, 30), (.generalJournalBatches, 232, 251), (.generalJournalLines, 81, 39),
        ]
    )
    func entitySetObjects(entitySet: EntitySet, tableId: Int, pageId: Int) {
        #expect(BusinessCentralObjects.of(entitySet) == BusinessCentralObjects(tableId: tableId, pageId: pageId))
        // A document type means nothing outside documents.
        #expect(BusinessCentralObjects.of(entitySet, documentType: .invoice) == BusinessCentralObjects(tableId: tableId, pageId: pageId))
    }

    @Test(
        "Sales documents are table 36, each type on its own page",
        arguments: [
            (DocumentType?.none, 42), (.quote, 41), (.order, 42), (.invoice, 43), (.creditMemo, 44), (.blanketOrder, 507), (.returnOrder, 6630),
        ]
    )
    func salesDocuments(documentType: DocumentType?, pageId: Int) {
        #expect(BusinessCentralObjects.of(.salesDocuments, documentType: documentType) == BusinessCentralObjects(tableId: 36, pageId: pageId))
    }

    @Test(
        "Purchase documents are table 38, each type on its own page",
        arguments: [
            (DocumentType?.none, 50), (.quote, 49), (.order, 50), (.invoice, 51), (.creditMemo, 52), (.blanketOrder, 509), (.returnOrder, 6640),
        ]
    )
    func purchaseDocuments(documentType: DocumentType?, pageId: Int) {
        #expect(BusinessCentralObjects.of(.purchaseDocuments, documentType: documentType) == BusinessCentralObjects(tableId: 38, pageId: pageId))
    }

    @Test("Every entity set and document type has numbers, and no two kinds share a page")
    func pagesDistinct() {
        var pages: [Int] = []
        for entitySet in EntitySet.allCases {
            let types: [DocumentType?] = entitySet.isDocument ? DocumentType.allCases.map(Optional.some) : [nil]
            pages += types.map { BusinessCentralObjects.of(entitySet, documentType: $0).pageId }
        }
        #expect(Set(pages).count == pages.count)
    }

    @Test("A record subscription watches its entity set, expires at its expiration, and names its collection path")
    func subscriptionMembers() throws {
        let companyId = try #require(UUID(uuidString: "6F9C2A3E-1B2C-4D5E-8F90-0A1B2C3D4E5F"))
        var subscription = RecordSubscription(
            companyId: companyId, entitySet: .salesDocuments, notificationUrl: "https://flow.example/changes", clientState: "state",
            expirationDateTime: fixedDate.addingTimeInterval(3 * 86_400), secret: "whsec_dGVzdA==", userId: "ALICE", createdAt: fixedDate
        )
        #expect(subscription.watchedEntitySet == .salesDocuments)
        #expect(subscription.expiresAt == fixedDate.addingTimeInterval(3 * 86_400))
        #expect(subscription.dueAt == nil)
        #expect(subscription.resource == "/api/v1/companies/6f9c2a3e-1b2c-4d5e-8f90-0a1b2c3d4e5f/salesDocuments")
        #expect(subscription.isLive && subscription.version == 1)
        subscription.deletedAt = fixedDate
        #expect(!subscription.isLive)
    }
}
