import FlowGateDelivery
import Foundation

/// The outbox in memory, standing in for the database (which is tested against SQLite separately).
/// Honours the contract faithfully: only pending messages that are due and not leased (or whose lease expired)
/// are claimed, oldest due first; only the lease's owner records a result, which frees the lease; `nextDueDate`
/// counts leased messages at their lease's end.
actor InMemoryOutbox: DeliveryOutbox {
    struct Entry {
        var message: OutboxMessage
        var leaseUntil: Date?
        var leaseOwner: String?
        var attempts: [DeliveryAttempt] = []
        /// How many recorded results said "delivered": more than one means a duplicate delivery.
        var deliveredRecords = 0
    }

    struct InjectedFailure: Error, CustomStringConvertible {
        var description: String { "the database is unavailable (injected by the test)" }
    }

    private var entries: [UUID: Entry] = [:]
    private var endpoints: [UUID: DeliveryEndpoint] = [:]
    private var failingClaims = 0
    private var failingRecords = 0

    private(set) var claimCalls = 0
    private(set) var nextDueDateCalls = 0
    /// The size of each successful `record` call.
    private(set) var recordedBatchSizes: [Int] = []
    /// Results for messages nobody held a lease on: a dispatcher recording what it never claimed.
    private(set) var resultsWithoutLease = 0
    /// Results from a dispatcher that no longer owned the message's lease; their state was not applied.
    private(set) var resultsFromFormerOwners = 0

    // MARK: Test set-up and inspection

    func add(_ endpoint: DeliveryEndpoint) {
        endpoints[endpoint.subscriptionId] = endpoint
    }

    /// Writes a pending message, due at once unless `dueAt` says otherwise.
    @discardableResult
    func enqueue(
        subscriptionId: UUID?, payload: String = #"{"type":"test"}"#, dueAt: Date? = nil, leasedUntil: Date? = nil, leasedBy: String? = nil
    ) -> OutboxMessage {
        let message = OutboxMessage(
            id: UUID(), companyId: nil, subscriptionId: subscriptionId, sourceId: nil, eventType: "test",
            payload: Array(payload.utf8), createdAt: Date(), nextAttemptAt: dueAt
        )
        entries[message.id] = Entry(message: message, leaseUntil: leasedUntil, leaseOwner: leasedUntil == nil ? nil : leasedBy ?? "another instance")
        return message
    }

    func message(_ id: UUID) -> OutboxMessage? { entries[id]?.message }
    func attempts(_ id: UUID) -> [DeliveryAttempt] { entries[id]?.attempts ?? [] }
    func deliveredRecords(_ id: UUID) -> Int { entries[id]?.deliveredRecords ?? 0 }
    func leaseUntil(_ id: UUID) -> Date? { entries[id]?.leaseUntil }
    var messages: [OutboxMessage] { entries.values.map(\.message) }
    /// Messages currently leased to a dispatcher.
    var leasedCount: Int { entries.values.filter { $0.leaseUntil != nil }.count }

    /// True once every message has left `pending`.
    var isSettled: Bool { entries.values.allSatisfy { $0.message.status != .pending } }

    func count(_ status: DeliveryStatus) -> Int { entries.values.filter { $0.message.status == status }.count }

    /// Makes the next `count` claims throw, as a database that is down would.
    func failNextClaims(_ count: Int) { failingClaims = count }
    /// Makes the next `count` records throw.
    func failNextRecords(_ count: Int) { failingRecords = count }

    // MARK: DeliveryOutbox

    func claimDueMessages(limit: Int, now: Date, lease: DeliveryLease) async throws -> [DeliveryTask] {
        claimCalls += 1
        if failingClaims > 0 {
            failingClaims -= 1
            throw InjectedFailure()
        }
        let due = entries.values
            .filter { entry in
                entry.message.status == .pending && (entry.message.nextAttemptAt ?? .distantFuture) <= now
                    && (entry.leaseUntil.map { $0 <= now } ?? true)
            }
            .sorted { ($0.message.nextAttemptAt ?? .distantFuture, $0.message.createdAt) < ($1.message.nextAttemptAt ?? .distantFuture, $1.message.createdAt) }
            .prefix(max(0, limit))
        return due.map { entry in
            entries[entry.message.id]?.leaseUntil = lease.until
            entries[entry.message.id]?.leaseOwner = lease.owner
            return DeliveryTask(message: entry.message, endpoint: entry.message.subscriptionId.flatMap { endpoints[$0] })
        }
    }

    func record(_ results: [DeliveryResult], owner: String) async throws {
        if failingRecords > 0 {
            failingRecords -= 1
            throw InjectedFailure()
        }
        recordedBatchSizes.append(results.count)
        for result in results {
            guard var entry = entries[result.messageId] else { continue }
            if entry.leaseUntil == nil { resultsWithoutLease += 1 }
            if let attempt = result.attempt { entry.attempts.append(attempt) }
            guard entry.leaseOwner == owner, entry.message.status == .pending else {
                resultsFromFormerOwners += 1
                entries[result.messageId] = entry
                continue
            }
            if let attempt = result.attempt {
                entry.message.attemptCount += 1
                entry.message.lastStatusCode = attempt.statusCode
                entry.message.lastError = attempt.error
            }
            switch result.next {
            case .delivered(let date):
                entry.message.status = .delivered
                entry.message.deliveredAt = date
                entry.message.nextAttemptAt = nil
                entry.deliveredRecords += 1
            case .retry(let date):
                entry.message.status = .pending
                entry.message.nextAttemptAt = date
            case .failed(let reason):
                entry.message.status = .failed
                entry.message.lastError = reason
                entry.message.nextAttemptAt = nil
            }
            entry.leaseUntil = nil
            entry.leaseOwner = nil
            entries[result.messageId] = entry
        }
    }

    func nextDueDate() async throws -> Date? {
        nextDueDateCalls += 1
        return entries.values
            .filter { $0.message.status == .pending }
            .compactMap { entry in entry.message.nextAttemptAt.map { max($0, entry.leaseUntil ?? .distantPast) } }
            .min()
    }
}
