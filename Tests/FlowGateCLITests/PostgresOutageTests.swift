import Foundation
import Testing

/// The gateway process on a PostgreSQL server the test stops while it serves and starts again.
@Suite("A PostgreSQL outage while serving", .serialized)
struct PostgresOutageTests {
    /// "Within a few seconds": the pool waits 5 s for a connection before it answers 503; the margin is for a
    /// loaded machine.
    static let answerWithin: Duration = .seconds(9)

    @Test(
        """
        PostgreSQL stopped while serving: requests answer 503 problem+json within seconds, /health/ready 503, the \
        process stays up; service and webhook delivery resume by themselves within seconds of the database's return
        """
    )
    func outageAndRecovery() async throws {
        let server = try await PrivatePostgresServer.make()
        let directory = try temporaryDirectory()
        do {
            try await Self.run(server, directory: directory)
        } catch {
            await server.remove()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        await server.remove()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func run(_ server: PrivatePostgresServer, directory: URL) async throws {
        try await CrashReceiver.run { receiver in
            let gateway = try GatewayProcess(
                ["serve", "--demo", "--port", "0", "--database", server.url, "--log-level", "debug"], directory: directory
            )
            let root = "http://127.0.0.1:\(try await gateway.port())"
            let company = "\(root)/api/v1/companies/CRONUS"
            try await gateway.waitFor("Try:")
            let admin = try gateway.key("admin  ADMIN")
            let alice = try gateway.key("user   ALICE")
            try await HTTP.subscribeToSalesApprovals(company: company, key: admin, receiver: receiver.url, clientId: "outage-test")
            let orderId = try await HTTP.createSalesOrder(company: company, key: admin)

            try await server.stop()

            // A read, a write and a second read (once the gateway knows the database is down) each fail fast.
            for (method, path) in [("GET", "\(company)/salesDocuments"), ("POST", "\(company)/salesDocuments/\(orderId)/sendApprovalRequest"), ("GET", "\(company)/customers")] {
                let started = ContinuousClock.now
                let response = try await HTTP.call(method, path, key: method == "POST" ? alice : admin)
                let took = ContinuousClock.now - started
                #expect(response.status == 503, "\(method) \(path): \(response.status) \(response.body)")
                #expect(response.contentType.hasPrefix("application/problem+json"), "\(response.contentType)")
                let problem = FlowDeliveryCrashTests.object(response.body)
                #expect(problem["type"] as? String == "store-unavailable", "\(response.body)")
                #expect((problem["detail"] as? String)?.contains("PostgreSQL") == true, "\(response.body)")
                #expect(took < Self.answerWithin, "\(method) \(path) took \(took)")
            }
            let ready = try await HTTP.call("GET", "\(root)/health/ready")
            #expect(ready.status == 503, "\(ready.body)")
            let live = try await HTTP.call("GET", "\(root)/health/live")
            #expect(live.status == 200, "\(live.body)")
            #expect(gateway.process.isRunning, "the gateway exited during the outage:\n\(gateway.stderr.suffix(2000))")

            try await server.start()
            let back = ContinuousClock.now
            try await FlowDeliveryCrashTests.waitUntil(seconds: 30, "the gateway did not serve again within 30 s of the database's return") {
                (try? await HTTP.call("GET", "\(company)/salesDocuments", key: admin).status) == 200
            }
            let recovery = ContinuousClock.now - back
            #expect(recovery < .seconds(10), "service resumed \(recovery) after the database returned")
            #expect(try await HTTP.call("GET", "\(root)/health/ready").status == 200)

            // The send refused during the outage changed nothing: the order is still open and can be sent now.
            let stored = try await HTTP.call("GET", "\(company)/salesDocuments/\(orderId)", key: admin)
            #expect(FlowDeliveryCrashTests.object(stored.body)["status"] as? String == "Open", "\(stored.body)")
            let sent = try await HTTP.call("POST", "\(company)/salesDocuments/\(orderId)/sendApprovalRequest", key: alice)
            #expect(sent.status == 200, "\(sent.body)")
            try await FlowDeliveryCrashTests.waitUntil(seconds: 20, "the webhook after the outage never arrived") {
                receiver.requests.contains { $0.rowId == orderId }
            }
            print("PostgresOutageTests: service resumed \(recovery) after the database returned")

            gateway.signal(SIGTERM)
            let status = try? await gateway.waitForExit(seconds: 30)
            #expect(status == 0, "exit status \(status.map(String.init) ?? "none within 30 s") after SIGTERM; the log:\n\(gateway.stderr.split(separator: "\n").filter { $0.count < 400 }.suffix(60).joined(separator: "\n"))")
        }
    }
}
