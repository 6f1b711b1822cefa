import FlowGateDelivery
import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct ApprovalEntryStoreTests {
    /// Entries 1–2 on the first record (sent by ALICE), 3–5 on the second (sent by DAVE), and one entry in
    /// another company that no query of the first may find.
    struct Fixture {
        let company: Company
        let other: Company
        let first: BusinessRecord
        let second: BusinessRecord
        let entries: [ApprovalEntry]
        let otherEntry: ApprovalEntry
    }

    static func fixture(_ store: any Store) async throws -> Fixture {
        let company = try await store.makeCompany()
        let other = try await store.makeCompany("FABRIKAM")
        let first = try await store.makeCustomer(company, "First")
        let second = try await store.makeCustomer(company, "Second")
        let otherRecord = try await store.makeCustomer(other, "Elsewhere")
        let firstEntries = try await store.requestApprovals(first, [NewApproval("BOB"), NewApproval("CAROL", status: .created)])
        let secondEntries = try await store.requestApprovals(
            second,
            [
                NewApproval("BOB", sender: "DAVE", status: .approved), NewApproval("ALICE", sender: "DAVE"),
                NewApproval("CAROL", sender: "DAVE", status: .rejected),
            ]
        )
        let otherEntries = try await store.requestApprovals(otherRecord, [NewApproval("BOB")])
        return Fixture(
            company: company, other: other, first: first, second: second, entries: firstEntries + secondEntries,
            otherEntry: try #require(otherEntries.first)
        )
    }

    @Test("New approval entries are numbered 1, 2, 3, ... per company and list by pages in entry-number order", arguments: StoreBackend.all)
    func listedByPages(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Self.fixture(store)
            #expect(fixture.entries.map(\.entryNo) == [1, 2, 3, 4, 5])
            #expect(fixture.otherEntry.entryNo == 1)

            let firstPage = try await store.approvalEntries(companyId: fixture.company.id, ApprovalEntryQuery(), PageRequest(limit: 2))
            #expect(firstPage.items == Array(fixture.entries[0..<2]))
            let secondPage = try await store.approvalEntries(
                companyId: fixture.company.id, ApprovalEntryQuery(), try PageRequest(limit: "2", cursor: try #require(firstPage.nextCursor))
            )
            #expect(secondPage.items == Array(fixture.entries[2..<4]))
            let lastPage = try await store.approvalEntries(
                companyId: fixture.company.id, ApprovalEntryQuery(), try PageRequest(limit: "2", cursor: try #require(secondPage.nextCursor))
            )
            #expect(lastPage.items == [fixture.entries[4]])
            #expect(lastPage.nextCursor == nil)
            #expect(try await store.approvalEntries(companyId: fixture.other.id, ApprovalEntryQuery(), PageRequest()).items == [fixture.otherEntry])
        }
    }

    @Test("Approval entries filtered by status show only entries of that status", arguments: StoreBackend.all)
    func filteredByStatus(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Self.fixture(store)
            let id = fixture.company.id
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(status: .open)) == [1, 4])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(status: .created)) == [2])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(status: .approved)) == [3])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(status: .canceled)) == [])
            // A filtered list pages too, each page holding only matching entries.
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(status: .open), limit: 1) == [1, 4])
        }
    }

    @Test("Approval entries filtered by approver show only the entries that user is asked to approve", arguments: StoreBackend.all)
    func filteredByApprover(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Self.fixture(store)
            let id = fixture.company.id
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(approverId: "BOB")) == [1, 3])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(approverId: "CAROL")) == [2, 5])
            // DAVE sent entries but approves none.
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(approverId: "DAVE")) == [])
        }
    }

    @Test("Approval entries filtered by record show only that record's entries", arguments: StoreBackend.all)
    func filteredByRecord(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Self.fixture(store)
            let id = fixture.company.id
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(recordId: fixture.first.id)) == [1, 2])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(recordId: fixture.second.id)) == [3, 4, 5])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(recordId: UUID())) == [])
        }
    }

    @Test("A user's view of approval entries holds those the user approves and those the user sent", arguments: StoreBackend.all)
    func filteredByInvolvement(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Self.fixture(store)
            let id = fixture.company.id
            // ALICE sent 1 and 2 and approves 4.
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(involving: "ALICE")) == [1, 2, 4])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(involving: "DAVE")) == [3, 4, 5])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(involving: "BOB")) == [1, 3])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(involving: "ZED")) == [])
            #expect(try await store.approvalEntryNumbers(fixture.other.id, ApprovalEntryQuery(involving: "ALICE")) == [1])
        }
    }

    @Test("Approval entry filters narrow each other", arguments: StoreBackend.all)
    func filtersCombine(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Self.fixture(store)
            let id = fixture.company.id
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(status: .open, involving: "ALICE")) == [1, 4])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(status: .open, recordId: fixture.second.id)) == [4])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(approverId: "CAROL", recordId: fixture.second.id)) == [5])
            #expect(try await store.approvalEntryNumbers(id, ApprovalEntryQuery(status: .approved, approverId: "CAROL")) == [])
        }
    }

    @Test("An approval entry reads back equal by its number, and only in its own company", arguments: StoreBackend.all)
    func readByNumber(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Self.fixture(store)
            #expect(try await store.approvalEntry(companyId: fixture.company.id, entryNo: 4) == fixture.entries[3])
            #expect(try await store.approvalEntry(companyId: fixture.company.id, entryNo: 1) == fixture.entries[0])
            #expect(try await store.approvalEntry(companyId: fixture.other.id, entryNo: 1) == fixture.otherEntry)
            #expect(try await store.approvalEntry(companyId: fixture.other.id, entryNo: 4) == nil)
            #expect(try await store.approvalEntry(companyId: fixture.company.id, entryNo: 99) == nil)
            #expect(try await store.approvalEntry(companyId: UUID(), entryNo: 1) == nil)
        }
    }

    @Test("A decided approval entry keeps its number and shows its new status", arguments: StoreBackend.all)
    func decidedEntryKeepsNumber(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let entries = try await store.requestApprovals(record, [NewApproval("BOB"), NewApproval("CAROL")])

            let approved = try await store.decide(entries[0], .approved)
            #expect(approved.entryNo == 1 && approved.status == .approved && approved.lastModifiedByUserId == "BOB")
            #expect(try await store.approvalEntry(companyId: company.id, entryNo: 1) == approved)
            #expect(try await store.approvalEntryNumbers(company.id) == [1, 2])
            #expect(try await store.approvalEntryNumbers(company.id, ApprovalEntryQuery(status: .open)) == [2])
            #expect(try await store.approvalEntryNumbers(company.id, ApprovalEntryQuery(status: .approved)) == [1])
            let snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            #expect(snapshot.approvalEntries == [approved, entries[1]])
            #expect(snapshot.nextApprovalEntryNo == 3)
        }
    }

    @Test(
        "Two records adding approval entries from the same next number both get their own numbers, notifications following",
        arguments: StoreBackend.all
    )
    func approvalEntriesRenumbered(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let first = try await store.makeCustomer(company, "First")
            let second = try await store.makeCustomer(company, "Second")
            let firstSnapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: first.id))
            let secondSnapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: second.id))
            #expect(firstSnapshot.nextApprovalEntryNo == 1 && secondSnapshot.nextApprovalEntryNo == 1)

            let firstApplied = try await store.apply(
                approvalOutcome(firstSnapshot.record, approvalEntries: [approvalEntry(first, entryNo: 1)], firstNewApprovalEntryNo: 1)
            )
            #expect(firstApplied.approvalEntries.map(\.entryNo) == [1])

            // The second outcome still believes 1 is free: its entries move past the first record's, in order, and the
            // notification about its second entry follows that entry.
            let secondEntries = [approvalEntry(second, entryNo: 1, approver: "BOB"), approvalEntry(second, entryNo: 2, approver: "CAROL")]
            let notification = notificationEntry(second, recipient: "CAROL", approvalEntryNo: 2)
            let secondApplied = try await store.apply(
                approvalOutcome(secondSnapshot.record, approvalEntries: secondEntries, firstNewApprovalEntryNo: 1, notifications: [notification])
            )
            #expect(secondApplied.approvalEntries.map(\.entryNo) == [2, 3])
            #expect(secondApplied.approvalEntries.map(\.approverId) == ["BOB", "CAROL"])
            #expect(secondApplied.notifications.map(\.approvalEntryNo) == [3])

            let listed = try await store.approvalEntries(companyId: company.id, ApprovalEntryQuery(), PageRequest()).items
            #expect(listed.map(\.entryNo) == [1, 2, 3])
            #expect(listed.map(\.recordId) == [first.id, second.id, second.id])
            #expect(try await store.approvalEntry(companyId: company.id, entryNo: 3)?.approverId == "CAROL")
            let stored = try await store.notificationEntries(companyId: company.id, recipient: "CAROL", PageRequest()).items
            #expect(stored.map(\.id) == [notification.id] && stored.map(\.approvalEntryNo) == [3])
            let after = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: first.id))
            #expect(after.nextApprovalEntryNo == 4)
        }
    }

    @Test("Open approval entries with a Delegate After formula are found in every company; others are not", arguments: StoreBackend.all)
    func openEntriesWithDelegation(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let other = try await store.makeCompany("FABRIKAM")
            let record = try await store.makeCustomer(company)
            let otherRecord = try await store.makeCustomer(other)
            let entries = try await store.requestApprovals(
                record,
                [
                    NewApproval("BOB", delegationDateFormula: "<1D>"),
                    NewApproval("CAROL"),
                    NewApproval("DAVE", status: .created, delegationDateFormula: "<2D>"),
                    NewApproval("ERIN", status: .approved, delegationDateFormula: "<5D>"),
                    NewApproval("FRANK", status: .rejected, delegationDateFormula: "<1D>"),
                    NewApproval("GRACE", status: .canceled, delegationDateFormula: "<1D>"),
                ]
            )
            let otherEntries = try await store.requestApprovals(otherRecord, [NewApproval("HEIDI", delegationDateFormula: "<5D>")])

            let found = try await store.openEntriesWithDelegation()
            #expect(found.count == 2)
            #expect(found.contains(entries[0]) && found.contains(otherEntries[0]))

            // Once decided, an entry is no longer waiting to be delegated.
            try await store.decide(entries[0], .approved)
            #expect(try await store.openEntriesWithDelegation() == [otherEntries[0]])
        }
    }

    @Test("A deleted record takes its approval entries along; other records keep theirs", arguments: StoreBackend.all)
    func deletedWithRecord(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let fixture = try await Self.fixture(store)
            try await store.deleteRecord(companyId: fixture.company.id, entitySet: .customers, id: fixture.first.id, precondition: .none)
            #expect(try await store.approvalEntry(companyId: fixture.company.id, entryNo: 1) == nil)
            #expect(try await store.approvalEntryNumbers(fixture.company.id) == [3, 4, 5])
            #expect(try await store.approvalEntryNumbers(fixture.company.id, ApprovalEntryQuery(recordId: fixture.first.id)) == [])
        }
    }
}

