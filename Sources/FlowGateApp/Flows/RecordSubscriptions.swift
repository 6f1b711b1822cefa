import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation

/// What a client asks for when it subscribes to a collection's record changes.
public struct RecordSubscriptionRequest: Sendable {
    public var notificationUrl: String
    /// `/api/v1/companies/{c}/{entitySet}`, the company by id or name.
    public var resource: String
    public var clientState: String?

    public init(notificationUrl: String, resource: String, clientState: String?) {
        self.notificationUrl = notificationUrl
        self.resource = resource
        self.clientState = clientState
    }
}

/// What a renewal may change besides the expiry.
public struct RecordSubscriptionRenewal: Sendable {
    public var notificationUrl: String?
    public var clientState: JSONObjectReader.Member<String>

    public init(notificationUrl: String?, clientState: JSONObjectReader.Member<String>) {
        self.notificationUrl = notificationUrl
        self.clientState = clientState
    }
}

/// Automated flows: Business Central API webhook subscriptions to record changes, and the notifier that sends
/// each subscription's coalesced changes when its window closes.
public struct RecordSubscriptions: Sendable {
    let gateway: Gateway

    /// Subscribes after the handshake; the secret is shown in this answer only.
    public func subscribe(_ caller: Caller, _ request: RecordSubscriptionRequest) async throws -> RecordSubscription {
        let (company, entitySet) = try await resolve(request.resource, for: caller)
        try await handshake(request.notificationUrl)
        let now = gateway.now()
        let subscription = RecordSubscription(
            companyId: company.id, entitySet: entitySet, notificationUrl: request.notificationUrl, clientState: request.clientState,
            expirationDateTime: now.addingTimeInterval(gateway.flowSettings.subscriptionLifetime), secret: WebhookSecret.generate().text,
            userId: caller.userName, createdAt: now
        )
        return try await gateway.store.createFlow(subscription, maximumPerCompany: gateway.flowSettings.maximumSubscriptionsPerCompany)
    }

    public func list(_ caller: Caller, includeDeleted: Bool, _ page: PageRequest) async throws -> Page<RecordSubscription> {
        try await gateway.store.flows(RecordSubscription.self, FlowQuery(companyIds: caller.companies, includeDeleted: includeDeleted), page)
    }

    public func subscription(_ caller: Caller, id: String) async throws -> RecordSubscription {
        guard let uuid = UUID(uuidString: id), let found = try await gateway.store.flow(RecordSubscription.self, id: uuid),
            caller.reaches(found.companyId)
        else {
            throw FlowGateError.notFound("Subscription '\(id)' does not exist.")
        }
        return found
    }

    /// Renews: the handshake again, then the expiry moves to now plus the lifetime. Needs `If-Match`, as in
    /// Business Central; a deleted or expired subscription cannot be renewed.
    public func renew(
        _ caller: Caller, id: String, _ renewal: RecordSubscriptionRenewal, precondition: VersionPrecondition
    ) async throws -> RecordSubscription {
        guard precondition != .none else {
            throw FlowGateError(
                .preconditionRequired, type: "precondition-required", detail: "Renewing a subscription needs If-Match with its ETag."
            )
        }
        let current = try await subscription(caller, id: id)
        guard current.isLive else {
            throw FlowGateError.conflict("subscription-deleted", "Subscription '\(id)' was deleted (\(current.deletionReason ?? "deleted")); create a new one.")
        }
        try precondition.check(current: current.version)
        guard current.expirationDateTime > gateway.now() else {
            throw FlowGateError.conflict("subscription-deleted", "Subscription '\(id)' has expired; create a new one.")
        }
        try await handshake(renewal.notificationUrl ?? current.notificationUrl)
        let now = gateway.now()
        let expiry = now.addingTimeInterval(gateway.flowSettings.subscriptionLifetime)
        let renewed = try await gateway.store.updateFlow(RecordSubscription.self, id: current.id, precondition: precondition) { stored in
            guard stored.isLive, stored.expirationDateTime > now else {
                throw FlowGateError.conflict("subscription-deleted", "Subscription '\(id)' was deleted or expired meanwhile; create a new one.")
            }
            if let url = renewal.notificationUrl { stored.notificationUrl = url }
            switch renewal.clientState {
            case .absent: break
            case .null: stored.clientState = nil
            case .value(let state): stored.clientState = state
            }
            stored.expirationDateTime = expiry
            stored.lastModifiedAt = now
        }
        guard let renewed else { throw FlowGateError.notFound("Subscription '\(id)' does not exist.") }
        return renewed
    }

