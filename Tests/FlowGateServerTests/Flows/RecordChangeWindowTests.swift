import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import FlowGateStore
import Foundation
import Testing

/// Record-change windows with an injected clock: they close after the delay, survive a restart, and are sent
/// once, by one of several instances.
@Suite("Record-change windows")
struct RecordChangeWindowTests {
    static let t0 = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z

    /// A live subscription to the company's customers, stored directly (the handshake is tested over HTTP).
    static func subscribe(_ store: any Store, company: Company, lifetime: TimeInterval = 3 * 24 * 3600) async throws -> RecordSubscription {
        let subscription = RecordSubscription(
            companyId: company.id, entitySet: .customers, notificationUrl: "https://example.com/hook", clientState: "state",
            expirationDateTime: t0.addingTimeInterval(lifetime), secret: WebhookSecret.generate().text, userId: "SHOPAPP", createdAt: t0
        )
        return try await store.createFlow(subscription, maximumPerCompany: nil)
    }

    static func customer(_ name: String) throws -> RecordChanges {
        try RecordChanges.parse(["fields": .object(["name": .string(name)])], entitySet: .customers, creating: true)
    }

    static func gateway(_ store: any Store, _ clock: TestClock, delay: TimeInterval = 30) -> Gateway {
        var settings = FlowSettings()
        settings.recordChangeDelay = delay
        return Gateway(store: store, outbox: Outbox(baseURL: "http://127.0.0.1"), flowSettings: settings, now: { clock.now })
    }

    static func messages(_ store: any Store) async throws -> [OutboxMessage] {
        try await store.deliveries(DeliveryQuery(), PageRequest(limit: 1000)).items.filter { $0.eventType == RecordsChanged.type }
    }

    @Test("A window closes after the delay, survives a restart, and is sent once", arguments: TestBackend.all)
    func durableWindow(backend: TestBackend) async throws {
        let test = try await TestGateway.make(backend)
        defer { test.remove() }
        do {
            let clock = TestClock(Self.t0)
            let company = try #require(try await test.store.company(idOrName: "CRONUS"))
            var gateway = Self.gateway(test.store, clock)
            let subscription = try await Self.subscribe(test.store, company: company)
            let created = try await gateway.records.create(company: company, entitySet: .customers, changes: try Self.customer("Alpha"))
            clock.set(Self.t0.addingTimeInterval(10))
            _ = try await gateway.records.create(company: company, entitySet: .customers, changes: try Self.customer("Beta"))
            #expect(try await gateway.recordSubscriptions.notifyClosedWindows(at: clock.now) == 0)
            #expect(try await gateway.recordSubscriptions.nextWindowClose() == Self.t0.addingTimeInterval(30))

            // A restart: the window is in the database.
            let reopened = try await test.storeConfiguration.open()
            gateway = Self.gateway(reopened, clock)
            clock.set(Self.t0.addingTimeInterval(29))
            #expect(try await gateway.recordSubscriptions.notifyClosedWindows(at: clock.now) == 0)
            clock.set(Self.t0.addingTimeInterval(30))
            #expect(try await gateway.recordSubscriptions.notifyClosedWindows(at: clock.now) == 2)
            #expect(try await gateway.recordSubscriptions.notifyClosedWindows(at: clock.now) == 0)
            let messages = try await Self.messages(reopened)
            #expect(messages.count == 1 && messages.first?.subscriptionId == subscription.id)
            let body = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(messages.first).payload))
            guard case .object(let fields) = body, case .array(let items) = fields["value"] else {
                Issue.record("not a notification: \(body)")
                return
            }
            #expect(items.count == 2)
            #expect(items.first == .object([
                "subscriptionId": .string(subscription.id.uuidString.lowercased()), "clientState": "state",
                "expirationDateTime": .string(subscription.expirationDateTime.formatted(.iso8601)),
                "resource": .string("/api/v1/companies/\(company.id.uuidString.lowercased())/customers/\(created.id.uuidString.lowercased())"),
                "changeType": "created", "lastModifiedDateTime": .string(Self.t0.formatted(.iso8601)),
            ]))

            // The next change opens a new window.
            clock.set(Self.t0.addingTimeInterval(40))
            _ = try await gateway.records.update(
                Caller(user: User(userName: "SHOPAPP", createdAt: Self.t0), role: .integration, keyId: UUID()), company: company,
                entitySet: .customers, id: created.id,
                changes: try RecordChanges.parse(["fields": .object(["name": "Alpha 2"])], entitySet: .customers, creating: false), precondition: .none
            )
            #expect(try await gateway.recordSubscriptions.nextWindowClose() == Self.t0.addingTimeInterval(70))
        } catch {
            await test.dropDatabase()
            throw error
        }
        await test.dropDatabase()
    }

    @Test("An expired subscription is deleted with reason 'expired' and its window is not sent", arguments: TestBackend.all)
    func expiry(backend: TestBackend) async throws {
        let test = try await TestGateway.make(backend)
        defer { test.remove() }
        do {
            let clock = TestClock(Self.t0)
            let company = try #require(try await test.store.company(idOrName: "CRONUS"))
            let gateway = Self.gateway(test.store, clock)
            let subscription = try await Self.subscribe(test.store, company: company, lifetime: 60)
            _ = try await gateway.records.create(company: company, entitySet: .customers, changes: try Self.customer("Alpha"))
            clock.set(Self.t0.addingTimeInterval(61))
            #expect(try await gateway.recordSubscriptions.notifyClosedWindows(at: clock.now) == 1)
            #expect(try await Self.messages(test.store).isEmpty, "an expired subscription receives nothing")
            #expect(try await gateway.recordSubscriptions.expire(at: clock.now) == 1)
            let stored = try #require(try await test.store.flow(RecordSubscription.self, id: subscription.id))
            #expect(stored.deletedAt == clock.now && stored.deletionReason == RecordSubscription.expiredReason)
            _ = try await gateway.records.create(company: company, entitySet: .customers, changes: try Self.customer("Beta"))
            #expect(try await gateway.recordSubscriptions.nextWindowClose() == nil, "nothing is captured for it any more")
        } catch {
            await test.dropDatabase()
            throw error
        }
        await test.dropDatabase()
    }

    @Test("Two instances notifying the same windows at once send each change once")
    func severalInstances() async throws {
        let test = try await TestGateway.make(.postgres)
        defer { test.remove() }
        do {
            let clock = TestClock(Self.t0)
            let company = try #require(try await test.store.company(idOrName: "CRONUS"))
            let first = Self.gateway(test.store, clock, delay: 0)
            let second = Self.gateway(try await test.storeConfiguration.open(), clock, delay: 0)
            for _ in 0..<4 { _ = try await Self.subscribe(test.store, company: company) }
            var notified = 0
            for round in 0..<10 {
                clock.set(Self.t0.addingTimeInterval(TimeInterval(round)))
                for index in 0..<5 {
                    _ = try await (index % 2 == 0 ? first : second).records.create(
                        company: company, entitySet: .customers, changes: try Self.customer("C\(round)-\(index)")
                    )
                }
                async let a = first.recordSubscriptions.notifyClosedWindows(at: clock.now)
                async let b = second.recordSubscriptions.notifyClosedWindows(at: clock.now)
                notified += try await a + b
            }
            #expect(notified == 4 * 50)
            var items = 0
            for message in try await Self.messages(test.store) {
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(message.payload))
                if case .object(let fields) = body, case .array(let value) = fields["value"] { items += value.count }
            }
            #expect(items == 4 * 50)
        } catch {
            await test.dropDatabase()
            throw error
        }
        await test.dropDatabase()
    }
}
