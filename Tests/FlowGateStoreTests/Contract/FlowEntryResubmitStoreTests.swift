import FlowGateDelivery
import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct FlowEntryResubmitStoreTests {
    /// A Flow entry whose request was sent once and failed for good, with the attempt that failed.
    struct FailedEntry {
        let company: Company
        let entry: WorkflowWebhookEntry
        let message: OutboxMessage
        let attempt: DeliveryAttempt
    }

    static func failedEntry(_ store: any Store) async throws -> FailedEntry {
        let company = try await store.makeCompany()
        try await store.registerFlowWorkflow(company)
        let record = try await store.makeCustomer(company)
        let entry = webhookEntry(record, entryNo: 1)
        let message = outboxMessage(about: entry, subscriptionId: nil, companyId: company.id)
        _ = try await store.apply(outcome(record, webhookEntries: [entry]), outboxMessages: [message])
        let attempt = try await fail(store, message.id, at: fixedDate)
        return FailedEntry(company: company, entry: entry, message: message, attempt: attempt)
    }

    /// Claims the message and records it failed for good after one attempt, which it returns.
    @discardableResult
    static func fail(_ store: any Store, _ messageId: UUID, at now: Date) async throws -> DeliveryAttempt {
        let claimed = try await store.claimDueMessages(limit: 10, now: now, lease: DeliveryLease(owner: testInstance, until: now.addingTimeInterval(30)))
        #expect(claimed.map(\.message.id).contains(messageId))
        let attempt = DeliveryAttempt(
            messageId: messageId, number: 1, startedAt: now, durationMilliseconds: 7, url: "https://flow.example/hook", statusCode: 404, error: "404"
        )
        try await store.record([DeliveryResult(messageId: messageId, attempt: attempt, next: .failed(reason: "404 WorkflowNotFound"))], owner: testInstance)
        return attempt
    }

    @Test("Resubmitting a failed Flow entry sends its request again now, with the same message id and its attempts kept", arguments: StoreBackend.all)
    func resubmitFailed(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let failed = try await Self.failedEntry(store)
            #expect(try await store.webhookEntry(companyId: failed.company.id, entryNo: 1)?.notificationStatus == .failed)

            let now = fixedDate.addingTimeInterval(3600)
            let resubmitted = try #require(
                try await store.resubmitWebhookEntry(companyId: failed.company.id, entryNo: 1, now: now) { try $0.checkCanBeResubmitted() }
            )
            #expect(resubmitted.id == failed.entry.id && resubmitted.entryNo == 1)
            #expect(resubmitted.notificationStatus == .pending && resubmitted.notificationError == nil)
            #expect(try await store.webhookEntry(companyId: failed.company.id, entryNo: 1) == resubmitted)

            let (message, attempts) = try #require(try await store.delivery(id: failed.message.id))
            #expect(message.status == .pending && message.nextAttemptAt == now)
            #expect(message.attemptCount == 1)
            #expect(attempts == [failed.attempt])
            #expect(try await store.delivery(sourceId: failed.entry.id)?.id == failed.message.id)
            #expect(try await store.deliveries(DeliveryQuery(), PageRequest()).items.count == 1)
            let claimed = try await store.claimDueMessages(limit: 5, now: now, lease: DeliveryLease(owner: testInstance, until: now.addingTimeInterval(30)))
            #expect(claimed.map(\.message.id) == [failed.message.id])
        }
    }

    @Test("Resubmitting goes for the entry's latest message only", arguments: StoreBackend.all)
    func resubmitLatest(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let failed = try await Self.failedEntry(store)
            let later = fixedDate.addingTimeInterval(60)
            let second = outboxMessage(about: failed.entry, subscriptionId: nil, companyId: failed.company.id, createdAt: later)
            let record = try #require(try await store.record(companyId: failed.company.id, entitySet: .customers, id: failed.entry.recordId))
            try await store.send([second], about: record)
            try await Self.fail(store, second.id, at: later)

            let now = fixedDate.addingTimeInterval(3600)
            let resubmitted = try await store.resubmitWebhookEntry(companyId: failed.company.id, entryNo: 1, now: now) { _ in }
            #expect(resubmitted?.notificationStatus == .pending)
            #expect(try await store.delivery(id: second.id)?.message.status == .pending)
            #expect(try await store.delivery(id: failed.message.id)?.message.status == .failed)
        }
    }

    @Test("Resubmitting a Flow entry that does not exist, or is another company's, finds nothing and asks no rule", arguments: StoreBackend.all)
    func resubmitMissing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let failed = try await Self.failedEntry(store)
            let other = try await store.makeCompany("FABRIKAM")
            let noRule: @Sendable (WorkflowWebhookEntry) throws -> Void = { _ in Issue.record("the rule was asked about a missing entry") }
            #expect(try await store.resubmitWebhookEntry(companyId: failed.company.id, entryNo: 2, now: fixedDate, rule: noRule) == nil)
            #expect(try await store.resubmitWebhookEntry(companyId: other.id, entryNo: 1, now: fixedDate, rule: noRule) == nil)
            #expect(try await store.delivery(id: failed.message.id)?.message.status == .failed)
        }
    }

    @Test("A resubmission the rule refuses throws the rule's error and leaves the message as it was", arguments: StoreBackend.all)
    func resubmitRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await store.registerFlowWorkflow(company)
            let record = try await store.makeCustomer(company)
            let entry = webhookEntry(record, entryNo: 1)
            let dueAt = fixedDate.addingTimeInterval(600)
            let message = outboxMessage(about: entry, subscriptionId: nil, companyId: company.id, dueAt: dueAt)
            _ = try await store.apply(outcome(record, webhookEntries: [entry]), outboxMessages: [message])

            // The rule sees the entry with the state of its message: still pending, so nothing to resubmit.
            let seen = Seen<WebhookNotificationStatus?>()
            let error = await flowGateError {
                _ = try await store.resubmitWebhookEntry(companyId: company.id, entryNo: 1, now: fixedDate.addingTimeInterval(60)) {
                    seen.record($0.notificationStatus)
                    try $0.checkCanBeResubmitted()
                }
            }
            #expect(seen.all == [.pending])
            #expect(error?.kind == .conflict && error?.type == "flow-entry-not-failed")
            let stored = try #require(try await store.delivery(id: message.id)?.message)
            #expect(stored.status == .pending && stored.nextAttemptAt == dueAt)

            let custom = await flowGateError {
                _ = try await store.resubmitWebhookEntry(companyId: company.id, entryNo: 1, now: fixedDate) { _ in
                    throw FlowGateError.forbidden("not yours")
                }
            }
            #expect(custom?.kind == .forbidden && custom?.detail == "not yours")
            #expect(try await store.delivery(id: message.id)?.message.nextAttemptAt == dueAt)
        }
    }

    @Test("A Flow entry no message was ever sent about cannot be resubmitted: not found", arguments: StoreBackend.all)
    func resubmitWithoutMessage(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await store.registerFlowWorkflow(company)
            let record = try await store.makeCustomer(company)
            _ = try await store.apply(outcome(record, webhookEntries: [webhookEntry(record, entryNo: 1)]), outboxMessages: [])

            let error = await flowGateError { _ = try await store.resubmitWebhookEntry(companyId: company.id, entryNo: 1, now: fixedDate) { _ in } }
            #expect(error?.kind == .notFound)
            #expect(try await store.webhookEntry(companyId: company.id, entryNo: 1)?.notificationStatus == nil)
            #expect(try await store.deliveries(DeliveryQuery(), PageRequest()).items.isEmpty)
        }
    }
}
