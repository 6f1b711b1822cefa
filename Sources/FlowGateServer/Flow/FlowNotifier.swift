import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation
import Synchronization

/// Turns the Flow entries an outcome creates into outbox messages for their subscriptions' endpoints,
/// and wakes the dispatcher once they are stored.
///
/// The body carries Business Central's fields ("Row Id", "Workflow Step Id", "Requested By User Email",
/// "Company Id") for connectors written against it, and Standard Webhooks' `type`, `timestamp` and `data`
/// (the record, its entity set and the callback URLs) for everyone else.
final class FlowNotifier: Sendable {
    static let approvalRequested = "approval.requested"

    private let store: any Store
    private let retryPolicy: RetryPolicy
    private let baseURL: Mutex<String>
    private let wakeDispatcher: Mutex<Wake>

    /// The closure is held in a struct: a bare closure in a Mutex gets re-wrapped on every read, which made each
    /// call slower than the one before and leaked (found by the benchmark).
    private struct Wake {
        var call: @Sendable () -> Void
    }

    init(store: any Store, baseURL: String, retryPolicy: RetryPolicy = RetryPolicy()) {
        self.store = store
        self.retryPolicy = retryPolicy
        self.baseURL = Mutex(baseURL)
        self.wakeDispatcher = Mutex(Wake(call: {}))
    }

    /// The gateway's address as callers reach it, once known (the port may be picked at start).
    func setBaseURL(_ url: String) {
        baseURL.withLock { $0 = url }
    }

    func setWake(_ wake: @escaping @Sendable () -> Void) {
        wakeDispatcher.withLock { $0 = Wake(call: wake) }
    }

    /// Signals the dispatcher that messages were committed.
    func messagesStored() {
        let wake = wakeDispatcher.withLock { $0.call }
        wake()
    }

    /// One message per Flow entry the outcome creates, first due after the retry schedule's first delay. The store
    /// sets its subscription when it commits (the one enabled then); an entry whose workflow has none still gets its
    /// message, which then fails visibly as undeliverable instead of vanishing.
    func messages(for outcome: WorkflowOutcome, now: Date) async throws -> [OutboxMessage] {
        let entries = outcome.newWebhookEntries
        guard !entries.isEmpty else { return [] }
        var messages: [OutboxMessage] = []
        var random = SystemRandomNumberGenerator()
        for entry in entries {
            let email = try await store.user(named: entry.initiatedBy)?.email ?? ""
            let payload = try payload(entry, record: outcome.record, email: email, now: now)
            messages.append(
                OutboxMessage(
                    id: entry.id, companyId: entry.companyId, subscriptionId: nil, sourceId: entry.id, eventType: Self.approvalRequested,
                    payload: payload, createdAt: now, nextAttemptAt: now.addingTimeInterval(retryPolicy.firstAttemptDelay(using: &random))
                )
            )
        }
        return messages
    }

    private func payload(_ entry: WorkflowWebhookEntry, record: BusinessRecord, email: String, now: Date) throws -> [UInt8] {
        let base = baseURL.withLock { $0 }
        let step = entry.workflowStepInstanceId.lowercasedString
        let callback = "\(base)/api/v1/workflowActionResponse/\(step)"
        let body = JSONValue.object([
            "Row Id": JSONValue(entry.recordId),
            "Workflow Step Id": JSONValue(entry.workflowStepInstanceId),
            "Requested By User Email": .string(email),
            "Company Id": JSONValue(entry.companyId),
            "type": .string(Self.approvalRequested),
            "timestamp": JSONValue(now),
            "data": .object([
                "entitySet": .string(entry.entitySet.rawValue),
                "record": record.json,
                "workflowCode": .string(entry.workflowCode),
                "requestedBy": .string(entry.initiatedBy),
                "flowEntryId": JSONValue(entry.id),
                "callbacks": .object([
                    "approve": .string("\(callback)/approve"), "reject": .string("\(callback)/reject"), "cancel": .string("\(callback)/cancel"),
                ]),
            ]),
        ])
        return body.jsonBytes
    }
}
