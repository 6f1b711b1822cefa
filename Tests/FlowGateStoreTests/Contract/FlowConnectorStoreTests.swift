import FlowGateDelivery
import Foundation
import GRDB
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct FlowConnectorStoreTests {
    @Test("An outcome and its messages are stored together: new Flow entries are numbered and their messages wait", arguments: StoreBackend.all)
    func applyStoresEntriesAndMessages(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await store.registerFlowWorkflow(company)
            let record = try await store.makeCustomer(company)
            let snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            #expect(snapshot.webhookEntries.isEmpty)
            #expect(snapshot.nextWebhookEntryNo == 1)

            let entry = webhookEntry(record, entryNo: snapshot.nextWebhookEntryNo)
            let message = outboxMessage(about: entry, subscriptionId: UUID(), companyId: company.id)
            let later = outboxMessage(subscriptionId: nil, companyId: company.id, dueAt: fixedDate.addingTimeInterval(60))
            let applied = try await store.apply(outcome(snapshot.record, webhookEntries: [entry]), outboxMessages: [message, later])

            #expect(applied.record.version == 2)
            var expected = entry
            expected.notificationStatus = .pending
            #expect(applied.webhookEntries == [expected])
            var stored = message
            stored.subscriptionId = nil  // a Flow entry's message goes to the subscription enabled at commit: none here
            #expect(try await store.delivery(sourceId: entry.id) == stored)
            #expect(try await store.delivery(id: later.id)?.message.nextAttemptAt == fixedDate.addingTimeInterval(60))
            #expect(try await store.webhookEntry(companyId: company.id, entryNo: 1) == expected)

            let next = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            #expect(next.webhookEntries == [entry])  // as the engine made it: no delivery state in snapshots
            #expect(next.nextWebhookEntryNo == 2)
        }
    }

    @Test("An outcome refused as a concurrent change stores neither its state nor its messages", arguments: StoreBackend.all)
    func applyIsAtomic(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let stale = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            try await store.send([outboxMessage(subscriptionId: nil, companyId: company.id)], about: record)

            let entry = webhookEntry(record, entryNo: stale.nextWebhookEntryNo)
            let message = outboxMessage(about: entry, subscriptionId: nil, companyId: company.id)
            let error = await flowGateError { _ = try await store.apply(outcome(stale.record, webhookEntries: [entry]), outboxMessages: [message]) }
            #expect(error?.type == "concurrent-change")

            #expect(try await store.delivery(id: message.id) == nil)
            #expect(try await store.deliveries(DeliveryQuery(), PageRequest()).items.count == 1)
            #expect(try await store.webhookEntries(companyId: company.id, WebhookEntryQuery(), PageRequest()).items.isEmpty)
            #expect(try await store.record(companyId: company.id, entitySet: .customers, id: record.id)?.version == 2)
        }
    }

    @Test("Two records racing for the same next Flow entry number both get their own, in order", arguments: StoreBackend.all)
    func webhookEntriesRenumbered(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await store.registerFlowWorkflow(company)
            let first = try await store.makeCustomer(company, "First")
            let second = try await store.makeCustomer(company, "Second")
            let firstSnapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: first.id))
            let secondSnapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: second.id))
            #expect(firstSnapshot.nextWebhookEntryNo == 1 && secondSnapshot.nextWebhookEntryNo == 1)

            let firstEntry = webhookEntry(first, entryNo: 1)
            let secondEntries = [webhookEntry(second, entryNo: 1), webhookEntry(second, entryNo: 2)]
            async let firstApplied = store.apply(
                outcome(firstSnapshot.record, webhookEntries: [firstEntry]),
                outboxMessages: [outboxMessage(about: firstEntry, subscriptionId: nil, companyId: company.id)]
            )
            async let secondApplied = store.apply(
                outcome(secondSnapshot.record, webhookEntries: secondEntries),
                outboxMessages: secondEntries.map { outboxMessage(about: $0, subscriptionId: nil, companyId: company.id) }
            )
            let firstNumbers = try await firstApplied.webhookEntries.map(\.entryNo)
            let secondNumbers = try await secondApplied.webhookEntries.map(\.entryNo)

            #expect((firstNumbers + secondNumbers).sorted() == [1, 2, 3])
            #expect(secondNumbers == [secondNumbers[0], secondNumbers[0] + 1])
            let listed = try await store.webhookEntries(companyId: company.id, WebhookEntryQuery(), PageRequest()).items
            #expect(listed.map(\.entryNo) == [1, 2, 3])
            // Messages refer to entries by id, so renumbering leaves them pointing at the right ones.
            for entry in listed { #expect(try await store.delivery(sourceId: entry.id) != nil && entry.notificationStatus == .pending) }
            let after = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: first.id))
            #expect(after.nextWebhookEntryNo == 4)
        }
    }

    @Test("A Flow entry shows how its latest message fared: pending, sent, failed with the reason, or nothing", arguments: StoreBackend.all)
    func notificationStatusFromOutbox(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await store.registerFlowWorkflow(company)
            let record = try await store.makeCustomer(company)
            let instanceId = UUID()
            let silent = webhookEntry(record, entryNo: 1, instanceId: instanceId)
            let sent = webhookEntry(record, entryNo: 2, instanceId: instanceId)
            let message = outboxMessage(about: sent, subscriptionId: nil, companyId: company.id)
            let current = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            _ = try await store.apply(outcome(current.record, webhookEntries: [silent, sent]), outboxMessages: [message])

            func status(_ entryNo: Int) async throws -> (WebhookNotificationStatus?, String?) {
                let entry = try #require(try await store.webhookEntry(companyId: company.id, entryNo: entryNo))
                return (entry.notificationStatus, entry.notificationError)
            }
            #expect(try await status(1) == (nil, nil))
            #expect(try await status(2) == (.pending, nil))
            #expect(try await store.webhookEntry(workflowStepInstanceId: instanceId)?.entryNo == 2)

            _ = try await store.claimDueMessages(limit: 10, now: fixedDate, lease: DeliveryLease(owner: testInstance, until: fixedDate.addingTimeInterval(30)))
            try await store.record([DeliveryResult(messageId: message.id, attempt: nil, next: .failed(reason: "410 Gone"))], owner: testInstance)
            #expect(try await status(2) == (.failed, "410 Gone"))
            let failedOnly = try await store.webhookEntries(companyId: company.id, WebhookEntryQuery(recordId: record.id), PageRequest())
            #expect(failedOnly.items.map(\.notificationStatus) == [nil, .failed])

            _ = try await store.retryDelivery(id: message.id, now: fixedDate.addingTimeInterval(60))
            #expect(try await status(2) == (.pending, nil))
            _ = try await store.claimDueMessages(limit: 10, now: fixedDate.addingTimeInterval(60), lease: DeliveryLease(owner: testInstance, until: fixedDate.addingTimeInterval(90)))
            try await store.record([DeliveryResult(messageId: message.id, attempt: nil, next: .delivered(at: fixedDate.addingTimeInterval(61)))], owner: testInstance)
            #expect(try await status(2) == (.sent, nil))

            // An answer to the entry keeps its delivery state in what `apply` returns.
            let latest = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
            var answered = latest.webhookEntries[1]
            answered.response = .continue
            let applied = try await store.apply(outcome(latest.record, webhookEntries: [answered], firstNewWebhookEntryNo: 3), outboxMessages: [])
            #expect(applied.webhookEntries.map(\.notificationStatus) == [.sent])
            #expect(try await store.webhookEntries(companyId: company.id, WebhookEntryQuery(response: .continue), PageRequest()).items.map(\.entryNo) == [2])
        }
    }

    @Test("Flow entries page by entry number, and a deleted record takes its Flow entries along", arguments: StoreBackend.all)
    func entriesPagedAndDeletedWithRecord(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await store.registerFlowWorkflow(company)
            let kept = try await store.makeCustomer(company, "Kept")
            let deleted = try await store.makeCustomer(company, "Deleted")
            for (record, count) in [(kept, 3), (deleted, 2)] {
                let snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: record.id))
                let entries = (0..<count).map { webhookEntry(record, entryNo: snapshot.nextWebhookEntryNo + $0) }
                let messages = entries.map { outboxMessage(about: $0, subscriptionId: nil, companyId: company.id) }
                _ = try await store.apply(outcome(snapshot.record, webhookEntries: entries, firstNewWebhookEntryNo: snapshot.nextWebhookEntryNo), outboxMessages: messages)
            }
            let firstPage = try await store.webhookEntries(companyId: company.id, WebhookEntryQuery(), PageRequest(limit: 2))
            #expect(firstPage.items.map(\.entryNo) == [1, 2])
            let cursor = try #require(firstPage.nextCursor)
            let secondPage = try await store.webhookEntries(companyId: company.id, WebhookEntryQuery(), try PageRequest(limit: "2", cursor: cursor))
            #expect(secondPage.items.map(\.entryNo) == [3, 4])

            let doomed = try await store.webhookEntries(companyId: company.id, WebhookEntryQuery(recordId: deleted.id), PageRequest()).items
            #expect(doomed.map(\.entryNo) == [4, 5])
            try await store.deleteRecord(companyId: company.id, entitySet: .customers, id: deleted.id, precondition: .none)
            #expect(try await store.webhookEntry(companyId: company.id, entryNo: 4) == nil)
            #expect(try await store.webhookEntries(companyId: company.id, WebhookEntryQuery(), PageRequest()).items.map(\.entryNo) == [1, 2, 3])
            // What was sent about them stays as delivery history.
            #expect(try await store.delivery(sourceId: doomed[0].id) != nil)
        }
    }
}
