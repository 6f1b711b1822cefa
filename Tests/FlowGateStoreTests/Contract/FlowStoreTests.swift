import FlowGateDelivery
import Foundation
import GRDB
import PostgresNIO
import Synchronization
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// The flow store contract on every backend: automated flows (record subscriptions and the record changes waiting
/// in their windows), instant flows and scheduled flows, with their secrets sealed and their messages' endpoints.
@Suite struct FlowStoreTests {
    /// When the subscriptions made by `newSubscription(_:)` expire: three days after `fixedDate`.
    static let lifetime: TimeInterval = 3 * 86_400

    /// An instant `seconds` after `fixedDate`.
    static func t(_ seconds: TimeInterval) -> Date { fixedDate.addingTimeInterval(seconds) }
    func t(_ seconds: TimeInterval) -> Date { Self.t(seconds) }

    // MARK: - Flows

    func newSubscription(
        _ company: Company, _ entitySet: EntitySet = .customers, expiresAt: Date? = nil, url: String = "https://flow.example/changes"
    ) -> RecordSubscription {
        RecordSubscription(
            companyId: company.id, entitySet: entitySet, notificationUrl: url, clientState: "client-state",
            expirationDateTime: expiresAt ?? fixedDate.addingTimeInterval(Self.lifetime), secret: WebhookSecret.generate().text, userId: "ALICE",
            createdAt: fixedDate
        )
    }

    func newInstantFlow(_ company: Company, name: String = "Send to review", enabled: Bool = true) -> InstantFlow {
        InstantFlow(
            companyId: company.id, name: name, description: "Asks for a review", target: .salesDocuments, notificationUrl: "https://flow.example/instant",
            inputs: [FlowInput(name: "comment", type: .string, required: true), FlowInput(name: "level", type: .choice, required: false, choices: ["a", "b"])],
            enabled: enabled, secret: WebhookSecret.generate().text, createdAt: fixedDate
        )
    }

    /// Every minute from `t(60)`, scheduled as created at `fixedDate`: first due at `t(60)`.
    func newScheduledFlow(_ company: Company, name: String = "Every minute", start: TimeInterval = 60, enabled: Bool = true) -> ScheduledFlow {
        var flow = ScheduledFlow(
            companyId: company.id, name: name, notificationUrl: "https://flow.example/scheduled",
            recurrence: Recurrence(frequency: .minute, interval: 1, startTime: t(start), timeZone: "UTC"), payload: .object(["n": .number(1)]),
            enabled: enabled, secret: WebhookSecret.generate().text, createdAt: fixedDate
        )
        flow.scheduleNext(after: fixedDate)
        return flow
    }

    // MARK: - Records

