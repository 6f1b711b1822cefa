import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The transactional outbox and the dispatcher's leases across a real crash: the gateway process is killed
/// with SIGKILL while webhooks are in flight, restarted on the same SQLite file, and every message still
/// reaches the receiver. Duplicates are allowed (at-least-once), losses are not.
@Suite("Flow webhooks across a crash of the gateway process", .serialized)
struct FlowDeliveryCrashTests {
    static let orderCount = 30
    /// Answered at once by the receiver (delivered, and probably recorded, before the kill).
    static let quickAnswers = 4
    /// The receiver's count at which the gateway is killed: the quick ones plus several held ones.
    static let killAfter = 10
    /// Retries a second apart, so a stray failed attempt cannot push a message beyond the test's wait.
    static let retrySchedule = "0,1,1,1,1,1"
    /// Leases short enough that the restarted gateway takes the dead one's messages over within the test's wait.
    static let deliveryLease = "5"

    @Test("SIGKILL while webhooks are in flight, restart on the same file: every message is delivered (duplicates allowed, none lost)")
    func killWhileDelivering() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("flowgate.sqlite").path

        try await CrashReceiver.run { receiver in
            // Held requests stay open well past the kill, so the gateway dies with deliveries sent and unanswered.
            receiver.answer(quickly: Self.quickAnswers, thenAfter: .seconds(3))
            let first = try GatewayProcess(
                [
                    "serve", "--demo", "--port", "0", "--database", database, "--retry-schedule", Self.retrySchedule,
                    "--delivery-lease", Self.deliveryLease, "--log-level", "error",
                ],
                directory: directory
            )
            let firstCompany = "http://127.0.0.1:\(try await first.port())/api/v1/companies/CRONUS"
            try await first.waitFor("Try:")
            let admin = try first.key("admin  ADMIN")
            let alice = try first.key("user   ALICE")

            try await HTTP.subscribeToSalesApprovals(company: firstCompany, key: admin, receiver: receiver.url, clientId: "crash-test")
            var orders: [String] = []
            for _ in 0..<Self.orderCount {
                orders.append(try await HTTP.createSalesOrder(company: firstCompany, key: admin))
            }

            // ALICE sends the orders one after another while the dispatcher delivers; each 200 means the message
            // is committed. The kill lands once the receiver has several requests, most of them still held.
            async let sending = Self.sendUntilFailure(orders, company: firstCompany, key: alice)
            try await Self.waitUntil(seconds: 30, "the receiver never got \(Self.killAfter) requests") { receiver.count >= Self.killAfter }
            let receivedAtKill = receiver.count
            let heldAtKill = receiver.holding
            first.signal(SIGKILL)
            #expect(try await first.waitForExit() != 0)
            let acknowledged = await sending
            receiver.answer(quickly: 0, thenAfter: .zero)
            #expect(heldAtKill > 0, "no delivery was in flight at the kill, so the test proved less than it claims")

            // The same file, no demo seeding; the old keys still work, loopback is allowed explicitly.
            let second = try GatewayProcess(
                [
                    "serve", "--port", "0", "--database", database, "--allow-network", "127.0.0.0/8",
                    "--retry-schedule", Self.retrySchedule, "--delivery-lease", Self.deliveryLease, "--log-level", "error",
                ],
                directory: directory
            )
            let company = "http://127.0.0.1:\(try await second.port())/api/v1/companies/CRONUS"
            // The send the kill cut short may or may not have committed: its order says which. The orders never
            // sent go now, so that in the end every order has exactly one message.
            for id in orders where !acknowledged.contains(id) {
                let order = try await HTTP.call("GET", "\(company)/salesDocuments/\(id)", key: admin)
                let status = Self.object(order.body)["status"] as? String
                if status == "Open" {
                    let sent = try await HTTP.call("POST", "\(company)/salesDocuments/\(id)/sendApprovalRequest", key: alice)
                    try #require(sent.status == 200, "\(sent.body)")
                } else {
                    #expect(status == "Pending Approval", "\(order.body)")
                }
            }

            try? await Self.waitUntil(seconds: 60, "") { receiver.distinctWebhookIds.count >= Self.orderCount }
            let requests = receiver.requests
            let webhookIds = Set(requests.map(\.webhookId))
            let rowIds = Set(requests.map(\.rowId))
            let lost = orders.filter { !rowIds.contains($0) }
            let complete = webhookIds.count == Self.orderCount && lost.isEmpty
            let outbox = complete ? "" : try await Self.summary(Self.deliveries(company, key: admin))
            #expect(
                complete,
                """
                \(Self.orderCount) messages, \(webhookIds.count) distinct webhook-ids received (\(requests.count) requests); \
                orders whose message never arrived: \(lost); killed with \(acknowledged.count) sends acknowledged, \
                \(receivedAtKill) requests received, \(heldAtKill) held. Outbox now: \(outbox)
                """
            )
            #expect(rowIds == Set(orders))
            #expect(
                Dictionary(grouping: requests, by: \.webhookId).values.allSatisfy { Set($0.map(\.rowId)).count == 1 },
                "a webhook-id was reused for another order"
            )

            // The outbox agrees: one message per order, each delivered, with the webhook-ids the receiver saw.
            var delivered: [[String: Any]] = []
            try? await Self.waitUntil(seconds: 30, "") {
                delivered = (try? await Self.deliveries(company, key: admin, status: "delivered")) ?? []
                return delivered.count >= Self.orderCount
            }
            let all = try await Self.deliveries(company, key: admin)
            #expect(delivered.count == Self.orderCount, "\(Self.summary(all))")
            #expect(all.count == Self.orderCount, "\(Self.summary(all))")
            #expect(Set(delivered.compactMap { $0["webhookId"] as? String }) == webhookIds)

            print(
                "FlowDeliveryCrashTests: \(Self.orderCount) messages; at the kill \(acknowledged.count) sends acknowledged, "
                    + "\(receivedAtKill) requests received, \(heldAtKill) held; \(requests.count - webhookIds.count) duplicates after the restart"
            )
            second.signal(SIGTERM)
            #expect(try await second.waitForExit() == 0)
        }
    }

    // MARK: Helpers

    /// Sends each order for approval until a call fails (the gateway died); returns the orders acknowledged with 200.
    static func sendUntilFailure(_ orders: [String], company: String, key: String) async -> Set<String> {
        var acknowledged: Set<String> = []
        for id in orders {
            guard let response = try? await HTTP.call("POST", "\(company)/salesDocuments/\(id)/sendApprovalRequest", key: key),
                response.status == 200
            else { break }
            acknowledged.insert(id)
        }
        return acknowledged
    }

    /// Every message in the outbox (optionally of one status), following the cursor.
    static func deliveries(_ company: String, key: String, status: String? = nil) async throws -> [[String: Any]] {
        let root = company.components(separatedBy: "/companies/")[0]
        return try await HTTP.all("\(root)/deliveries" + (status.map { "?status=\($0)" } ?? ""), key: key)
    }

    /// One line per message: webhook-id, status, attempts, last error.
    static func summary(_ messages: [[String: Any]]) -> String {
        messages.map { message in
            let fields = ["webhookId", "status", "attemptCount", "lastError"].map { "\(message[$0] ?? "-")" }
            return fields.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// Polls `condition` every 50 ms until it holds; throws after `seconds`.
    static func waitUntil(seconds: Double, _ failure: String, _ condition: () async -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !(await condition()) {
            if Date() > deadline { throw ProcessFailure(failure) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func object(_ text: String) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:]
    }

    static func json(_ fields: [String: String]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: fields)) ?? Data(), as: UTF8.self)
    }
}