@Suite struct NotificationEntryStoreTests {
    @Test("Notification entries list oldest first by pages, for one recipient or for all", arguments: StoreBackend.all)
    func listedByRecipient(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let other = try await store.makeCompany("FABRIKAM")
            let record = try await store.makeCustomer(company)
            let otherRecord = try await store.makeCustomer(other)
            let stored = try await store.notify(["BOB", "CAROL"], about: record) + (try await store.notify(["BOB"], about: record))
            let theirs = try await store.notify(["BOB"], about: otherRecord)

            #expect(try await store.notificationEntries(companyId: company.id, recipient: nil, PageRequest()).items == stored)
            #expect(try await store.notificationEntries(companyId: company.id, recipient: "BOB", PageRequest()).items == [stored[0], stored[2]])
            #expect(try await store.notificationEntries(companyId: company.id, recipient: "CAROL", PageRequest()).items == [stored[1]])
            #expect(try await store.notificationEntries(companyId: company.id, recipient: "ZED", PageRequest()).items.isEmpty)
            #expect(try await store.notificationEntries(companyId: other.id, recipient: "BOB", PageRequest()).items == theirs)

            let firstPage = try await store.notificationEntries(companyId: company.id, recipient: nil, PageRequest(limit: 2))
            #expect(firstPage.items == Array(stored[0..<2]))
            let lastPage = try await store.notificationEntries(
                companyId: company.id, recipient: nil, try PageRequest(limit: "2", cursor: try #require(firstPage.nextCursor))
            )
            #expect(lastPage.items == [stored[2]] && lastPage.nextCursor == nil)
            let bobsFirst = try await store.notificationEntries(companyId: company.id, recipient: "BOB", PageRequest(limit: 1))
            #expect(bobsFirst.items == [stored[0]])
            let bobsNext = try await store.notificationEntries(
                companyId: company.id, recipient: "BOB", try PageRequest(limit: "1", cursor: try #require(bobsFirst.nextCursor))
            )
            #expect(bobsNext.items == [stored[2]])
        }
    }
}