    func createRecord(_ store: any Store, _ company: Company, _ entitySet: EntitySet = .customers, at now: Date) async throws -> BusinessRecord {
        try await store.createRecord(
            companyId: company.id, entitySet: entitySet, changes: try changes(#"{"fields": {"name": "Adatum"}}"#, entitySet), now: now
        )
    }

    func updateRecord(_ store: any Store, _ record: BusinessRecord, _ name: String, at now: Date) async throws -> BusinessRecord {
        try await store.updateRecord(
            companyId: record.companyId, entitySet: record.entitySet, id: record.id,
            changes: try changes(#"{"fields": {"name": "\#(name)"}}"#, record.entitySet, creating: false), precondition: .none, now: now
        )
    }

    func deleteRecord(_ store: any Store, _ record: BusinessRecord, at now: Date) async throws {
        try await store.deleteRecord(companyId: record.companyId, entitySet: record.entitySet, id: record.id, precondition: .none, now: now) { _, _ in }
    }

    // MARK: - Messages

    /// A message to `flowId`, as the app makes one per notification or run.
    static func message(to flowId: UUID, companyId: UUID, id: UUID = UUID(), type: String = "flow.test", at now: Date) -> OutboxMessage {
        OutboxMessage(
            id: id, companyId: companyId, subscriptionId: flowId, sourceId: nil, eventType: type,
            payload: Array(#"{"value":[]}"#.utf8), createdAt: now
        )
    }

    /// A notifier that records what it was given and makes one message per change.
    final class Notifier: Sendable {
        struct Call: Sendable {
            let subscription: RecordSubscription?
            let changes: [PendingRecordChange]
        }

        let calls = Mutex<[Call]>([])
        let messages = Mutex<[OutboxMessage]>([])

        var received: [Call] { calls.withLock { $0 } }
        var made: [OutboxMessage] { messages.withLock { $0 } }

        func notify(at now: Date) -> @Sendable (RecordSubscription?, [PendingRecordChange]) throws -> [OutboxMessage] {
            { subscription, changes in
                self.calls.withLock { $0.append(Call(subscription: subscription, changes: changes)) }
                guard let subscription else { return [] }
                let made = changes.map { _ in
                    FlowStoreTests.message(to: subscription.id, companyId: subscription.companyId, type: "records.changed", at: now)
                }
                self.messages.withLock { $0 += made }
                return made
            }
        }
    }

    /// Fires a scheduled flow as the scheduler does, with a message of the given id.
    func fire(_ store: any Store, _ id: UUID, at now: Date, messageId: UUID = UUID()) async throws -> ScheduledFlowRun? {
        try await store.fireScheduledFlow(id: id, now: now) { flow in
            guard let firing = flow.firing(at: now, messageId: messageId) else { return nil }
            return (firing, Self.message(to: flow.id, companyId: flow.companyId, id: messageId, type: "flow.scheduled", at: now))
        }
    }

    func claim(_ store: any Store, at now: Date) async throws -> [DeliveryTask] {
        try await store.claimDueMessages(limit: 100, now: now, lease: DeliveryLease(owner: testInstance, until: now.addingTimeInterval(60)))
    }

    /// Every item of a paged list, following its cursors.
    func all<Item>(_ limit: Int = 2, _ list: (PageRequest) async throws -> Page<Item>) async throws -> [[Item]] {
        var pages: [[Item]] = []
        var request = PageRequest(limit: limit)
        while true {
            let page = try await list(request)
            pages.append(page.items)
            guard let cursor = page.nextCursor else { return pages }
            guard let position = PageCursor.decode(cursor) else {
                Issue.record("not a cursor: \(cursor)")
                return pages
            }
            request.after = position
            if pages.count > 100 { Issue.record("the cursor never ends"); return pages }
        }
    }

    /// The secret column and JSON body of a flow's row, read straight from the database.
    func storedRow(_ store: any Store, _ id: UUID) async throws -> (secret: String, body: String) {
        if let sqlite = store as? SQLiteStore {
            let row: (String, String)? = try await sqlite.writer.read { db in
                try Row.fetchOne(db, sql: "SELECT secret, body FROM flows WHERE id = ?", arguments: [id.storeKey]).map { ($0["secret"], $0["body"]) }
            }
            let found = try #require(row)
            return (found.0, found.1)
        }
        let postgres = try #require(store as? PostgresStore)
        let rows = try await postgres.run("SELECT secret, body FROM flows WHERE id = \(id.storeKey)").decode((String, String).self)
        let found = try #require(rows.first)
        return (found.0, found.1)
    }

    // MARK: - Create, read, update, delete

    /// Creates `flow`, reads and lists it, changes it with `change` under version preconditions, then deletes it.
    func lifeCycle<Flow: OutboundFlow & Equatable>(
        _ store: any Store, _ flow: Flow, change: @escaping @Sendable (inout Flow) -> Void, changed: (Flow) -> Bool
    ) async throws {
        let created = try await store.createFlow(flow, maximumPerCompany: nil)
        #expect(created == flow, "creating gives the flow back as made, its secret in clear for the one answer that shows it")

        let read = try #require(try await store.flow(Flow.self, id: flow.id))
        var expected = flow
        expected.secret = read.secret
        #expect(read == expected)
        #expect(read.version == 1)
        #expect(try await store.flows(Flow.self, FlowQuery(companyId: flow.companyId), PageRequest()).items == [read])
        #expect(try await store.flows(Flow.self, FlowQuery(), PageRequest()).items.map(\.id) == [flow.id])

        let updated = try #require(try await store.updateFlow(Flow.self, id: flow.id, precondition: .version(1), change))
        #expect(updated.version == 2 && changed(updated))
        #expect(try await store.flow(Flow.self, id: flow.id) == updated)
        #expect(try await store.flows(Flow.self, FlowQuery(), PageRequest()).items == [updated])

        // A stale version is refused and changes nothing.
        let stale = await flowGateError { _ = try await store.updateFlow(Flow.self, id: flow.id, precondition: .version(1), change) }
        #expect(stale?.kind == .preconditionFailed)
        #expect(await flowGateError { _ = try await store.deleteFlow(Flow.self, id: flow.id, precondition: .version(1)) }?.kind == .preconditionFailed)
        #expect(try await store.flow(Flow.self, id: flow.id) == updated)
        let again = try #require(try await store.updateFlow(Flow.self, id: flow.id, precondition: .exists, change))
        #expect(again.version == 3)

        #expect(try await store.deleteFlow(Flow.self, id: flow.id, precondition: .version(3)))
        #expect(try await store.flow(Flow.self, id: flow.id) == nil)
        #expect(try await store.flows(Flow.self, FlowQuery(includeDeleted: true), PageRequest()).items.isEmpty)
        #expect(try await !store.deleteFlow(Flow.self, id: flow.id, precondition: .none))
        #expect(await flowGateError { _ = try await store.deleteFlow(Flow.self, id: flow.id, precondition: .version(3)) }?.kind == .preconditionFailed)
        #expect(try await store.updateFlow(Flow.self, id: flow.id, precondition: .none, change) == nil)
        #expect(await flowGateError { _ = try await store.updateFlow(Flow.self, id: flow.id, precondition: .exists, change) }?.kind == .preconditionFailed)
    }

    @Test("A record subscription is created, read, listed, renewed under If-Match (412 when stale) and deleted", arguments: StoreBackend.all)
    func recordSubscriptionLifeCycle(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let renewedUntil = t(7 * 86_400)
            try await lifeCycle(store, newSubscription(company)) {
                $0.expirationDateTime = renewedUntil
                $0.clientState = nil
            } changed: { $0.expirationDateTime == renewedUntil && $0.clientState == nil }
        }
    }

    @Test("An instant flow is created, read, listed, changed under If-Match (412 when stale) and deleted", arguments: StoreBackend.all)
    func instantFlowLifeCycle(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await lifeCycle(store, newInstantFlow(company)) {
                $0.enabled = false
                $0.inputs = []
            } changed: { !$0.enabled && $0.inputs.isEmpty && !$0.isLive }
        }
    }

    @Test("A scheduled flow is created, read, listed, changed under If-Match (412 when stale) and deleted", arguments: StoreBackend.all)
    func scheduledFlowLifeCycle(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            try await lifeCycle(store, newScheduledFlow(company)) {
                $0.name = "Renamed"
                $0.payload = nil
            } changed: { $0.name == "Renamed" && $0.payload == nil }
        }
    }

