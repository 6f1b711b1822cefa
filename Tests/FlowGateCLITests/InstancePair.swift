import Foundation
import Testing

/// Two `flowgate serve` processes on one PostgreSQL database, as behind a load balancer: the first seeds the demo
/// company and prints its keys, the second starts on the same database and serves the same data.
struct InstancePair {
    let first: GatewayProcess
    let second: GatewayProcess
    /// The demo company's URL on each instance, in order.
    let companies: [String]
    /// The demo's keys by user name: ADMIN, ALICE, BOB, CAROL.
    let keys: [String: String]

    var processes: [GatewayProcess] { [first, second] }

    static func start(database: String, directory: URL, options: [String] = []) async throws -> InstancePair {
        let first = try GatewayProcess(["serve", "--demo", "--port", "0", "--database", database] + options, directory: directory)
        let firstPort = try await first.port()
        try await first.waitFor("Try:")
        var keys: [String: String] = [:]
        for (label, user) in [("admin  ADMIN", "ADMIN"), ("user   ALICE", "ALICE"), ("user   BOB", "BOB"), ("user   CAROL", "CAROL")] {
            keys[user] = try first.key(label)
        }
        // Loopback receivers: --demo allows them on the first instance; the second is told explicitly.
        let second = try GatewayProcess(
            ["serve", "--port", "0", "--database", database, "--allow-network", "127.0.0.0/8"] + options, directory: directory
        )
        let secondPort = try await second.port()
        return InstancePair(
            first: first, second: second,
            companies: [firstPort, secondPort].map { "http://127.0.0.1:\($0)/api/v1/companies/CRONUS" }, keys: keys
        )
    }

    func key(_ user: String) throws -> String { try #require(keys[user], "no demo key for \(user)") }

    /// Stops whichever instance still runs.
    func stop() async {
        for process in processes where process.process.isRunning {
            process.signal(SIGTERM)
            _ = try? await process.waitForExit()
        }
    }
}

extension HTTP {
    /// Every item of a paged list (`value`, `nextCursor`), 1,000 a page.
    static func all(_ url: String, key: String) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var cursor: String?
        repeat {
            var page = url + (url.contains("?") ? "&" : "?") + "limit=1000"
            if let cursor { page += "&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor)" }
            let response = try await call("GET", page, key: key)
            guard response.status == 200 else { throw ProcessFailure("GET \(page): \(response.status) \(response.body)") }
            let body = FlowDeliveryCrashTests.object(response.body)
            items += body["value"] as? [[String: Any]] ?? []
            cursor = body["nextCursor"] as? String
        } while cursor != nil
        return items
    }
}

extension HTTP {
    /// Subscribes `receiver` to sales document approvals as a Flow client would; fails unless it is created.
    static func subscribeToSalesApprovals(company: String, key: String, receiver: String, clientId: String) async throws {
        let subscription = try await call(
            "POST", "\(company)/workflowWebhookSubscriptions", key: key,
            body: FlowDeliveryCrashTests.json([
                "notificationUrl": receiver, "eventCode": "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL", "clientType": "Flow", "clientId": clientId,
            ])
        )
        guard subscription.status == 201 else { throw ProcessFailure("subscribing: \(subscription.status) \(subscription.body)") }
    }

    /// A new open sales order for 2,000, sold by ALICE (salesperson AL); its id.
    static func createSalesOrder(company: String, key: String) async throws -> String {
        let created = try await call(
            "POST", "\(company)/salesDocuments", key: key,
            body: #"{"documentType":"Order","salespersonPurchaserCode":"AL","lines":[{"type":"Item","number":"1896-S","quantity":1,"unitPrice":2000}]}"#
        )
        guard created.status == 201, let id = FlowDeliveryCrashTests.object(created.body)["id"] as? String else {
            throw ProcessFailure("creating an order: \(created.status) \(created.body)")
        }
        return id
    }
}
