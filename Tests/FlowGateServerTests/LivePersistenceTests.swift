import FlowGateCore
import FlowGateServer
import FlowGateStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Live server on a SQLite file")
struct LivePersistenceTests {
    @Test("Data written through a live server is there after the server stops and a new one opens the same file")
    func restartPersistence() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        let configuration = GatewayConfiguration(host: "127.0.0.1", port: 0, store: gateway.storeConfiguration, logLevel: .warning)
        let integration = gateway.key("integration")

        let created = try await buildApplication(configuration, store: gateway.store).test(.live) { client in
            #expect(client.port != nil)
            let response = try await client.call(
                .post, "\(companyPath)/purchaseDocuments", key: integration,
                body: #"{"documentType":"Invoice","amount":1999.99,"fields":{"vendorNumber":"V1000"}}"#
            )
            #expect(response.status == .created)
            return response
        }
        let id = try #require(created["id"]?.string)

        let reopened = try await gateway.storeConfiguration.open()
        try await buildApplication(configuration, store: reopened).test(.live) { client in
            let read = try await client.call(.get, "\(companyPath)/purchaseDocuments/\(id)", key: integration)
            #expect(read.status == .ok)
            #expect(read.json == created.json)
        }
    }
}