    @Test("A flow id is taken once: creating it again is 409 and leaves the first", arguments: StoreBackend.all)
    func duplicateId(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let flow = try await store.createFlow(newInstantFlow(company), maximumPerCompany: nil)
            var copy = flow
            copy.name = "Copy"
            #expect(await flowGateError { _ = try await store.createFlow(copy, maximumPerCompany: nil) }?.kind == .conflict)
            #expect(try await store.flow(InstantFlow.self, id: flow.id)?.name == flow.name)
            #expect(try await store.flows(InstantFlow.self, FlowQuery(), PageRequest()).items.count == 1)
        }
    }

    @Test("Each kind is its own: a flow is found and listed only as its kind", arguments: StoreBackend.all)
    func kindsKeptApart(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let subscription = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            let instant = try await store.createFlow(newInstantFlow(company), maximumPerCompany: nil)
            let scheduled = try await store.createFlow(newScheduledFlow(company), maximumPerCompany: nil)
            #expect(try await store.flow(InstantFlow.self, id: subscription.id) == nil)
            #expect(try await store.flow(ScheduledFlow.self, id: instant.id) == nil)
            #expect(try await store.flow(RecordSubscription.self, id: scheduled.id) == nil)
            #expect(try await store.flows(RecordSubscription.self, FlowQuery(), PageRequest()).items.map(\.id) == [subscription.id])
            #expect(try await store.flows(InstantFlow.self, FlowQuery(), PageRequest()).items.map(\.id) == [instant.id])
            #expect(try await store.flows(ScheduledFlow.self, FlowQuery(), PageRequest()).items.map(\.id) == [scheduled.id])
            #expect(try await !store.deleteFlow(InstantFlow.self, id: subscription.id, precondition: .none))
            #expect(try await store.flow(RecordSubscription.self, id: subscription.id) != nil)
            #expect(try await !store.markRecordSubscriptionDeleted(id: instant.id, reason: "gone", at: t(1)))
        }
    }

    @Test("Lists are filtered by company or by the companies a key reaches, oldest first, and paged", arguments: StoreBackend.all)
    func listsFilteredAndPaged(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let cronus = try await store.makeCompany("CRONUS")
            let fabrikam = try await store.makeCompany("FABRIKAM")
            var ids: [UUID] = []
            for company in [cronus, fabrikam, cronus, cronus] {
                ids.append(try await store.createFlow(newInstantFlow(company), maximumPerCompany: nil).id)
            }
            let cronusIds = [ids[0], ids[2], ids[3]]
            #expect(try await store.flows(InstantFlow.self, FlowQuery(companyId: cronus.id), PageRequest()).items.map(\.id) == cronusIds)
            #expect(try await store.flows(InstantFlow.self, FlowQuery(companyIds: [fabrikam.id]), PageRequest()).items.map(\.id) == [ids[1]])
            #expect(try await store.flows(InstantFlow.self, FlowQuery(companyIds: []), PageRequest()).items.isEmpty)
            #expect(try await store.flows(InstantFlow.self, FlowQuery(companyId: fabrikam.id, companyIds: [cronus.id]), PageRequest()).items.isEmpty)
            #expect(try await store.flows(InstantFlow.self, FlowQuery(), PageRequest()).items.map(\.id) == ids)
            let pages = try await all(2) { try await store.flows(InstantFlow.self, FlowQuery(companyId: cronus.id), $0) }
            #expect(pages.map { $0.map(\.id) } == [[ids[0], ids[2]], [ids[3]]])
        }
    }

    // MARK: - The per-company limit

    @Test("A company has at most maximumPerCompany live flows of a kind: one more is 409 too-many-subscriptions", arguments: StoreBackend.all)
    func perCompanyLimit(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let cronus = try await store.makeCompany("CRONUS")
            let fabrikam = try await store.makeCompany("FABRIKAM")
            let first = try await store.createFlow(newSubscription(cronus), maximumPerCompany: 2)
            let second = try await store.createFlow(newSubscription(cronus, .vendors), maximumPerCompany: 2)
            let error = await flowGateError { _ = try await store.createFlow(newSubscription(cronus), maximumPerCompany: 2) }
            #expect(error?.kind == .conflict && error?.type == "too-many-subscriptions")
            #expect(try await store.flows(RecordSubscription.self, FlowQuery(includeDeleted: true), PageRequest()).items.map(\.id) == [first.id, second.id])

            // Other companies and other kinds have places of their own; no limit is no limit.
            _ = try await store.createFlow(newSubscription(fabrikam), maximumPerCompany: 2)
            _ = try await store.createFlow(newInstantFlow(cronus), maximumPerCompany: 2)
            _ = try await store.createFlow(newSubscription(cronus), maximumPerCompany: nil)

            // Deleted subscriptions, kept for the includeDeleted list, do not count; removed ones neither.
            let third = try await store.flows(RecordSubscription.self, FlowQuery(companyId: cronus.id), PageRequest()).items[2]
            #expect(try await store.markRecordSubscriptionDeleted(id: first.id, reason: "gone", at: t(10)))
            #expect(try await store.deleteFlow(RecordSubscription.self, id: third.id, precondition: .none))
            let replacement = try await store.createFlow(newSubscription(cronus), maximumPerCompany: 2)
            #expect(await flowGateError { _ = try await store.createFlow(newSubscription(cronus), maximumPerCompany: 2) }?.type == "too-many-subscriptions")
            #expect(try await store.flows(RecordSubscription.self, FlowQuery(companyId: cronus.id), PageRequest()).items.map(\.id) == [second.id, replacement.id])
        }
    }

    @Test("Creations racing for a company's last places: exactly the limit succeed", arguments: StoreBackend.all)
    func perCompanyLimitUnderRace(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let candidates = (0..<6).map { _ in newSubscription(company) }
            let created = try await withThrowingTaskGroup(of: Bool.self) { group in
                for candidate in candidates {
                    group.addTask {
                        do {
                            _ = try await store.createFlow(candidate, maximumPerCompany: 3)
                            return true
                        } catch let error as FlowGateError where error.type == "too-many-subscriptions" {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(created == 3)
            #expect(try await store.flows(RecordSubscription.self, FlowQuery(), PageRequest()).items.count == 3)
        }
    }

    // MARK: - Secrets

    @Test("A flow's secret is sealed at rest; the endpoint of its claimed message signs with the clear one", arguments: StoreBackend.all)
    func secretsSealed(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let automated = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            let instant = try await store.createFlow(newInstantFlow(company), maximumPerCompany: nil)
            let scheduled = try await store.createFlow(newScheduledFlow(company), maximumPerCompany: nil)
            let flows: [(id: UUID, secret: String)] = [
                (automated.id, automated.secret), (instant.id, instant.secret), (scheduled.id, scheduled.secret),
            ]
            // A change rewrites the row: the secret must stay sealed through it.
            _ = try await store.updateFlow(InstantFlow.self, id: flows[1].id, precondition: .none) { $0.name = "Renamed" }

            for flow in flows {
                #expect(flow.secret.hasPrefix("whsec_"))
                let key = String(flow.secret.dropFirst("whsec_".count))
                let row = try await storedRow(store, flow.id)
                #expect(row.secret.hasPrefix("v1."), "the column holds the sealed secret")
                for text in [flow.secret, key, key.replacingOccurrences(of: "/", with: "\\/")] {
                    #expect(!row.secret.contains(text) && !row.body.contains(text), "the secret is stored in clear")
                }
            }

            try await store.enqueue(flows.map { Self.message(to: $0.id, companyId: company.id, at: t(1)) })
            let claimed = try await claim(store, at: t(1))
            #expect(claimed.count == 3)
            for flow in flows {
                let endpoint = try #require(claimed.first { $0.message.subscriptionId == flow.id }?.endpoint)
                #expect(endpoint.secrets == [try WebhookSecret(flow.secret)])
            }
        }
    }

    // MARK: - Endpoints

    @Test("A flow's message goes to its URL; record subscriptions are judged by the API webhook rules, other flows by Flow's", arguments: StoreBackend.all)
    func endpoints(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let subscription = try await store.createFlow(newSubscription(company, url: "https://flow.example/changes"), maximumPerCompany: nil)
            let instant = try await store.createFlow(newInstantFlow(company), maximumPerCompany: nil)
            let scheduled = try await store.createFlow(newScheduledFlow(company), maximumPerCompany: nil)
            try await store.enqueue([subscription.id, instant.id, scheduled.id].map { Self.message(to: $0, companyId: company.id, at: t(1)) })
            let endpoints = try await claim(store, at: t(1)).map(\.endpoint)
            #expect(
                endpoints == [
                    DeliveryEndpoint(
                        subscriptionId: subscription.id, url: "https://flow.example/changes", secrets: [try WebhookSecret(subscription.secret)],
                        failureRules: .apiWebhook
                    ),
                    DeliveryEndpoint(
                        subscriptionId: instant.id, url: "https://flow.example/instant", secrets: [try WebhookSecret(instant.secret)], failureRules: .flow
                    ),
                    DeliveryEndpoint(
                        subscriptionId: scheduled.id, url: "https://flow.example/scheduled", secrets: [try WebhookSecret(scheduled.secret)],
                        failureRules: .flow
                    ),
                ]
            )
        }
    }

    @Test("A message of a flow that is disabled, deleted or expired has no endpoint", arguments: StoreBackend.all)
    func endpointsOfFlowsThatCannotReceive(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let expiring = try await store.createFlow(newSubscription(company, expiresAt: t(100)), maximumPerCompany: nil)
            let deleted = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            let disabled = try await store.createFlow(newInstantFlow(company, enabled: false), maximumPerCompany: nil)
            let disabledSchedule = try await store.createFlow(newScheduledFlow(company, enabled: false), maximumPerCompany: nil)
            let removed = try await store.createFlow(newInstantFlow(company), maximumPerCompany: nil)
            #expect(try await store.markRecordSubscriptionDeleted(id: deleted.id, reason: "refused", at: t(1)))
            #expect(try await store.deleteFlow(InstantFlow.self, id: removed.id, precondition: .none))

            try await store.enqueue([
                Self.message(to: expiring.id, companyId: company.id, at: t(10)),
                Self.message(to: expiring.id, companyId: company.id, at: t(100)),
            ])
            let beforeExpiry = try await claim(store, at: t(10))
            #expect(beforeExpiry.map { $0.endpoint?.subscriptionId } == [expiring.id])

            try await store.enqueue([deleted.id, disabled.id, disabledSchedule.id, removed.id].map { Self.message(to: $0, companyId: company.id, at: t(100)) })
            // The message claimed before the expiry is claimed again (its lease ran out): now it has no endpoint either.
            let afterExpiry = try await claim(store, at: t(100))
            #expect(afterExpiry.count == 6)
            #expect(afterExpiry.allSatisfy { $0.endpoint == nil })
        }
    }

    // MARK: - Record changes

    @Test(
        "A record created, updated twice and deleted in one window comes to one change that was created and deleted",
        arguments: StoreBackend.all
    )
    func changesCoalesced(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let subscription = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            #expect(try await store.earliestRecordChangeWindow() == nil)
            let record = try await createRecord(store, company, at: t(10))
            _ = try await updateRecord(store, record, "Adatum Ltd", at: t(20))
            _ = try await updateRecord(store, record, "Adatum plc", at: t(30))
            try await deleteRecord(store, record, at: t(40))

            #expect(try await store.earliestRecordChangeWindow() == t(10))
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(9), limit: 10).isEmpty)
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(10), limit: 10) == [subscription.id])

            let notifier = Notifier()
            #expect(try await store.flushRecordChanges(subscriptionId: subscription.id, now: t(70), notify: notifier.notify(at: t(70))) == 1)
            let call = try #require(notifier.received.first)
            #expect(notifier.received.count == 1)
            #expect(call.subscription?.id == subscription.id)
            #expect(call.changes == [PendingRecordChange(recordId: record.id, created: true, deleted: true, lastModifiedAt: t(40), firstChangedAt: t(10))])
            #expect(call.changes.first?.changeTypes == [.created, .deleted])

            // The window is empty now.
            #expect(try await store.earliestRecordChangeWindow() == nil)
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 10).isEmpty)
            #expect(try await store.flushRecordChanges(subscriptionId: subscription.id, now: t(80), notify: Notifier().notify(at: t(80))) == 0)
        }
    }

    @Test("Changes of several records wait side by side; updates alone come to an update; a workflow's change counts", arguments: StoreBackend.all)
    func severalRecords(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let existing = try await createRecord(store, company, at: t(1))  // before the subscription: not in its window
            let workflowChanged = try await createRecord(store, company, at: t(2))
            let subscription = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            let created = try await createRecord(store, company, at: t(20))
            _ = try await updateRecord(store, existing, "Changed", at: t(10))
            _ = try await updateRecord(store, existing, "Changed again", at: t(30))
            let snapshot = try #require(try await store.workflowSnapshot(companyId: company.id, entitySet: .customers, recordId: workflowChanged.id))
            var change = outcome(snapshot.record)
            (change.recordChanged, change.decidedAt) = (true, t(25))
            _ = try await store.apply(change)

            let notifier = Notifier()
            #expect(try await store.flushRecordChanges(subscriptionId: subscription.id, now: t(90), notify: notifier.notify(at: t(90))) == 3)
            let changes = try #require(notifier.received.first?.changes)
            #expect(
                changes == [
                    PendingRecordChange(recordId: existing.id, created: false, deleted: false, lastModifiedAt: t(30), firstChangedAt: t(10)),
                    PendingRecordChange(recordId: created.id, created: true, deleted: false, lastModifiedAt: t(20), firstChangedAt: t(20)),
                    PendingRecordChange(recordId: workflowChanged.id, created: false, deleted: false, lastModifiedAt: t(25), firstChangedAt: t(25)),
                ]
            )
            #expect(changes.map(\.changeTypes) == [[.updated], [.created], [.updated]])
        }
    }

    @Test("A change of another entity set or another company is not captured; every subscription to the set is", arguments: StoreBackend.all)
    func onlyWatchedChangesCaptured(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let cronus = try await store.makeCompany("CRONUS")
            let fabrikam = try await store.makeCompany("FABRIKAM")
            let customers = try await store.createFlow(newSubscription(cronus), maximumPerCompany: nil)
            let alsoCustomers = try await store.createFlow(newSubscription(cronus), maximumPerCompany: nil)
            let vendors = try await store.createFlow(newSubscription(fabrikam, .vendors), maximumPerCompany: nil)

            _ = try await createRecord(store, cronus, .vendors, at: t(10))
            _ = try await createRecord(store, fabrikam, .customers, at: t(10))
            _ = try await createRecord(store, cronus, .items, at: t(10))
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 10).isEmpty)
            #expect(try await store.earliestRecordChangeWindow() == nil)

            _ = try await createRecord(store, cronus, .customers, at: t(20))
            _ = try await createRecord(store, fabrikam, .vendors, at: t(30))
            let due = try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 10)
            #expect(Set(due) == [customers.id, alsoCustomers.id, vendors.id])
            #expect(due.last == vendors.id, "windows come earliest first")
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(20), limit: 10).count == 2)
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 1).count == 1)
        }
    }

    @Test("A refused write captures nothing: the change is noted in the write's own transaction", arguments: StoreBackend.all)
    func refusedWriteCapturesNothing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let record = try await createRecord(store, company, at: t(1))
            _ = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            let stale = await flowGateError {
                _ = try await store.updateRecord(
                    companyId: company.id, entitySet: .customers, id: record.id,
                    changes: try changes(#"{"fields": {"name": "Stale"}}"#, .customers, creating: false), precondition: .version(7), now: t(10)
                )
            }
            #expect(stale?.kind == .preconditionFailed)
            let refused = await flowGateError {
                try await store.deleteRecord(companyId: company.id, entitySet: .customers, id: record.id, precondition: .none, now: t(11)) { _, _ in
                    throw FlowGateError.conflict("refused", "not now")
                }
            }
            #expect(refused?.type == "refused")
            #expect(try await store.earliestRecordChangeWindow() == nil)
        }
    }

    @Test("Record writes racing with flushes: every record is notified, each creation exactly once", arguments: StoreBackend.all)
    func writesRacingFlushes(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let subscription = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            let notifier = Notifier()
            let flush: @Sendable () async throws -> Int = {
                try await store.flushRecordChanges(subscriptionId: subscription.id, now: Self.t(1000), notify: notifier.notify(at: Self.t(1000)))
            }
            let records = try await withThrowingTaskGroup(of: [UUID].self) { group in
                group.addTask {
                    var ids: [UUID] = []
                    for index in 0..<10 {
                        let at = Double(index * 10)
                        let record = try await createRecord(store, company, at: t(at + 1))
                        _ = try await updateRecord(store, record, "First", at: t(at + 2))
                        _ = try await updateRecord(store, record, "Second", at: t(at + 3))
                        ids.append(record.id)
                    }
                    return ids
                }
                for _ in 0..<2 {
                    group.addTask {
                        for _ in 0..<15 { _ = try await flush() }
                        return []
                    }
                }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            _ = try await flush()

            let notified = notifier.received.flatMap(\.changes)
            #expect(Set(notified.map(\.recordId)) == Set(records))
            let creations = notified.filter(\.created).map(\.recordId)
            #expect(creations.count == records.count && Set(creations) == Set(records))
            #expect(notified.allSatisfy { !$0.deleted })
            #expect(try await store.earliestRecordChangeWindow() == nil)
        }
    }

    @Test("A deleted, removed or expired subscription captures nothing; deleting one drops its waiting changes", arguments: StoreBackend.all)
    func goneSubscriptionsCaptureNothing(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let deleted = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            let removed = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            _ = try await store.createFlow(newSubscription(company, expiresAt: t(10)), maximumPerCompany: nil)
            _ = try await createRecord(store, company, at: t(5))
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 10).count == 3)

            #expect(try await store.markRecordSubscriptionDeleted(id: deleted.id, reason: "refused", at: t(6)))
            #expect(try await store.deleteFlow(RecordSubscription.self, id: removed.id, precondition: .none))
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 10).count == 1)

            // At its expiry, not yet marked deleted, a subscription already captures nothing more.
            let notifier = Notifier()
            for id in try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 10) {
                _ = try await store.flushRecordChanges(subscriptionId: id, now: t(9), notify: notifier.notify(at: t(9)))
            }
            _ = try await createRecord(store, company, at: t(10))
            _ = try await createRecord(store, company, at: t(20))
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 10).isEmpty)
        }
    }

    @Test("A flush stores the messages the notifier makes; they are claimed with the subscription's endpoint and API webhook rules", arguments: StoreBackend.all)
    func flushStoresMessages(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let subscription = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            _ = try await createRecord(store, company, at: t(10))
            _ = try await createRecord(store, company, at: t(11))
            let notifier = Notifier()
            #expect(try await store.flushRecordChanges(subscriptionId: subscription.id, now: t(70), notify: notifier.notify(at: t(70))) == 2)
            #expect(notifier.made.count == 2)

            let claimed = try await claim(store, at: t(70))
            #expect(Set(claimed.map(\.message.id)) == Set(notifier.made.map(\.id)))
            for task in claimed {
                #expect(task.message.eventType == "records.changed" && task.message.status == .pending)
                #expect(
                    task.endpoint
                        == DeliveryEndpoint(
                            subscriptionId: subscription.id, url: subscription.notificationUrl, secrets: [try WebhookSecret(subscription.secret)],
                            failureRules: .apiWebhook
                        )
                )
                #expect(try await store.delivery(id: task.message.id)?.message.subscriptionId == subscription.id)
            }
        }
    }

    @Test("A flush of a subscription expired by now passes nil to the notifier and still takes the changes", arguments: StoreBackend.all)
    func flushOfExpiredSubscription(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let subscription = try await store.createFlow(newSubscription(company, expiresAt: t(50)), maximumPerCompany: nil)
            let record = try await createRecord(store, company, at: t(10))
            let notifier = Notifier()
            #expect(try await store.flushRecordChanges(subscriptionId: subscription.id, now: t(50), notify: notifier.notify(at: t(50))) == 1)
            let call = try #require(notifier.received.first)
            #expect(call.subscription == nil)
            #expect(call.changes.map(\.recordId) == [record.id])
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 10).isEmpty)
            #expect(try await claim(store, at: t(50)).isEmpty)
        }
    }

    @Test("A flush of a subscription that no longer exists passes nil", arguments: StoreBackend.all)
    func flushOfUnknownSubscription(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let notifier = Notifier()
            #expect(try await store.flushRecordChanges(subscriptionId: UUID(), now: t(50), notify: notifier.notify(at: t(50))) == 0)
            #expect(notifier.received.allSatisfy { $0.subscription == nil })
        }
    }

    @Test("Flushes racing for one window take each change once", arguments: StoreBackend.all)
    func concurrentFlushes(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let subscription = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            var records: [UUID] = []
            for index in 0..<20 { records.append(try await createRecord(store, company, at: t(10 + Double(index))).id) }

            let notifier = Notifier()
            let taken = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await store.flushRecordChanges(subscriptionId: subscription.id, now: t(90), notify: notifier.notify(at: t(90))) }
                }
                return try await group.reduce(0, +)
            }
            #expect(taken == 20)
            let notified = notifier.received.flatMap(\.changes).map(\.recordId)
            #expect(notified.count == 20 && Set(notified) == Set(records))
            #expect(try await claim(store, at: t(90)).count == 20)
        }
    }

    // MARK: - Expiry and deletion

    @Test("Expiry marks expired subscriptions deleted with reason 'expired'; includeDeleted shows them, then they are forgotten", arguments: StoreBackend.all)
    func expiry(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let expiring = try await store.createFlow(newSubscription(company, expiresAt: t(100)), maximumPerCompany: nil)
            let lasting = try await store.createFlow(newSubscription(company, expiresAt: t(1000)), maximumPerCompany: nil)
            _ = try await createRecord(store, company, at: t(50))

            #expect(try await store.expireRecordSubscriptions(now: t(99), forgetBefore: t(0)) == 0)
            #expect(try await store.expireRecordSubscriptions(now: t(100), forgetBefore: t(0)) == 1)
            let expired = try #require(try await store.flow(RecordSubscription.self, id: expiring.id))
            #expect(expired.deletedAt == t(100) && expired.deletionReason == "expired" && expired.deletionReason == RecordSubscription.expiredReason)
            #expect(!expired.isLive && expired.version == 2)
            #expect(try await store.flows(RecordSubscription.self, FlowQuery(includeDeleted: false), PageRequest()).items.map(\.id) == [lasting.id])
            let everything = try await store.flows(RecordSubscription.self, FlowQuery(companyId: company.id, includeDeleted: true), PageRequest()).items
            #expect(everything.map(\.id) == [expiring.id, lasting.id])
            #expect(everything.first == expired)
            // Its waiting changes went with it; the lasting subscription keeps its own.
            #expect(try await store.dueRecordChangeWindows(openedBefore: t(1000), limit: 10) == [lasting.id])

            // Expiring again finds nothing new; a deleted subscription is forgotten once older than forgetBefore.
            #expect(try await store.expireRecordSubscriptions(now: t(200), forgetBefore: t(99)) == 0)
            #expect(try await store.flow(RecordSubscription.self, id: expiring.id) != nil)
            #expect(try await store.expireRecordSubscriptions(now: t(200), forgetBefore: t(100)) == 0)
            #expect(try await store.flow(RecordSubscription.self, id: expiring.id) == nil)
            #expect(try await store.flows(RecordSubscription.self, FlowQuery(includeDeleted: true), PageRequest()).items.map(\.id) == [lasting.id])
        }
    }

    @Test("Marking a subscription deleted keeps it with its reason; the second time it returns false", arguments: StoreBackend.all)
    func markDeleted(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let subscription = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            #expect(try await store.markRecordSubscriptionDeleted(id: subscription.id, reason: "The receiver answered 404.", at: t(5)))
            #expect(try await !store.markRecordSubscriptionDeleted(id: subscription.id, reason: "again", at: t(6)))
            #expect(try await !store.markRecordSubscriptionDeleted(id: UUID(), reason: "none", at: t(6)))
            let stored = try #require(try await store.flow(RecordSubscription.self, id: subscription.id))
            #expect(stored.deletedAt == t(5) && stored.deletionReason == "The receiver answered 404." && stored.version == 2)
            #expect(try await store.flows(RecordSubscription.self, FlowQuery(), PageRequest()).items.isEmpty)
            #expect(try await store.flows(RecordSubscription.self, FlowQuery(includeDeleted: true), PageRequest()).items == [stored])
            // Expiry leaves an already deleted subscription as it was.
            #expect(try await store.expireRecordSubscriptions(now: t(Self.lifetime + 1), forgetBefore: t(0)) == 0)
            #expect(try await store.flow(RecordSubscription.self, id: subscription.id)?.deletionReason == "The receiver answered 404.")
        }
    }

    // MARK: - Scheduled flows

    @Test("A scheduled flow is due from its next slot on; disabled ones never; the earliest first, up to the limit", arguments: StoreBackend.all)
    func dueScheduledFlows(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            #expect(try await store.nextScheduledFlowDue() == nil)
            let later = try await store.createFlow(newScheduledFlow(company, name: "later", start: 120), maximumPerCompany: nil)
            let sooner = try await store.createFlow(newScheduledFlow(company, name: "sooner", start: 60), maximumPerCompany: nil)
            _ = try await store.createFlow(newScheduledFlow(company, name: "off", start: 30, enabled: false), maximumPerCompany: nil)
            _ = try await store.createFlow(newSubscription(company), maximumPerCompany: nil)
            _ = try await store.createFlow(newInstantFlow(company), maximumPerCompany: nil)

            #expect(try await store.nextScheduledFlowDue() == t(60))
            #expect(try await store.dueScheduledFlows(now: t(59), limit: 10).isEmpty)
            #expect(try await store.dueScheduledFlows(now: t(60), limit: 10) == [sooner.id])
            #expect(try await store.dueScheduledFlows(now: t(1000), limit: 10) == [sooner.id, later.id])
            #expect(try await store.dueScheduledFlows(now: t(1000), limit: 1) == [sooner.id])

            // Disabling takes a flow off the schedule.
            _ = try await store.updateFlow(ScheduledFlow.self, id: sooner.id, precondition: .none) { $0.enabled = false }
            #expect(try await store.dueScheduledFlows(now: t(1000), limit: 10) == [later.id])
            #expect(try await store.nextScheduledFlowDue() == t(120))
        }
    }

    @Test("Firing records the run, its message and the next slot, once per slot", arguments: StoreBackend.all)
    func fireOncePerSlot(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let flow = try await store.createFlow(newScheduledFlow(company), maximumPerCompany: nil)
            let firstMessage = UUID()
            let run = try #require(try await fire(store, flow.id, at: t(61), messageId: firstMessage))
            #expect(
                run == ScheduledFlowRun(flowId: flow.id, companyId: company.id, scheduledFor: t(60), firedAt: t(61), late: false, skipped: 0, messageId: firstMessage)
            )
            let stored = try #require(try await store.flow(ScheduledFlow.self, id: flow.id))
            #expect(stored.lastSlot == t(60) && stored.nextRunAt == t(120) && stored.version == 2)
            #expect(try await store.dueScheduledFlows(now: t(61), limit: 10).isEmpty)
            #expect(try await store.nextScheduledFlowDue() == t(120))

            // Again at the same instant: nothing is due, nothing fires.
            let secondMessage = UUID()
            #expect(try await fire(store, flow.id, at: t(61), messageId: secondMessage) == nil)
            // A firing of the same slot made from a stale read of the flow (as another instance might) is refused.
            let staleMessage = UUID()
            let stale = try #require(flow.firing(at: t(61), messageId: staleMessage))
            let refused = try await store.fireScheduledFlow(id: flow.id, now: t(61)) { _ in
                (stale, Self.message(to: flow.id, companyId: company.id, id: staleMessage, at: t(61)))
            }
            #expect(refused == nil)

            #expect(try await store.delivery(id: firstMessage)?.message.subscriptionId == flow.id)
            #expect(try await store.delivery(id: secondMessage) == nil)
            #expect(try await store.delivery(id: staleMessage) == nil)
            #expect(try await claim(store, at: t(61)).map(\.message.id) == [firstMessage])
            #expect(try await store.scheduledFlowRuns(flowId: flow.id, PageRequest()).items.map(\.run) == [run])

            // An unknown flow fires nothing.
            #expect(try await fire(store, UUID(), at: t(61)) == nil)
        }
    }

    @Test("Runs are listed newest first, paged, each with its message's delivery status", arguments: StoreBackend.all)
    func runsListed(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let flow = try await store.createFlow(newScheduledFlow(company), maximumPerCompany: nil)
            var runs: [ScheduledFlowRun] = []
            for now in [t(60), t(120), t(180), t(400)] {
                runs.append(try #require(try await fire(store, flow.id, at: now)))
            }
            // The last one came after an outage: the 360 s slot, late, the 240 s and 300 s slots skipped.
            #expect(runs[3].scheduledFor == t(360) && runs[3].late && runs[3].skipped == 2)

            let first = try await store.scheduledFlowRuns(flowId: flow.id, PageRequest())
            #expect(first.items.map(\.run) == runs.reversed())
            #expect(first.items.allSatisfy { $0.status == .pending })
            #expect(first.nextCursor == nil)

            let pages = try await all(3) { try await store.scheduledFlowRuns(flowId: flow.id, $0) }
            #expect(pages.map { $0.map(\.run.scheduledFor) } == [[t(360), t(180), t(120)], [t(60)]])

            // The first run's message is delivered, the second's failed.
            _ = try await claim(store, at: t(400))
            try await store.record(
                [
                    DeliveryResult(messageId: runs[0].messageId, attempt: nil, next: .delivered(at: t(401))),
                    DeliveryResult(messageId: runs[1].messageId, attempt: nil, next: .failed(reason: "gone")),
                ],
                owner: testInstance
            )
            let statuses = try await store.scheduledFlowRuns(flowId: flow.id, PageRequest()).items.map(\.status)
            #expect(statuses == [.pending, .pending, .failed, .delivered])

            #expect(try await store.scheduledFlowRuns(flowId: UUID(), PageRequest()).items.isEmpty)
            // Deleting the flow forgets its runs.
            #expect(try await store.deleteFlow(ScheduledFlow.self, id: flow.id, precondition: .none))
            #expect(try await store.scheduledFlowRuns(flowId: flow.id, PageRequest()).items.isEmpty)
        }
    }

    @Test("Instances firing one due flow at once record exactly one run and one message", arguments: StoreBackend.all)
    func concurrentFiring(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let flow = try await store.createFlow(newScheduledFlow(company), maximumPerCompany: nil)
            for (round, now) in [t(61), t(121), t(181)].enumerated() {
                let runs = try await withThrowingTaskGroup(of: ScheduledFlowRun?.self) { group in
                    for _ in 0..<4 { group.addTask { try await fire(store, flow.id, at: now) } }
                    return try await group.reduce(into: [ScheduledFlowRun]()) { if let run = $1 { $0.append(run) } }
                }
                #expect(runs.count == 1, "round \(round)")
            }
            let recorded = try await store.scheduledFlowRuns(flowId: flow.id, PageRequest()).items.map(\.run.scheduledFor)
            #expect(recorded == [t(180), t(120), t(60)])
            #expect(try await claim(store, at: t(200)).count == 3)
        }
    }

    @Test("An instant flow's run is enqueued on its own", arguments: StoreBackend.all)
    func enqueue(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let company = try await store.makeCompany()
            let flow = try await store.createFlow(newInstantFlow(company), maximumPerCompany: nil)
            try await store.enqueue([])
            let message = Self.message(to: flow.id, companyId: company.id, type: "flow.instant", at: t(5))
            try await store.enqueue([message])
            #expect(try await store.delivery(id: message.id)?.message == message)
            #expect(try await claim(store, at: t(5)).map(\.message.id) == [message.id])
        }
    }
}
