import FlowGateDelivery
import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct DeliveryStoreTests {
    @Test("A failed delivery retried by hand is due again now, keeps its id and attempts, and is claimed", arguments: StoreBackend.all)
    func retryFailed(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let message = outboxMessage(subscriptionId: nil, companyId: company.id)
            try await store.send([message], about: record)
            _ = try await store.claimDueMessages(limit: 1, now: fixedDate, lease: DeliveryLease(owner: testInstance, until: fixedDate.addingTimeInterval(30)))
            let attempt = DeliveryAttempt(
                messageId: message.id, number: 1, startedAt: fixedDate, durationMilliseconds: 3, url: "https://flow.example/hook", statusCode: 404,
                error: "404"
            )
            try await store.record([DeliveryResult(messageId: message.id, attempt: attempt, next: .failed(reason: "404 WorkflowNotFound"))], owner: testInstance)

            let now = fixedDate.addingTimeInterval(3600)
            let retried = try #require(try await store.retryDelivery(id: message.id, now: now))
            #expect(retried.id == message.id && retried.status == .pending && retried.nextAttemptAt == now)
            #expect(retried.attemptCount == 1 && retried.lastError == "404 WorkflowNotFound")
            #expect(try await store.delivery(id: message.id)?.attempts == [attempt])
            #expect(try await store.nextDueDate() == now)
            let claimed = try await store.claimDueMessages(limit: 5, now: now, lease: DeliveryLease(owner: testInstance, until: now.addingTimeInterval(30)))
            #expect(claimed.map(\.message.id) == [message.id])
        }
    }

    @Test("Only a failed delivery can be retried: pending and delivered ones are a conflict, a missing one nil", arguments: StoreBackend.all)
    func retryRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await store.makeCustomer(company)
            let pending = outboxMessage(subscriptionId: nil, companyId: company.id)
            let delivered = outboxMessage(subscriptionId: nil, companyId: company.id)
            try await store.send([pending, delivered], about: record)
            _ = try await store.claimDueMessages(limit: 5, now: fixedDate, lease: DeliveryLease(owner: testInstance, until: fixedDate.addingTimeInterval(30)))
            try await store.record([DeliveryResult(messageId: delivered.id, attempt: nil, next: .delivered(at: fixedDate))], owner: testInstance)

            let error = await flowGateError { _ = try await store.retryDelivery(id: pending.id, now: fixedDate) }
            #expect(error?.kind == .conflict && error?.type == "delivery-not-failed")
            #expect(error?.detail == "Delivery \(pending.id.uuidString.lowercased()) is pending; only failed deliveries can be retried.")
            #expect(await flowGateError { _ = try await store.retryDelivery(id: delivered.id, now: fixedDate) }?.type == "delivery-not-failed")
            #expect(try await store.retryDelivery(id: UUID(), now: fixedDate) == nil)
            #expect(try await store.delivery(id: pending.id)?.message.status == .pending)
        }
    }

    @Test("Deliveries list oldest first by pages, filtered by status, subscription and company", arguments: StoreBackend.all)
    func listFiltered(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let other = try await store.makeCompany("FABRIKAM")
            let subscription = try await store.subscribe(webhookSubscription(company))
            let record = try await store.makeCustomer(company)
            let otherRecord = try await store.makeCustomer(other)
            let mine = (0..<3).map { _ in outboxMessage(subscriptionId: subscription.id, companyId: company.id) }
            let theirs = outboxMessage(subscriptionId: nil, companyId: other.id)
            try await store.send(mine, about: record)
            try await store.send([theirs], about: otherRecord)
            _ = try await store.claimDueMessages(limit: 1, now: fixedDate, lease: DeliveryLease(owner: testInstance, until: fixedDate.addingTimeInterval(30)))
            try await store.record([DeliveryResult(messageId: mine[0].id, attempt: nil, next: .failed(reason: "gone"))], owner: testInstance)

            let all = try await store.deliveries(DeliveryQuery(), PageRequest(limit: 3))
            #expect(all.items.map(\.id) == mine.map(\.id))
            let rest = try await store.deliveries(DeliveryQuery(), try PageRequest(limit: "3", cursor: all.nextCursor))
            #expect(rest.items.map(\.id) == [theirs.id] && rest.nextCursor == nil)
            #expect(try await store.deliveries(DeliveryQuery(status: .failed), PageRequest()).items.map(\.id) == [mine[0].id])
            #expect(try await store.deliveries(DeliveryQuery(status: .pending, subscriptionId: subscription.id), PageRequest()).items.count == 2)
            #expect(try await store.deliveries(DeliveryQuery(companyId: other.id), PageRequest()).items == [theirs])
            #expect(try await store.delivery(sourceId: UUID()) == nil)
        }
    }
}
