import FlowGateStore
import Foundation
import Testing

@Suite("The flowgate command, run as a real process", .serialized)
struct ServeCommandTests {
    @Test("serve --demo on a free port: ready, keys work, the printed curl commands work, SIGTERM stops it, data survives a restart")
    func demoLifecycle() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("data/flowgate.sqlite").path

        let demo = try GatewayProcess(["serve", "--demo", "--port", "0", "--database", database, "--log-level", "warning"], directory: directory)
        let port = try await demo.port()
        try await demo.waitFor("Try:")
        let base = "http://127.0.0.1:\(port)"
        #expect(try await HTTP.call("GET", "\(base)/health/ready").status == 200)

        let admin = try demo.key("admin  ADMIN")
        let alice = try demo.key("user   ALICE")
        let orders = try await HTTP.call("GET", "\(base)/api/v1/companies/CRONUS/salesDocuments", key: admin)
        #expect(orders.status == 200)
        #expect(orders.body.contains("S-ORD10001"))
        #expect(try await HTTP.call("POST", "\(base)/api/v1/companies/CRONUS/customers", key: alice, body: "{}").status == 403)

        // The two curl commands of the banner, pasted into a shell exactly as printed.
        let banner = demo.stdout.replacingOccurrences(of: "\\\n", with: " ")
        let commands = banner.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("curl ") }
        #expect(commands.count == 2)
        #expect(try shell(commands[0]).contains("\"number\":\"S-ORD10001\""))
        #expect(try shell(commands[1]).contains("\"number\":\"C20000\""))

        #expect(demo.stdout.contains("First start"))
        let keyFile = directory.appendingPathComponent("data/admin.key").path
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        demo.signal(SIGTERM)
        #expect(try await demo.waitForExit() == 0)

        let again = try GatewayProcess(["serve", "--port", "0", "--database", database, "--log-level", "warning"], directory: directory)
        let secondPort = try await again.port()
        #expect(!again.stdout.contains("First start"))
        let customers = try await HTTP.call("GET", "http://127.0.0.1:\(secondPort)/api/v1/companies/CRONUS/customers", key: admin)
        #expect(customers.status == 200)
        #expect(customers.body.contains("C20000"))
        again.signal(SIGTERM)
        #expect(try await again.waitForExit() == 0)
    }

    @Test("kill -9 during writes: after a restart every acknowledged write is there and the file is sound")
    func crashDuringWrites() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("flowgate.sqlite").path
        let gateway = try GatewayProcess(["serve", "--demo", "--port", "0", "--database", database, "--log-level", "error"], directory: directory)
        let base = "http://127.0.0.1:\(try await gateway.port())/api/v1/companies/CRONUS/customers"
        try await gateway.waitFor("Try:")
        let admin = try gateway.key("admin  ADMIN")

        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var ids: [String] = []
                    for index in 0..<400 {
                        guard let response = try? await HTTP.call("POST", base, key: admin, body: #"{"fields":{"worker":\#(worker),"index":\#(index)}}"#),
                            response.status == 201,
                            let id = response.body.split(separator: "\"").drop(while: { $0 != "id" }).dropFirst(2).first
                        else { break }
                        ids.append(String(id))
                    }
                    return ids
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(400))
                gateway.signal(SIGKILL)
                return []
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(try await gateway.waitForExit() != 0)
        #expect(acknowledged.count > 0, "some writes must have been acknowledged before the kill")
        #expect(acknowledged.count < 1600, "the kill must land while writes are still in flight")

        let store = try SQLiteStore(path: database)
        #expect(try await store.integrityProblems().isEmpty)
        let restarted = try GatewayProcess(["serve", "--port", "0", "--database", database, "--log-level", "error"], directory: directory)
        let url = "http://127.0.0.1:\(try await restarted.port())/api/v1/companies/CRONUS/customers"
        for id in acknowledged {
            #expect(try await HTTP.call("GET", "\(url)/\(id)", key: admin).status == 200, "acknowledged record \(id) is lost")
        }
        restarted.signal(SIGTERM)
        _ = try await restarted.waitForExit()
    }

    @Test("keys create prints a key that the gateway accepts with its role")
    func keysCreate() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("flowgate.sqlite").path
        let create = try GatewayProcess(["keys", "create", "--user", "shop", "--role", "integration", "--database", database], directory: directory)
        #expect(try await create.waitForExit() == 0)
        let key = create.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("fgk_"))
        let unknown = try GatewayProcess(
            ["keys", "create", "--user", "shop", "--role", "user", "--company", "NOPE", "--database", database], directory: directory
        )
        #expect(try await unknown.waitForExit() != 0)
        #expect(unknown.stderr.contains("Company 'NOPE' does not exist."))

        let gateway = try GatewayProcess(["serve", "--port", "0", "--database", database, "--log-level", "error"], directory: directory)
        let base = "http://127.0.0.1:\(try await gateway.port())/api/v1"
        #expect(try await HTTP.call("GET", "\(base)/users/SHOP", key: key).status == 200)
        #expect(try await HTTP.call("POST", "\(base)/companies", key: key, body: #"{"name":"X"}"#).status == 403)
        gateway.signal(SIGTERM)
        _ = try await gateway.waitForExit()
    }

    @Test("A second serve on the same database file refuses to start and names the file; the first keeps serving")
    func oneServePerDatabase() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("flowgate.sqlite").path
        let first = try GatewayProcess(["serve", "--port", "0", "--database", database, "--log-level", "error"], directory: directory)
        let port = try await first.port()
        let second = try GatewayProcess(["serve", "--port", "0", "--database", database, "--log-level", "error"], directory: directory)
        #expect(try await second.waitForExit() != 0)
        #expect(second.stderr.contains("Another flowgate serve is already using \(database)"))
        #expect(try await HTTP.call("GET", "http://127.0.0.1:\(port)/health/ready").status == 200)
        let keys = try GatewayProcess(["keys", "create", "--user", "ADMIN", "--role", "user", "--database", database], directory: directory)
        #expect(try await keys.waitForExit() == 0)
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        let after = try GatewayProcess(["serve", "--port", "0", "--database", database, "--log-level", "error"], directory: directory)
        _ = try await after.port()
        after.signal(SIGTERM)
        #expect(try await after.waitForExit() == 0)
    }

    @Test("The secret key file: made 0600 on first start, where --secret-key-file says; a start without it stops and names it")
    func secretKeyFile() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("data/flowgate.sqlite").path
        let keyFile = directory.appendingPathComponent("keys/flowgate.key").path
        let arguments = ["serve", "--port", "0", "--database", database, "--log-level", "warning"]

        let first = try GatewayProcess(arguments + ["--secret-key-file", keyFile], directory: directory)
        _ = try await first.port()
        first.signal(SIGTERM)
        #expect(try await first.waitForExit() == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: database + ".key"), "the key went where the flag said")

        // Without the flag the default file beside the database is looked for: it is not there, so serve stops.
        let lost = try GatewayProcess(arguments, directory: directory)
        #expect(try await lost.waitForExit() != 0)
        #expect(lost.stderr.contains("The secret key file \(database).key is missing"), "\(lost.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database + ".key"), "no new key is made in its place")

        // keys create needs the same key; with it, it works while the file keeps its secrets.
        let keys = try GatewayProcess(["keys", "create", "--user", "ops", "--role", "user", "--database", database, "--secret-key-file", keyFile], directory: directory)
        #expect(try await keys.waitForExit() == 0)
    }

    @Test("serve warns at start when the database files are readable by other accounts")
    func exposedDatabaseWarning() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("flowgate.sqlite").path
        let migrate = try GatewayProcess(["migrate", "--database", database], directory: directory)
        #expect(try await migrate.waitForExit() == 0)
        #expect((try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? Int) == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: database)

        let gateway = try GatewayProcess(["serve", "--port", "0", "--database", database, "--log-level", "warning"], directory: directory)
        _ = try await gateway.port()
        #expect(gateway.stderr.contains("Database files are readable by other accounts: \(database)"), "\(gateway.stderr)")
        #expect(gateway.stderr.contains("chmod 600"))
        gateway.signal(SIGTERM)
        _ = try await gateway.waitForExit()
    }

    @Test("Bad flags and environment values fail with a clear message and a non-zero status")
    func badConfiguration() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let level = try GatewayProcess(["serve", "--log-level", "loud", "--database", ":memory:"], directory: directory)
        #expect(try await level.waitForExit() != 0)
        #expect(level.stderr.contains("Unknown log level 'loud'"))
        let role = try GatewayProcess(["keys", "create", "--user", "x", "--role", "root", "--database", ":memory:"], directory: directory)
        #expect(try await role.waitForExit() != 0)
        #expect(role.stderr.contains("Unknown role 'root'"))
        let port = try GatewayProcess(["serve", "--port", "70000", "--database", ":memory:"], directory: directory)
        #expect(try await port.waitForExit() != 0)
        #expect(port.stderr.contains("70000"))
    }
}
