import FlowGateCore
import Foundation
import HTTPTypes
import Testing

@Suite("The catalogue over HTTP")
struct CatalogRouteTests {
    @Test("GET /workflowEvents and /workflowResponses list the catalogue to any key, not without one")
    func catalogue() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let events = try await client.call(.get, "/api/v1/workflowEvents", key: gateway.key("ALICE"))
            #expect(events.status == .ok)
            let send = (events["value"]?.array ?? []).first { $0["functionName"]?.string == "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL" }
            #expect(send?["table"]?.string == "salesDocuments")
            #expect((events["value"]?.array ?? []).count == WorkflowCatalog.standard.events.count)
            let responses = try await client.call(.get, "/api/v1/workflowResponses", key: gateway.key("integration"))
            let create = (responses["value"]?.array ?? []).first { $0["functionName"]?.string == "CREATEAPPROVALREQUESTS" }
            #expect(create?["requiredOptions"] == .array([.string("approverType"), .string("approverLimitType")]))
            #expect(try await client.call(.get, "/api/v1/workflowEvents").status == .unauthorized)
        }
    }
}
