import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Templates, template copies, PUT of a workflow, and who may change workflows, through the API.
@Suite("Workflow management through the API: templates, copies, PUT, roles")
struct WorkflowManagementTests {
    static let templateCodes: Set<String> = [
        "MS-SOAPW", "MS-SQAPW", "MS-SIAPW", "MS-SCMAPW", "MS-SROAPW", "MS-BSOAPW",
        "MS-POAPW", "MS-PQAPW", "MS-PIAPW", "MS-PCMAPW", "MS-PROAPW", "MS-BPOAPW",
        "MS-SOCLAPW", "MS-SICLAPW", "MS-CUSTAPW", "MS-VENDAPW", "MS-ITEMAPW", "MS-CCLCAPW", "MS-IUPCAPW",
        "MS-GJBAPW", "MS-GJLAPW", "MS-OVERDUE",
    ]

    /// A small disabled workflow: send a sales quote → create requests for the direct approver.
    static let quoteWorkflow = WorkflowCalls.parse(
        #"""
        {"description": "Quotes", "steps": [
          {"id": 1, "entryPoint": true, "type": "Event", "functionName": "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL",
           "argument": {"eventConditions": {"header": [{"field": "documentType", "filter": "Quote"}]}}},
          {"id": 2, "previousStepId": 1, "type": "Response", "functionName": "CREATEAPPROVALREQUESTS",
           "argument": {"approverType": "Approver", "approverLimitType": "Direct Approver"}}
        ]}
        """#
    )

    @Test("GET workflowTemplates lists the 22 MS- templates, read-only and disabled, each with one root event")
    func templatesList() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let list = try await client.call(.get, "\(companyPath)/workflowTemplates", key: gateway.key("ALICE"))
            #expect(list.status == .ok)
            let templates = list["value"]?.array ?? []
            #expect(templates.count == 22)
            #expect(Set(list.json.codes) == Self.templateCodes)
            for template in templates {
                let code = template["code"]?.string ?? "?"
                #expect(template["template"]?.bool == true, "\(code)")
                #expect(template["enabled"]?.bool == false, "\(code)")
                let steps = template["steps"]?.array ?? []
                let roots = steps.filter { $0["entryPoint"]?.bool == true && $0["previousStepId"] == .null }
                #expect(steps.count >= 2, "\(code)")
                #expect(roots.count == 1 && roots.first?["type"]?.string == "Event", "\(code)")
            }
        }
    }

    @Test("GET workflows/MS-SOAPW shows the template without an ETag; PUT, enable and disable on it answer 409 template-read-only")
    func templateIsReadOnly() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let template = try await WorkflowCalls.get(client, gateway, "MS-SOAPW")
            #expect(template.status == .ok)
            #expect(template["template"]?.bool == true)
            #expect(template["category"]?.string == "SALESDOC")
            #expect(template["steps"]?.array?.first?["functionName"]?.string == "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL")
            #expect(template.etag == nil)

            let put = try await WorkflowCalls.put(client, gateway, "MS-SOAPW", template.json.setting("description", "Mine"))
            #expect(put.status == .conflict)
            #expect(put["type"]?.string?.hasSuffix("template-read-only") == true)
            for action in ["enable", "disable"] {
                let response = try await WorkflowCalls.action(client, gateway, "MS-SOAPW", action)
                #expect(response.status == .conflict, "\(action)")
                #expect(response["type"]?.string?.hasSuffix("template-read-only") == true, "\(action)")
            }
            let after = try await WorkflowCalls.get(client, gateway, "MS-SOAPW")
            #expect(after.json == template.json)
        }
    }

    @Test("Copy of MS-SOAPW: 201 with Location and ETag, disabled, not a template, native, the template's steps; GET agrees")
    func copyTemplate() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let template = try await WorkflowCalls.get(client, gateway, "MS-SOAPW")
            let copy = try await WorkflowCalls.copy(client, gateway, "MS-SOAPW", as: "soapw")
            #expect(copy.status == .created, "\(copy.text)")
            #expect(copy.headers[.location] == "/api/v1/companies/\(gateway.companyId.uuidString.lowercased())/workflows/SOAPW")
            #expect(copy.etag != nil)
            #expect(copy["code"]?.string == "SOAPW")
            #expect(copy["description"]?.string == "Copy of MS-SOAPW")
            #expect(copy["enabled"]?.bool == false)
            #expect(copy["template"]?.bool == false)
            #expect(copy["source"]?.string == "native")
            #expect(copy["steps"] == template["steps"])

            let read = try await WorkflowCalls.get(client, gateway, "SOAPW")
            #expect(read.status == .ok)
            #expect(read.json == copy.json)
            #expect(read.etag == copy.etag)
            let list = try await client.call(.get, "\(companyPath)/workflows", key: gateway.key("admin"))
            #expect(list.json.codes == ["SOAPW"])
        }
    }

    @Test("Copy to an existing code → 409, to an MS- code → 400 naming code, of an unknown template → 404")
    func copyRefusals() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            #expect(try await WorkflowCalls.copy(client, gateway, "MS-SOAPW", as: "SOAPW").status == .created)
            let twice = try await WorkflowCalls.copy(client, gateway, "MS-SIAPW", as: "SOAPW")
            #expect(twice.status == .conflict)
            #expect(twice.isProblem)
            #expect(try await WorkflowCalls.get(client, gateway, "SOAPW")["steps"] == (try await WorkflowCalls.get(client, gateway, "MS-SOAPW"))["steps"])

            let reserved = try await WorkflowCalls.copy(client, gateway, "MS-SOAPW", as: "MS-MINE")
            #expect(reserved.status == .badRequest)
            #expect(reserved["errors"]?[0]?["field"]?.string == "code")
            #expect(try await WorkflowCalls.get(client, gateway, "MS-MINE").status == .notFound)

            let unknown = try await WorkflowCalls.copy(client, gateway, "MS-NOPE", as: "NOPE")
            #expect(unknown.status == .notFound)
        }
    }

    @Test("PUT creates (201 with ETag), replaces (200, new ETag), and a stale If-Match answers 412 leaving the workflow as it was")
    func putCreateReplaceAndStaleIfMatch() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let created = try await WorkflowCalls.put(client, gateway, "QUOTES", Self.quoteWorkflow)
            #expect(created.status == .created, "\(created.text)")
            #expect(created["code"]?.string == "QUOTES")
            #expect(created["enabled"]?.bool == false)
            #expect(created["steps"]?.array?.count == 2)
            let firstTag = try #require(created.etag)

            let replaced = try await WorkflowCalls.put(client, gateway, "QUOTES", Self.quoteWorkflow.setting("description", "Quotes v2"), ifMatch: firstTag)
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced["description"]?.string == "Quotes v2")
            let secondTag = try #require(replaced.etag)
            #expect(secondTag != firstTag)

            let stale = try await WorkflowCalls.put(client, gateway, "QUOTES", Self.quoteWorkflow.setting("description", "Quotes v3"), ifMatch: firstTag)
            #expect(stale.status == .preconditionFailed)
            #expect(stale["type"]?.string?.hasSuffix("version-mismatch") == true)
            let read = try await WorkflowCalls.get(client, gateway, "QUOTES")
            #expect(read["description"]?.string == "Quotes v2")
            #expect(read.etag == secondTag)
        }
    }

    @Test(
        "PUT with an unknown member → 400 naming it, nothing stored",
        arguments: [
            ("colour", WorkflowManagementTests.quoteWorkflow.setting("colour", "blue")),
            ("steps[1].argument.approver", WorkflowManagementTests.quoteWorkflow.editingSteps("CREATEAPPROVALREQUESTS") {
                $0.settingArgument("approver", "BOB")
            }),
            ("steps[0].when", WorkflowManagementTests.quoteWorkflow.editingSteps("RUNWORKFLOWONSENDSALESDOCFORAPPROVAL") {
                $0.setting("when", "now")
            }),
        ]
    )
    func putUnknownField(field: String, body: JSONValue) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let response = try await WorkflowCalls.put(client, gateway, "QUOTES", body)
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.isProblem)
            #expect(response["errors"]?.array?.compactMap { $0["field"]?.string } == [field])
            #expect(try await WorkflowCalls.get(client, gateway, "QUOTES").status == .notFound)
        }
    }

    @Test(
        "PUT with a bad event-condition filter → 400 invalid-filter naming the step field, the filter and the position",
        arguments: [(">=", 3), ("1000..abc..", 10), ("(x", 1)]
    )
    func putBadFilter(filter: String, position: Int) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let body = Self.quoteWorkflow.editingSteps("RUNWORKFLOWONSENDSALESDOCFORAPPROVAL") {
                $0.settingArgument(
                    "eventConditions",
                    WorkflowCalls.parse(#"{"header": [{"field": "documentType", "filter": "Quote"}, {"field": "amount", "filter": "\#(filter)"}]}"#)
                )
            }
            let response = try await WorkflowCalls.put(client, gateway, "QUOTES", body)
            #expect(response.status == .badRequest)
            #expect(response["type"]?.string?.hasSuffix("invalid-filter") == true, "\(response.text)")
            let field = "steps[0].argument.eventConditions.header[1].filter"
            #expect(response.detail.hasPrefix("\(field) (amount): The filter \"\(filter)\" is not valid"), "\(response.detail)")
            #expect(response.detail.hasSuffix(" at position \(position)."), "\(response.detail)")
            #expect(response["errors"]?[0]?["field"]?.string == field)
            #expect(try await WorkflowCalls.get(client, gateway, "QUOTES").status == .notFound)
        }
    }

    @Test("PUT whose body code differs from the path → 400 naming code")
    func putCodeMismatch() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let response = try await WorkflowCalls.put(client, gateway, "QUOTES", Self.quoteWorkflow.setting("code", "OTHER"))
            #expect(response.status == .badRequest)
            #expect(response["errors"]?[0]?["field"]?.string == "code")
        }
    }

    @Test("User and integration keys get 403 on PUT, enable, disable, copy, delete, import and export; nothing changes", arguments: ["integration", "ALICE"])
    func nonAdminKeysAreForbidden(key: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            #expect(try await WorkflowCalls.copy(client, gateway, "MS-SOAPW", as: "SOAPW").status == .created)
            let before = try await WorkflowCalls.get(client, gateway, "SOAPW")
            let document = try WorkflowCalls.text(.object(["workflows": .array([Self.quoteWorkflow.setting("code", "QUOTES")])]))
            let calls: [(HTTPRequest.Method, String, String?)] = [
                (.put, "workflows/QUOTES", try WorkflowCalls.text(Self.quoteWorkflow)),
                (.put, "workflows/SOAPW", try WorkflowCalls.text(before.json.setting("description", "changed"))),
                (.post, "workflows/SOAPW/enable", nil),
                (.post, "workflows/SOAPW/disable", nil),
                (.post, "workflowTemplates/MS-SIAPW/copy", #"{"code": "SIAPW"}"#),
                (.delete, "workflows/SOAPW", nil),
                (.post, "workflows/import", document),
                (.get, "workflows/SOAPW/export", nil),
                (.get, "workflows/export", nil),
            ]
            for (method, path, body) in calls {
                let response = try await client.call(method, "\(companyPath)/\(path)", key: gateway.key(key), body: body)
                #expect(response.status == .forbidden, "\(method) \(path): \(response.text)")
                #expect(response["type"]?.string?.hasSuffix("forbidden") == true, "\(method) \(path)")
            }
            let list = try await client.call(.get, "\(companyPath)/workflows", key: gateway.key("admin"))
            #expect(list.json.codes == ["SOAPW"])
            #expect(try await WorkflowCalls.get(client, gateway, "SOAPW").json == before.json)
        }
    }

    @Test("User and integration keys may read workflows and templates")
    func nonAdminKeysMayRead() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let copy = try await WorkflowCalls.copy(client, gateway, "MS-SOAPW", as: "SOAPW")
            #expect(copy.status == .created)
            for key in ["integration", "BOB"] {
                #expect(try await client.call(.get, "\(companyPath)/workflows", key: gateway.key(key)).json.codes == ["SOAPW"])
                #expect(try await client.call(.get, "\(companyPath)/workflows/SOAPW", key: gateway.key(key)).status == .ok)
                #expect(try await client.call(.get, "\(companyPath)/workflowTemplates", key: gateway.key(key)).status == .ok)
            }
        }
    }
}