    public func unsubscribe(_ caller: Caller, id: String, precondition: VersionPrecondition) async throws {
        let current = try await subscription(caller, id: id)
        guard try await gateway.store.deleteFlow(RecordSubscription.self, id: current.id, precondition: precondition) else {
            throw FlowGateError.notFound("Subscription '\(id)' does not exist.")
        }
    }

    // MARK: The notifier

    /// Notifies every window that has been open for the delay at `now`; returns how many changes went out.
    public func notifyClosedWindows(at now: Date) async throws -> Int {
        let settings = gateway.flowSettings
        let outbox = gateway.outbox
        var notified = 0
        // Bounded: each round empties the windows it takes, and a window opened meanwhile is not due yet.
        for _ in 0..<100 {
            let due = try await gateway.store.dueRecordChangeWindows(openedBefore: now.addingTimeInterval(-settings.recordChangeDelay), limit: 100)
            guard !due.isEmpty else { break }
            for id in due {
                notified += try await gateway.store.flushRecordChanges(subscriptionId: id, now: now) { subscription, changes in
                    guard let subscription, !changes.isEmpty else { return [] }
                    let event = RecordsChanged(subscription: subscription, changes: changes, collectionThreshold: settings.collectionThreshold)
                    return outbox.messages(for: [event], at: now)
                }
            }
            outbox.messagesStored()
            if due.count < 100 { break }
        }
        return notified
    }

    /// Whether a change is notified as soon as it commits (a delay of 0).
    public var closesAtOnce: Bool { gateway.flowSettings.recordChangeDelay <= 0 }

    /// When the next window closes; nil when no change waits.
    public func nextWindowClose() async throws -> Date? {
        try await gateway.store.earliestRecordChangeWindow()?.addingTimeInterval(gateway.flowSettings.recordChangeDelay)
    }

    /// Deletes expired subscriptions (they receive nothing more) and forgets deleted ones past their retention.
    public func expire(at now: Date) async throws -> Int {
        try await gateway.store.expireRecordSubscriptions(
            now: now, forgetBefore: now.addingTimeInterval(-gateway.flowSettings.deletedSubscriptionRetention)
        )
    }

    // MARK: Helpers

    private func handshake(_ url: String) async throws {
        guard let transport = gateway.transport else {
            throw FlowGateError(.unavailable, type: "handshake-unavailable", detail: "This gateway cannot call notification URLs.")
        }
        try await SubscriptionHandshake(transport: transport, timeout: gateway.flowSettings.handshakeTimeout).validate(url)
    }

    /// The company and entity set a resource path names, if the caller's key reaches the company.
    private func resolve(_ resource: String, for caller: Caller) async throws -> (Company, EntitySet) {
        let parts = resource.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let invalid = FlowGateError.validation(
            field: "resource", "'\(resource)' is not a collection path such as /api/v1/companies/{company}/customers"
        )
        guard parts.count == 5, parts[0] == "api", parts[1] == "v1", parts[2] == "companies" else { throw invalid }
        guard let entitySet = EntitySet(rawValue: parts[4]) else {
            let known = EntitySet.allCases.map(\.rawValue).joined(separator: ", ")
            throw FlowGateError.validation(field: "resource", "unknown entity set '\(parts[4])'; the entity sets are \(known)")
        }
        let company: Company
        do {
            company = try await gateway.directory.company(parts[3].removingPercentEncoding ?? parts[3], for: caller)
        } catch let error as FlowGateError where error.kind == .notFound {
            throw FlowGateError.validation(field: "resource", "no company '\(parts[3])'")
        }
        return (company, entitySet)
    }
}
