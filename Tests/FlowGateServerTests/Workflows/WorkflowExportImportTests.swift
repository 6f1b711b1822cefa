import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Export of one or many workflows and import into another company: exact round trip, all or nothing.
@Suite("Workflow export and import through the API")
struct WorkflowExportImportTests {
    /// SOAPW (enabled, edited: Delegate After, due date, an amount condition), PIAPW and CUSTAPW (disabled copies).
    static func threeWorkflows(_ client: any TestClientProtocol, _ gateway: TestGateway) async throws {
        let copy = try await WorkflowCalls.copy(client, gateway, "MS-SOAPW", as: "SOAPW")
        let edited = copy.json
            .editingSteps("CREATEAPPROVALREQUESTS") { $0.settingArgument("delegateAfter", "2 days").settingArgument("dueDateFormula", "<3D>") }
            .editingSteps("RUNWORKFLOWONSENDSALESDOCFORAPPROVAL") {
                $0.settingArgument(
                    "eventConditions",
                    WorkflowCalls.parse(#"{"header": [{"field": "status", "filter": "Open"}, {"field": "documentType", "filter": "Order"}, {"field": "amount", "filter": ">=1000"}], "lines": [{"field": "type", "filter": "Item"}]}"#)
                )
            }
        #expect(try await WorkflowCalls.put(client, gateway, "SOAPW", edited).status == .ok)
        #expect(try await WorkflowCalls.action(client, gateway, "SOAPW", "enable").status == .ok)
        #expect(try await WorkflowCalls.copy(client, gateway, "MS-PIAPW", as: "PIAPW").status == .created)
        #expect(try await WorkflowCalls.copy(client, gateway, "MS-CUSTAPW", as: "CUSTAPW").status == .created)
    }

    static func export(_ client: any TestClientProtocol, _ gateway: TestGateway, _ query: String, company: String = companyPath) async throws -> APIResponse {
        try await client.call(.get, "\(company)/workflows/export\(query)", key: gateway.key("admin"))
    }

    static func importDocument(_ client: any TestClientProtocol, _ gateway: TestGateway, _ document: String, company: String) async throws -> APIResponse {
        try await client.call(.post, "\(company)/workflows/import", key: gateway.key("admin"), body: document)
    }

    /// A second company, FABRIKAM, made through the API; returns its path.
    static func secondCompany(_ client: any TestClientProtocol, _ gateway: TestGateway) async throws -> String {
        let created = try await client.call(.post, "/api/v1/companies", key: gateway.key("admin"), body: #"{"name": "FABRIKAM"}"#)
        #expect(created.status == .created, "\(created.text)")
        return "/api/v1/companies/\(try #require(created["id"]?.string))"
    }

    static func workflowCodes(_ client: any TestClientProtocol, _ gateway: TestGateway, company: String) async throws -> [String] {
        try await client.call(.get, "\(company)/workflows", key: gateway.key("admin")).json.codes
    }

    @Test("Export of one workflow is a document holding exactly what GET shows")
    func exportOne() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await Self.threeWorkflows(client, gateway)
            let read = try await WorkflowCalls.get(client, gateway, "SOAPW")
            let export = try await client.call(.get, "\(companyPath)/workflows/SOAPW/export", key: gateway.key("admin"))
            #expect(export.status == .ok, "\(export.text)")
            #expect(export.json == .object(["workflows": .array([read.json])]))
            #expect(try await client.call(.get, "\(companyPath)/workflows/NOPE/export", key: gateway.key("admin")).status == .notFound)
        }
    }

    @Test("Export of many: ?code= selects, no code means all of the company's; templates only with includeTemplates=true")
    func exportManyAndTemplates() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await Self.threeWorkflows(client, gateway)
            let two = try await Self.export(client, gateway, "?code=SOAPW&code=custapw")
            #expect(two.status == .ok, "\(two.text)")
            #expect(Set(two.json.codes) == ["SOAPW", "CUSTAPW"])
            #expect(two.json.codes.count == 2)

