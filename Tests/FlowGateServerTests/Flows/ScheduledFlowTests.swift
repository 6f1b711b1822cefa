import FlowGateApp
import FlowGateCore
import FlowGateDelivery
import FlowGateServer
import FlowGateStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// Scheduled flows: validation and a live run over HTTP; exactly-once slots across restarts and instances with an
/// injected clock.
@Suite("Scheduled flows")
struct ScheduledFlowTests {
    static let t0 = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z

    @Test("Validation errors name the recurrence's fields")
    func validation() async throws {
        try await FlowTest.run { client, gateway, receiver in
            let body: [String: Any] = [
                "name": "Nightly", "notificationUrl": receiver.url,
                "recurrence": [
                    "frequency": "month", "interval": 0, "timeZone": "Mars/Olympus", "atHours": [24], "weekDays": ["funday"],
                    "startTime": "yesterday",
                ],
            ]
            let response = try await client.call(.post, "\(companyPath)/scheduledFlows", key: gateway.key("integration"), body: try FlowsTest.json(body))
            #expect(response.status == .badRequest, "\(response.text)")
            let fields = Set(response["errors"]?.array?.compactMap { $0["field"]?.string } ?? [])
            #expect(fields.isSuperset(of: ["recurrence.startTime", "recurrence.weekDays"]), "\(response.text)")

            let rules: [String: Any] = [
                "name": "Nightly", "notificationUrl": receiver.url,
                "recurrence": ["frequency": "month", "interval": 0, "timeZone": "Mars/Olympus", "atHours": [3], "monthDays": [32]],
            ]
            let ruled = try await client.call(.post, "\(companyPath)/scheduledFlows", key: gateway.key("integration"), body: try FlowsTest.json(rules))
            let ruleFields = Set(ruled["errors"]?.array?.compactMap { $0["field"]?.string } ?? [])
            #expect(
                ruleFields.isSuperset(of: ["recurrence.interval", "recurrence.timeZone", "recurrence.atHours", "recurrence.monthDays"]), "\(ruled.text)"
            )
            let missing = try await client.call(
                .post, "\(companyPath)/scheduledFlows", key: gateway.key("integration"), body: try FlowsTest.json(["name": "x", "notificationUrl": receiver.url])
            )
            #expect(missing["errors"]?.array?.contains { $0["field"]?.string == "recurrence" } == true, "\(missing.text)")

            let created = try await client.call(
                .post, "\(companyPath)/scheduledFlows", key: gateway.key("integration"),
                body: try FlowsTest.json(["name": "Nightly", "notificationUrl": receiver.url, "recurrence": ["frequency": "day"]])
            )
            let id = try #require(created["id"]?.string, "\(created.text)")
            let nulls = try await client.call(
                .patch, "\(companyPath)/scheduledFlows/\(id)", key: gateway.key("integration"), body: #"{"name":null,"recurrence":null,"payload":null}"#
            )
            #expect(nulls.status == .badRequest, "null clears the payload, but a name or recurrence cannot be cleared: \(nulls.text)")
            #expect(Set(nulls["errors"]?.array?.compactMap { $0["field"]?.string } ?? []) == ["name", "recurrence"])
        }
    }

    @Test("A flow whose first slot is seconds away fires once, signed, with its payload; runs list it with its delivery status", arguments: TestBackend.all)
    func liveRun(backend: TestBackend) async throws {
        try await FlowTest.run(on: backend) { client, gateway, receiver in
            // A few seconds ahead, so the slot is still in the future when the (possibly busy) gateway stores the flow.
            let start = Date().addingTimeInterval(3).formatted(.iso8601)
            let body: [String: Any] = [
                "name": "Hourly sync", "notificationUrl": receiver.url, "payload": ["job": "sync"],
                "recurrence": ["frequency": "hour", "interval": 1, "startTime": start, "timeZone": "Europe/Paris"],
            ]
            let created = try await client.call(.post, "\(companyPath)/scheduledFlows", key: gateway.key("integration"), body: try FlowsTest.json(body))
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created["id"]?.string)
            #expect(created["nextRunAt"]?.string == start)
            let secret = try #require(created["secret"]?.string)
            let delivery = try #require(try await receiver.waitForDeliveries(1).first)
            try FlowsTest.verify(delivery, secret: secret)
            let data = try #require(delivery.json["data"] as? [String: Any])
            #expect(data["scheduledFor"] as? String == start && data["late"] as? Bool == false)
            #expect((data["payload"] as? [String: Any])?["job"] as? String == "sync")
            let delivered = try await FlowsTest.eventually {
                try await client.call(.get, "\(companyPath)/scheduledFlows/\(id)/runs", key: gateway.key("integration"))["value"]?[0]?["status"]?.string
                    == "delivered"
            }
            #expect(delivered)
            let flow = try await client.call(.get, "\(companyPath)/scheduledFlows/\(id)", key: gateway.key("integration"))
            let next = try #require(flow["nextRunAt"]?.string.flatMap { Date(rfc3339: $0) })
            #expect(abs(next.timeIntervalSince(try #require(Date(rfc3339: start))) - 3600) < 1)
            #expect(receiver.deliveries.count == 1)
        }
    }

    @Test("An every-minute recurrence across a restart fires one run per minute, none twice; an outage fires the latest slot, late", arguments: TestBackend.all)
    func acrossRestart(backend: TestBackend) async throws {
        let gateway = try await TestGateway.make(backend)
        defer { gateway.remove() }
        do {
            let clock = TestClock(Self.t0)
            var scheduled = Self.gateway(gateway.store, clock).scheduledFlows
            let company = try #require(try await gateway.store.company(idOrName: "CRONUS"))
            let recurrence = Recurrence(frequency: .minute, interval: 1, startTime: Self.t0, timeZone: "UTC")
            let flow = try await scheduled.create(
                company: company,
                ScheduledFlowDefinition(name: "Every minute", notificationUrl: "https://example.com/hook", recurrence: recurrence, payload: nil, enabled: true)
            )
            var fired: [ScheduledFlowRun] = []
            for seconds in [59.0, 60, 60.5, 119, 120] {
                clock.set(Self.t0.addingTimeInterval(seconds))
                fired += try await scheduled.fireDue(at: clock.now)
            }
            // A restart: a new store on the same database and a new gateway.
            let reopened = try await gateway.storeConfiguration.open()
            scheduled = Self.gateway(reopened, clock).scheduledFlows
            for seconds in [120.0, 150, 180, 240] {
                clock.set(Self.t0.addingTimeInterval(seconds))
                fired += try await scheduled.fireDue(at: clock.now)
            }
            // Down from 4:10 to 10:30: the 10:00 slot fires once, late, standing for the five slots before it.
            clock.set(Self.t0.addingTimeInterval(630))
            fired += try await scheduled.fireDue(at: clock.now)
            #expect(fired.map { Int($0.scheduledFor.timeIntervalSince(Self.t0)) } == [60, 120, 180, 240, 600])
            #expect(fired.map(\.late) == [false, false, false, false, true])
            #expect(fired.last?.skipped == 5)
            let runs = try await reopened.scheduledFlowRuns(flowId: flow.id, PageRequest(limit: 100)).items
            #expect(runs.map { Int($0.run.scheduledFor.timeIntervalSince(Self.t0)) } == [600, 240, 180, 120, 60])
            #expect(runs.allSatisfy { $0.status == .pending })
            let stored = try #require(try await reopened.flow(ScheduledFlow.self, id: flow.id))
            #expect(stored.nextRunAt == Self.t0.addingTimeInterval(660))
        } catch {
            await gateway.dropDatabase()
            throw error
        }
        await gateway.dropDatabase()
    }

    @Test("Two instances on one PostgreSQL database fire each slot once")
    func severalInstances() async throws {
        let gateway = try await TestGateway.make(.postgres)
        defer { gateway.remove() }
        do {
            let clock = TestClock(Self.t0)
            let other = try await gateway.storeConfiguration.open()
            let first = Self.gateway(gateway.store, clock).scheduledFlows
            let second = Self.gateway(other, clock).scheduledFlows
            let company = try #require(try await gateway.store.company(idOrName: "CRONUS"))
            var ids: [UUID] = []
            for index in 0..<5 {
                let recurrence = Recurrence(frequency: .minute, interval: 1, startTime: Self.t0, timeZone: "UTC")
                ids.append(
                    try await first.create(
                        company: company,
                        ScheduledFlowDefinition(
                            name: "Flow \(index)", notificationUrl: "https://example.com/hook", recurrence: recurrence, payload: nil, enabled: true
                        )
                    ).id
                )
            }
            var fired = 0
            for minute in 1...5 {
                clock.set(Self.t0.addingTimeInterval(TimeInterval(minute * 60)))
                let now = clock.now
                async let a = first.fireDue(at: now)
                async let b = second.fireDue(at: now)
                fired += try await a.count + b.count
            }
            #expect(fired == 25)
            for id in ids {
                let runs = try await other.scheduledFlowRuns(flowId: id, PageRequest(limit: 100)).items
                #expect(runs.count == 5 && Set(runs.map(\.run.scheduledFor)).count == 5)
            }
        } catch {
            await gateway.dropDatabase()
            throw error
        }
        await gateway.dropDatabase()
    }

    static func gateway(_ store: any Store, _ clock: TestClock) -> Gateway {
        Gateway(store: store, outbox: Outbox(baseURL: "http://127.0.0.1"), now: { clock.now })
    }
}
