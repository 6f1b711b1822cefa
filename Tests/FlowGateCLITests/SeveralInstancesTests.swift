import FlowGateTestSupport
import Foundation
import Synchronization
import Testing

/// Two gateway processes on one PostgreSQL database (the private server `scripts/test` starts), driven over HTTP
/// as a load balancer would.
@Suite("Several gateway instances on one PostgreSQL database", .serialized)
struct SeveralInstancesTests {
    static let requestCount = 1000
    static let concurrency = 8
    /// Short leases and a one-second scheduler, so that take-overs happen within the test's waits.
    static let options = [
        "--delivery-lease", "5", "--retry-schedule", "0,1,1,1,1,1", "--delegation-interval", "1", "--log-level", "info",
    ]

    @Test("Two instances approve one entry at the same moment: exactly one 200, the others 409, applied once")
    func concurrentApprovals() async throws {
        let database = try await TestPostgresDatabase.create()
        let directory = try temporaryDirectory()
        let pair = try await InstancePair.start(database: database.url, directory: directory, options: ["--log-level", "error"])
        do {
            let admin = try pair.key("ADMIN")
            // The sales order approval workflow, copied from its template on one instance and enabled on the other.
            let copy = try await HTTP.call(
                "POST", "\(pair.companies[0])/workflowTemplates/MS-SOAPW/copy", key: admin, body: #"{"code": "SOAPW", "description": "Sales orders"}"#
            )
            try #require(copy.status == 201, "\(copy.body)")
            let enabled = try await HTTP.call("POST", "\(pair.companies[1])/workflows/SOAPW/enable", key: admin)
            try #require(enabled.status == 200, "\(enabled.body)")
            let orders = try await HTTP.all("\(pair.companies[0])/salesDocuments", key: admin)
            let order = try #require(orders.first { $0["status"] as? String == "Open" }?["id"] as? String, "the demo has no open order")
            let sent = try await HTTP.call("POST", "\(pair.companies[0])/salesDocuments/\(order)/sendApprovalRequest", key: try pair.key("ALICE"))
            try #require(sent.status == 200, "\(sent.body)")
            let open = try await HTTP.all("\(pair.companies[1])/approvalEntries?recordId=\(order)&status=Open", key: admin)
            let entryNo = try #require(open.first?["entryNo"] as? Int, "no open approval entry: \(open)")

            // BOB and CAROL may both approve (approver and approval administrator); each calls both instances.
            let callers = try ["BOB", "CAROL", "BOB", "CAROL", "BOB", "CAROL"].map { try pair.key($0) }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for (index, key) in callers.enumerated() {
                    let company = pair.companies[index % 2]
                    group.addTask { try await HTTP.call("POST", "\(company)/approvalEntries/\(entryNo)/approve", key: key).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == callers.count - 1, "\(statuses)")

            let entries = try await HTTP.all("\(pair.companies[0])/approvalEntries?recordId=\(order)", key: admin)
            #expect(entries.filter { $0["entryNo"] as? Int == entryNo }.map { $0["status"] as? String } == ["Approved"], "\(entries)")
            let stored = try await HTTP.call("GET", "\(pair.companies[1])/salesDocuments/\(order)", key: admin)
            #expect(FlowDeliveryCrashTests.object(stored.body)["status"] as? String == "Released", "\(stored.body)")
            let steps = try await HTTP.all("\(pair.companies[0])/workflowStepInstances?recordId=\(order)", key: admin)
            let releases = steps.filter { $0["functionName"] as? String == "RELEASEDOCUMENT" && $0["status"] as? String == "Completed" }
            #expect(releases.count == 1, "\(steps)")
        } catch {
            await Self.cleanUp(pair, database, directory)
            throw error
        }
        await Self.cleanUp(pair, database, directory)
    }

    @Test(
        """
        1,000 approval requests round-robin to two instances, one killed with SIGKILL halfway and not restarted: every \
        acknowledged request's webhook is delivered, the entries are consistent, no scheduled run happens twice
        """
    )
    func killOneOfTwo() async throws {
        let database = try await TestPostgresDatabase.create()
        let directory = try temporaryDirectory()
        try await CrashReceiver.run { receiver in
            // Every delivery stays open a little, so that some are in flight when the instance dies.
            receiver.answer(quickly: 0, thenAfter: .milliseconds(20))
            let pair = try await InstancePair.start(database: database.url, directory: directory, options: Self.options)
            do {
                try await Self.killOneOfTwo(pair, receiver: receiver)
            } catch {
                await Self.cleanUp(pair, database, directory)
                throw error
            }
            await Self.cleanUp(pair, database, directory)
        }
    }

    private static func killOneOfTwo(_ pair: InstancePair, receiver: CrashReceiver) async throws {
        let admin = try pair.key("ADMIN")
        let alice = try pair.key("ALICE")
        let survivor = pair.companies[1]
        try await HTTP.subscribeToSalesApprovals(company: pair.companies[0], key: admin, receiver: receiver.url, clientId: "two-instances")

        let orders = try await roundRobin(count: requestCount, pair) { _, company in try await HTTP.createSalesOrder(company: company, key: admin) }
        try #require(orders.count == requestCount)
        let orderIds = orders.sorted { $0.key < $1.key }.map(\.value)

        // The sends: the first instance dies by SIGKILL once half of them are acknowledged; later sends to it fail.
        let killedAt = Locked<Date?>(nil)
        let acknowledgedCount = Locked(0)
        let acknowledged = try await roundRobin(count: requestCount, pair) { index, company -> String? in
            let id = orderIds[index]
            guard let sent = try? await HTTP.call("POST", "\(company)/salesDocuments/\(id)/sendApprovalRequest", key: alice),
                sent.status == 200
            else { return nil }
            let kill = acknowledgedCount.withLock { count in
                count += 1
                return count == requestCount / 2
            }
            if kill {
                pair.first.signal(SIGKILL)
                killedAt.withLock { $0 = Date() }
            }
            return id
        }.compactMapValues { $0 }
        let acknowledgedIds = Set(acknowledged.values)
        #expect(try await pair.first.waitForExit() != 0)
        let killTime = try #require(killedAt.withLock { $0 })

        // Every acknowledged send's webhook arrives; the dead instance's leases run out and the survivor takes over.
        try? await FlowDeliveryCrashTests.waitUntil(seconds: 120, "") {
            Set(receiver.requests.map(\.rowId)).isSuperset(of: acknowledgedIds)
        }
        let received = Set(receiver.requests.map(\.rowId))
        let lost = acknowledgedIds.subtracting(received)
        #expect(lost.isEmpty, "\(lost.count) acknowledged sends never reached the receiver: \(lost.prefix(5))")

        // The entries: one per committed send, numbers unique, and exactly the orders pending approval.
        let entries = try await HTTP.all("\(survivor)/workflowWebhookEntries", key: admin)
        let entryNumbers = entries.compactMap { $0["entryNo"] as? Int }
        let entryRecords = entries.compactMap { $0["recordId"] as? String }
        #expect(Set(entryNumbers).count == entries.count, "entry numbers repeat")
        #expect(Set(entryRecords).count == entries.count, "an order has more than one Flow entry")
        #expect(Set(entryRecords).isSuperset(of: acknowledgedIds))
        let documents = try await HTTP.all("\(survivor)/salesDocuments", key: admin)
        let pending = Set(documents.filter { $0["status"] as? String == "Pending Approval" }.compactMap { $0["id"] as? String })
        #expect(pending == Set(entryRecords), "orders pending approval and orders with a Flow entry differ")

        // Every committed message is delivered (those the kill cut off unacknowledged too), and recorded so.
        try? await FlowDeliveryCrashTests.waitUntil(seconds: 60, "") { receiver.distinctWebhookIds.count >= entries.count }
        let requests = receiver.requests
        #expect(Set(requests.map(\.rowId)) == Set(entryRecords))
        #expect(receiver.distinctWebhookIds.count == entries.count)
        #expect(
            Dictionary(grouping: requests, by: \.webhookId).values.allSatisfy { Set($0.map(\.rowId)).count == 1 },
            "a webhook-id was reused for another order"
        )
        var delivered: [[String: Any]] = []
        try? await FlowDeliveryCrashTests.waitUntil(seconds: 30, "") {
            delivered = (try? await FlowDeliveryCrashTests.deliveries(survivor, key: admin, status: "delivered")) ?? []
            return delivered.count >= entries.count
        }
        #expect(delivered.count == entries.count)

        // The scheduled job: runs across both instances are at least its period apart, and it ran on after the kill.
        let runs = scheduledRuns(in: pair.processes)
        let gaps = zip(runs.dropFirst(), runs).map { $0.0.leasedAt - $0.1.leasedAt }
        #expect(runs.count >= 3, "the scheduler hardly ran: \(runs)")
        #expect(gaps.allSatisfy { $0 >= 0.999 }, "two runs of one period: \(zip(runs.dropFirst(), runs).filter { $0.0.leasedAt - $0.1.leasedAt < 0.999 })")
        #expect(runs.contains { $0.leasedAt > killTime.timeIntervalSince1970 + 1 }, "the job did not run after the kill")

        let duplicates = requests.count - receiver.distinctWebhookIds.count
        let committedUnacknowledged = Set(entryRecords).subtracting(acknowledgedIds).count
        let byInstance = Dictionary(grouping: runs, by: \.instance).mapValues(\.count)
        print(
            """
            SeveralInstancesTests: \(requestCount) sends, \(acknowledgedIds.count) acknowledged, \(committedUnacknowledged) committed \
            unacknowledged (cut off by the kill); \(requests.count) webhook requests for \(entries.count) messages, \(duplicates) \
            duplicates; \(runs.count) scheduled runs by instance \(byInstance.values.sorted())
            """
        )
    }