            #expect(Set(try await Self.export(client, gateway, "").json.codes) == ["SOAPW", "PIAPW", "CUSTAPW"])
            let askedForTemplate = try await Self.export(client, gateway, "?code=SOAPW&code=MS-SOAPW")
            #expect(askedForTemplate.json.codes == ["SOAPW"], "a template is left out unless includeTemplates=true")

            let withTemplate = try await Self.export(client, gateway, "?code=SOAPW&code=MS-SOAPW&includeTemplates=true")
            #expect(Set(withTemplate.json.codes) == ["SOAPW", "MS-SOAPW"])
            let template = withTemplate["workflows"]?.array?.first { $0["code"]?.string == "MS-SOAPW" }
            #expect(template == (try await WorkflowCalls.get(client, gateway, "MS-SOAPW")).json)

            let everything = try await Self.export(client, gateway, "?includeTemplates=true")
            #expect(everything.json.codes.count == 3 + 22)
            #expect(Set(everything.json.codes).isSuperset(of: WorkflowManagementTests.templateCodes))
        }
    }

    @Test("Export with includeTemplates other than true or false → 400 naming it, not a silent false")
    func exportWithBadFlag() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let export = try await Self.export(client, gateway, "?includeTemplates=yes")
            #expect(export.status == .badRequest, "\(export.text)")
            #expect(export.detail == "includeTemplates: 'yes' is not true or false")
        }
    }

    @Test("Import of an export into a second company: 200 listing them, and exporting there gives back exactly the same JSON")
    func roundTripIntoSecondCompany() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await Self.threeWorkflows(client, gateway)
            let original = try await Self.export(client, gateway, "?code=SOAPW&code=PIAPW&code=CUSTAPW")
            #expect(original.json.codes.count == 3)
            let fabrikam = try await Self.secondCompany(client, gateway)
            #expect(try await Self.workflowCodes(client, gateway, company: fabrikam).isEmpty)

            let imported = try await Self.importDocument(client, gateway, original.text, company: fabrikam)
            #expect(imported.status == .ok, "\(imported.text)")
            #expect(Set(imported.json.codes) == ["SOAPW", "PIAPW", "CUSTAPW"])

            let again = try await Self.export(client, gateway, "?code=SOAPW&code=PIAPW&code=CUSTAPW", company: fabrikam)
            let byCode = { (document: JSONValue) in
                Dictionary(uniqueKeysWithValues: (document["workflows"]?.array ?? []).map { ($0["code"]?.string ?? "?", $0) })
            }
            #expect(byCode(again.json) == byCode(original.json))
            #expect(again.json.codes == original.json.codes)
            let soapw = try await WorkflowCalls.get(client, gateway, "SOAPW", company: fabrikam)
            #expect(soapw["enabled"]?.bool == true)

            let reimported = try await Self.importDocument(client, gateway, original.text, company: fabrikam)
            #expect(reimported.status == .ok, "importing the same document again replaces in place: \(reimported.text)")
            #expect(byCode(try await Self.export(client, gateway, "?code=SOAPW&code=PIAPW&code=CUSTAPW", company: fabrikam).json) == byCode(original.json))
            #expect(try await Self.workflowCodes(client, gateway, company: companyPath).count == 3, "the source company is untouched")
        }
    }

    /// A document whose second workflow fails at some stage, and the status the import must answer.
    struct BadDocument: Sendable, CustomTestStringConvertible {
        var name: String
        var second: String
        var status: HTTPResponse.Status
        var testDescription: String { name }
    }

    static let goodWorkflow = #"""
        {"code": "GOOD", "description": "fine", "steps": [
          {"id": 1, "entryPoint": true, "type": "Event", "functionName": "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL",
           "argument": {"eventConditions": {"header": [{"field": "documentType", "filter": "Order"}]}}},
          {"id": 2, "previousStepId": 1, "type": "Response", "functionName": "CREATEAPPROVALREQUESTS",
           "argument": {"approverType": "Approver", "approverLimitType": "Direct Approver"}}]}
        """#

    static let badDocuments: [BadDocument] = [
        BadDocument(
            name: "a bad filter (refused while parsing)",
            second: #"{"code": "BAD", "steps": [{"id": 1, "entryPoint": true, "type": "Event", "functionName": "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL", "argument": {"eventConditions": {"header": [{"field": "amount", "filter": ">="}]}}}]}"#,
            status: .badRequest
        ),
        BadDocument(
            name: "an enabled workflow with an unknown function (refused while storing)",
            second: #"{"code": "BAD", "enabled": true, "steps": [{"id": 1, "entryPoint": true, "type": "Event", "functionName": "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL"}, {"id": 2, "previousStepId": 1, "type": "Response", "functionName": "MAKECOFFEE"}]}"#,
            status: .badRequest
        ),
        BadDocument(
            name: "an enabled workflow overlapping the first (refused while storing)",
            second: goodWorkflow.replacingOccurrences(of: #""GOOD""#, with: #""BAD", "enabled": true"#),
            status: .conflict
        ),
    ]

    @Test("Import with one bad workflow stores none of the document (all or nothing)", arguments: badDocuments)
    func importIsAllOrNothing(_ bad: BadDocument) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let first = Self.goodWorkflow.replacingOccurrences(of: #""fine""#, with: #""fine", "enabled": true"#)
            let document = #"{"workflows": [\#(first), \#(bad.second)]}"#
            #expect(WorkflowCalls.parse(document) != .null)
            let response = try await Self.importDocument(client, gateway, document, company: companyPath)
            #expect(response.status == bad.status, "\(response.text)")
            #expect(response.isProblem)
            #expect(try await Self.workflowCodes(client, gateway, company: companyPath).isEmpty)

            let alone = try await Self.importDocument(client, gateway, #"{"workflows": [\#(first)]}"#, company: companyPath)
            #expect(alone.status == .ok, "the good workflow alone imports: \(alone.text)")
        }
    }

    @Test("Import of an exported template (template: true) → 400 naming workflows[0].template; nothing stored")
    func importTemplateRefused() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let export = try await Self.export(client, gateway, "?code=MS-SOAPW&includeTemplates=true")
            #expect(export.json.codes == ["MS-SOAPW"])
            let response = try await Self.importDocument(client, gateway, export.text, company: companyPath)
            #expect(response.status == .badRequest)
            #expect(response["errors"]?.array?.compactMap { $0["field"]?.string }.contains("workflows[0].template") == true, "\(response.text)")
            #expect(try await Self.workflowCodes(client, gateway, company: companyPath).isEmpty)
        }
    }

    @Test("Import of a workflow with a template's code (MS-SOAPW, template false) → 400 naming the code; the template stays visible")
    func importTemplateCodeRefused() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let shadow = Self.goodWorkflow.replacingOccurrences(of: #""GOOD""#, with: #""MS-SOAPW""#)
            let response = try await Self.importDocument(client, gateway, #"{"workflows": [\#(shadow)]}"#, company: companyPath)
            let template = try await WorkflowCalls.get(client, gateway, "MS-SOAPW")
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response["errors"]?[0]?["field"]?.string == "workflows[0].code")
            #expect(template["template"]?.bool == true, "the imported workflow shadows the template: \(template.text)")
        }
    }

    @Test("Import of a document with the same code twice, or an unknown top-level member → 400, nothing stored")
    func importMalformedDocument() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let twice = try await Self.importDocument(client, gateway, #"{"workflows": [\#(Self.goodWorkflow), \#(Self.goodWorkflow)]}"#, company: companyPath)
            #expect(twice.status == .badRequest, "\(twice.text)")
            let extra = try await Self.importDocument(client, gateway, #"{"workflows": [\#(Self.goodWorkflow)], "version": 2}"#, company: companyPath)
            #expect(extra.status == .badRequest)
            #expect(extra["errors"]?[0]?["field"]?.string == "version")
            #expect(try await Self.workflowCodes(client, gateway, company: companyPath).isEmpty)
        }
    }
}
