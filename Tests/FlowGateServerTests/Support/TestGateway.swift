import FlowGateApp
import FlowGateCore
import FlowGateServer
import FlowGateTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Testing

@testable import FlowGateStore

/// Which store a test gateway runs on: a SQLite file (the default), or a new database on the private PostgreSQL
/// server `scripts/test` starts.
enum TestBackend: Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static let all: [TestBackend] = [.sqlite, .postgres]

    var testDescription: String { self == .sqlite ? "SQLite" : "PostgreSQL" }
}

/// A gateway on a real store (a SQLite file in a temporary directory, or a PostgreSQL database), seeded with the
/// demo company, with one key per role ready to use.
struct TestGateway {
    let directory: URL
    let store: any Store
    /// Where the store is, as `--database` names it.
    let storeConfiguration: StoreConfiguration
    /// The PostgreSQL database to drop at the end, if the store is one.
    let postgresDatabase: TestPostgresDatabase?
    let companyId: UUID
    let salesOrderId: UUID
    /// "admin", "integration", "ALICE", "BOB", "CAROL" → key.
    let keys: [String: String]

    var databasePath: String { directory.appendingPathComponent("flowgate.sqlite").path }

    /// The SQLite store, for tests of that backend's internals.
    var sqliteStore: SQLiteStore {
        get throws { try #require(store as? SQLiteStore, "this test needs the SQLite backend") }
    }

    static func make(_ backend: TestBackend = .sqlite) async throws -> TestGateway {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration: StoreConfiguration
        var postgres: TestPostgresDatabase?
        switch backend {
        case .sqlite:
            configuration = StoreConfiguration(backend: .sqliteFile(path: directory.appendingPathComponent("flowgate.sqlite").path))
        case .postgres:
            let database = try await TestPostgresDatabase.create()
            postgres = database
            configuration = try StoreConfiguration(database: database.url, secretKeyFile: directory.appendingPathComponent("secret.key").path)
        }
        let store = try await configuration.open()
        let demo = try await DemoData.seed(store: store)
        var keys = ["admin": demo.adminKey]
        for (user, key) in demo.userKeys { keys[user] = key }
        _ = try await store.createUser(User(userName: "SHOPAPP", fullName: "Web shop", createdAt: Date()))
        let (integrationKey, record) = APIKeySecret.make(userName: "SHOPAPP", role: .integration, now: Date())
        _ = try await store.createAPIKey(record)
        keys["integration"] = integrationKey
        return TestGateway(
            directory: directory, store: store, storeConfiguration: configuration, postgresDatabase: postgres, companyId: demo.companyId,
            salesOrderId: try #require(demo.salesOrderId), keys: keys
        )
    }

    func application(maxBodySize: Int = 1 << 20) -> some ApplicationProtocol {
        buildApplication(GatewayConfiguration(host: "127.0.0.1", port: 0, store: storeConfiguration, logLevel: .warning, maxBodySize: maxBodySize), store: store)
    }

    func key(_ name: String) -> String { keys[name]! }

    func recordCount(_ entitySet: EntitySet) async throws -> Int {
        try await store.records(companyId: companyId, entitySet: entitySet, PageRequest(limit: 1000)).items.count
    }

    /// Runs the router-level test harness on this gateway.
    func test<Value: Sendable>(maxBodySize: Int = 1 << 20, _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await application(maxBodySize: maxBodySize).test(.router, body)
    }

    /// Runs this gateway as a real HTTP server on a loopback port, with a client that talks to it over TCP.
    func live<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await application().test(.live, body)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Drops the PostgreSQL database, if the gateway has one; call it when the test is done with the store.
    func dropDatabase() async {
        await postgresDatabase?.drop()
    }
}

/// A response with its body parsed as JSON when it is JSON.
struct APIResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String
    var json: JSONValue

    subscript(key: String) -> JSONValue? { json[key] }
    var isProblem: Bool { headers[.contentType] == "application/problem+json" }
    var detail: String { json["detail"]?.string ?? "" }
    var etag: String? { headers[.eTag] }
}

extension TestClientProtocol {
    /// One API call: `key` becomes a bearer token, `body` is sent as JSON text exactly as given.
    func call(
        _ method: HTTPRequest.Method, _ path: String, key: String? = nil, body: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        if body != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let text = String(buffer: response.body)
        let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null
        return APIResponse(status: response.status, headers: response.headers, text: text, json: json)
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }
    subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { array[index] } else { nil }
    }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    var decimal: Decimal? { if case .number(let n) = self { n } else { nil } }
    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
}

let companyPath = "/api/v1/companies/CRONUS"