    // MARK: Helpers

    /// Runs `body` for indexes 0..<count, `concurrency` at a time, sending index i to instance i % 2.
    private static func roundRobin<T: Sendable>(
        count: Int, _ pair: InstancePair, _ body: @escaping @Sendable (Int, String) async throws -> T
    ) async throws -> [Int: T] {
        let next = Locked(0)
        let companies = pair.companies
        return try await withThrowingTaskGroup(of: [Int: T].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var results: [Int: T] = [:]
                    while true {
                        let index = next.withLock { value in
                            defer { value += 1 }
                            return value
                        }
                        guard index < count else { return results }
                        results[index] = try await body(index, companies[index % 2])
                    }
                }
            }
            return try await group.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }
    }

    /// A value shared by concurrent tasks.
    final class Locked<Value: Sendable>: Sendable {
        private let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
    }

    struct ScheduledRun: CustomStringConvertible {
        var instance: String
        var leasedAt: Double
        var description: String { "\(instance)@\(leasedAt)" }
    }

    /// The "Ran scheduled job" log lines of every instance, in the order of their lease instants.
    private static func scheduledRuns(in processes: [GatewayProcess]) -> [ScheduledRun] {
        let lines = processes.flatMap { ($0.stdout + "\n" + $0.stderr).split(separator: "\n") }.filter { $0.contains("Ran scheduled job") }
        return lines.compactMap { line -> ScheduledRun? in
            let fields = Dictionary(
                line.split(separator: " ").compactMap { field -> (String, String)? in
                    let parts = field.split(separator: "=", maxSplits: 1)
                    return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
                },
                uniquingKeysWith: { first, _ in first }
            )
            guard let instance = fields["instance"], let leasedAt = fields["leased_at"].flatMap(Double.init) else { return nil }
            return ScheduledRun(instance: instance, leasedAt: leasedAt)
        }.sorted { $0.leasedAt < $1.leasedAt }
    }

    private static func cleanUp(_ pair: InstancePair, _ database: TestPostgresDatabase, _ directory: URL) async {
        await pair.stop()
        await database.drop()
        try? FileManager.default.removeItem(at: directory)
    }
}
