import FlowGateCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Enabling (Business Central's checks), overlapping enabled workflows, editing enabled ones, and deleting.
@Suite("Workflow enabling, conflicts, edits of enabled workflows and deletes through the API")
struct WorkflowEnablingTests {
    /// One step tree that saves (disabled) but must not enable, and the fields the 400 must name.
    struct InvalidTree: Sendable, CustomTestStringConvertible {
        var name: String
        var steps: String
        var fields: [String]
        var testDescription: String { name }
    }

    static let sendEvent = #""type": "Event", "functionName": "RUNWORKFLOWONSENDSALESDOCFORAPPROVAL""#
    static let quoteCondition = #""argument": {"eventConditions": {"header": [{"field": "documentType", "filter": "Quote"}]}}"#
    static let create = #""type": "Response", "functionName": "CREATEAPPROVALREQUESTS""#

    static let invalidTrees: [InvalidTree] = [
        InvalidTree(
            name: "two roots",
            steps: #"{"id": 1, "entryPoint": true, \#(sendEvent), \#(quoteCondition)}, {"id": 2, "entryPoint": true, \#(sendEvent)}"#,
            fields: ["steps"]
        ),
        InvalidTree(
            name: "a response as the entry point",
            steps: #"{"id": 1, "entryPoint": true, \#(create), "argument": {"approverType": "Approver", "approverLimitType": "Direct Approver"}}"#,
            fields: ["steps[0].type"]
        ),
        InvalidTree(
            name: "an orphan step",
            steps: #"""
                {"id": 1, "entryPoint": true, \#(sendEvent), \#(quoteCondition)},
                {"id": 2, "previousStepId": 1, \#(create), "argument": {"approverType": "Approver", "approverLimitType": "Direct Approver"}},
                {"id": 3, "type": "Response", "functionName": "RELEASEDOCUMENT"}
                """#,
            fields: ["steps[2].previousStepId"]
        ),
        InvalidTree(
            name: "a cycle of previous steps cut off from the root",
            steps: #"""
                {"id": 1, "entryPoint": true, \#(sendEvent), \#(quoteCondition)},
                {"id": 2, "previousStepId": 3, "type": "Response", "functionName": "RELEASEDOCUMENT"},
                {"id": 3, "previousStepId": 2, "type": "Response", "functionName": "OPENDOCUMENT"}
                """#,
            fields: ["steps[1]", "steps[2]"]
        ),
        InvalidTree(
            name: "an unknown function name",
            steps: #"{"id": 1, "entryPoint": true, \#(sendEvent), \#(quoteCondition)}, {"id": 2, "previousStepId": 1, "type": "Response", "functionName": "MAKECOFFEE"}"#,
            fields: ["steps[1].functionName"]
        ),
        InvalidTree(
            name: "a previous step that does not exist",
            steps: #"{"id": 1, "entryPoint": true, \#(sendEvent), \#(quoteCondition)}, {"id": 2, "previousStepId": 9, "type": "Response", "functionName": "RELEASEDOCUMENT"}"#,
            fields: ["steps[1].previousStepId", "steps[1]"]
        ),
        InvalidTree(
            name: "CREATEAPPROVALREQUESTS without an approver type",
            steps: #"{"id": 1, "entryPoint": true, \#(sendEvent), \#(quoteCondition)}, {"id": 2, "previousStepId": 1, \#(create), "argument": {"approverLimitType": "Direct Approver"}}"#,
            fields: ["steps[1].argument.approverType"]
        ),
        InvalidTree(
            name: "approver type Workflow User Group without a group code",
            steps: #"{"id": 1, "entryPoint": true, \#(sendEvent), \#(quoteCondition)}, {"id": 2, "previousStepId": 1, \#(create), "argument": {"approverType": "Workflow User Group", "approverLimitType": "Direct Approver"}}"#,
            fields: ["steps[1].argument.workflowUserGroupCode"]
        ),
        InvalidTree(
            name: "limit type Specific Approver without an approver user id",
            steps: #"{"id": 1, "entryPoint": true, \#(sendEvent), \#(quoteCondition)}, {"id": 2, "previousStepId": 1, \#(create), "argument": {"approverType": "Approver", "approverLimitType": "Specific Approver"}}"#,
            fields: ["steps[1].argument.approverUserId"]
        ),
    ]

    @Test("Enabling a tree Business Central refuses → 400 naming each offending field; it stays disabled", arguments: invalidTrees)
    func enableRefusesInvalidTree(_ tree: InvalidTree) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let body = WorkflowCalls.parse(#"{"description": "\#(tree.name)", "steps": [\#(tree.steps)]}"#)
            #expect(body != .null)
            let saved = try await WorkflowCalls.put(client, gateway, "BROKEN", body)
            #expect(saved.status == .created, "a disabled workflow saves: \(saved.text)")

            let enable = try await WorkflowCalls.action(client, gateway, "BROKEN", "enable")
            #expect(enable.status == .badRequest, "\(enable.text)")
            #expect(enable["type"]?.string?.hasSuffix("validation-failed") == true)
            #expect(Set((enable["errors"]?.array ?? []).compactMap { $0["field"]?.string }) == Set(tree.fields), "\(enable.text)")
            #expect(try await WorkflowCalls.get(client, gateway, "BROKEN")["enabled"]?.bool == false)

            let putEnabled = try await WorkflowCalls.put(client, gateway, "BROKEN2", body.setting("enabled", .bool(true)))
            #expect(putEnabled.status == .badRequest, "PUT with enabled true checks the same: \(putEnabled.text)")
            #expect(try await WorkflowCalls.get(client, gateway, "BROKEN2").status == .notFound)
        }
    }

    @Test("Two enabled copies of MS-SOAPW (same event, both Order) → the second enable is 409 workflow-conflict naming the first")
    func overlappingCopiesConflict() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await WorkflowCalls.enableCopy(client, gateway, "MS-SOAPW", as: "SOAPW1")
            #expect(try await WorkflowCalls.copy(client, gateway, "MS-SOAPW", as: "SOAPW2").status == .created)
            let second = try await WorkflowCalls.action(client, gateway, "SOAPW2", "enable")
            #expect(second.status == .conflict)
            #expect(second["type"]?.string?.hasSuffix("workflow-conflict") == true, "\(second.text)")
            #expect(second.detail.contains("SOAPW1"))
            #expect(try await WorkflowCalls.get(client, gateway, "SOAPW2")["enabled"]?.bool == false)

            let enabledCopy = try await client.call(
                .post, "\(companyPath)/workflowTemplates/MS-SOAPW/copy", key: gateway.key("admin"), body: #"{"code": "SOAPW3", "enabled": true}"#
            )
            #expect(enabledCopy.status == .conflict, "a copy made enabled is checked too")
            #expect(try await WorkflowCalls.get(client, gateway, "SOAPW3").status == .notFound)

            #expect(try await WorkflowCalls.action(client, gateway, "SOAPW1", "disable").status == .ok)
            #expect(try await WorkflowCalls.action(client, gateway, "SOAPW2", "enable").status == .ok)
        }
    }

    @Test("Copies of MS-SOAPW and MS-SIAPW (Order vs Invoice) both enable; so do the sales and purchase order templates")
    func disjointCopiesEnable() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await WorkflowCalls.enableCopy(client, gateway, "MS-SOAPW", as: "SOAPW")
            try await WorkflowCalls.enableCopy(client, gateway, "MS-SIAPW", as: "SIAPW")
            try await WorkflowCalls.enableCopy(client, gateway, "MS-POAPW", as: "POAPW")
            let list = try await client.call(.get, "\(companyPath)/workflows", key: gateway.key("admin"))
            #expect((list["value"]?.array ?? []).allSatisfy { $0["enabled"]?.bool == true })
            #expect(Set(list.json.codes) == ["SOAPW", "SIAPW", "POAPW"])
        }
    }

    @Test("An enabled workflow: changing its steps → 409 workflow-enabled, its description alone → 200; disabled, its steps change")
    func editingEnabledWorkflow() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            try await WorkflowCalls.enableCopy(client, gateway, "MS-SOAPW", as: "SOAPW")
            let enabled = try await WorkflowCalls.get(client, gateway, "SOAPW")
            let newSteps = enabled.json.editingSteps("CREATEAPPROVALREQUESTS") { $0.settingArgument("delegateAfter", "2 days") }

            let stepsChange = try await WorkflowCalls.put(client, gateway, "SOAPW", newSteps)
            #expect(stepsChange.status == .conflict)
            #expect(stepsChange["type"]?.string?.hasSuffix("workflow-enabled") == true, "\(stepsChange.text)")
            #expect(try await WorkflowCalls.get(client, gateway, "SOAPW").json == enabled.json)

            let described = try await WorkflowCalls.put(client, gateway, "SOAPW", enabled.json.setting("description", "Orders over the limit"))
            #expect(described.status == .ok, "\(described.text)")
            #expect(described["description"]?.string == "Orders over the limit")
            #expect(described["enabled"]?.bool == true)

            #expect(try await WorkflowCalls.action(client, gateway, "SOAPW", "disable").status == .ok)
            let disabled = try await WorkflowCalls.get(client, gateway, "SOAPW")
            let edited = try await WorkflowCalls.put(
                client, gateway, "SOAPW", disabled.json.editingSteps("CREATEAPPROVALREQUESTS") { $0.settingArgument("delegateAfter", "2 days") }
            )
            #expect(edited.status == .ok, "\(edited.text)")
            let createStep = edited["steps"]?.array?.first { $0["functionName"]?.string == "CREATEAPPROVALREQUESTS" }
            #expect(createStep?["argument"]?["delegateAfter"]?.string == "2 days")
            #expect(try await WorkflowCalls.action(client, gateway, "SOAPW", "enable").status == .ok)
        }
    }

    @Test("DELETE: enabled → 409; disabled with an active instance (sent order) → 409; once the instance finished → 204, then 404")
    func deleteRules() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.remove() }
        try await gateway.test { client in
            let path = "\(companyPath)/workflows/SOAPW"
            try await WorkflowCalls.enableCopy(client, gateway, "MS-SOAPW", as: "SOAPW")
            let whileEnabled = try await client.call(.delete, path, key: gateway.key("admin"))
            #expect(whileEnabled.status == .conflict)
            #expect(whileEnabled["type"]?.string?.hasSuffix("workflow-enabled") == true)

            let order = WorkflowCalls.demoOrder(gateway)
            #expect(try await WorkflowCalls.send(client, gateway, order, key: "ALICE").status == .ok)
            #expect(try await WorkflowCalls.action(client, gateway, "SOAPW", "disable").status == .ok)
            let inUse = try await client.call(.delete, path, key: gateway.key("admin"))
            #expect(inUse.status == .conflict)
            #expect(inUse["type"]?.string?.hasSuffix("workflow-in-use") == true, "\(inUse.text)")
            #expect(try await WorkflowCalls.get(client, gateway, "SOAPW").status == .ok)

            #expect(try await WorkflowCalls.action(client, gateway, "SOAPW", "enable").status == .ok)
            #expect(try await client.call(.post, "\(companyPath)/approvalEntries/2/approve", key: gateway.key("BOB")).status == .ok)
            #expect(try await ApprovalScenarioTests.record(client, gateway, order)["status"]?.string == "Released")
            let disabled = try await WorkflowCalls.action(client, gateway, "SOAPW", "disable")
            let stale = try await client.call(.delete, path, key: gateway.key("admin"), headers: [.ifMatch: "\"999\""])
            #expect(stale.status == .preconditionFailed)
            let deleted = try await client.call(.delete, path, key: gateway.key("admin"), headers: [.ifMatch: try #require(disabled.etag)])
            #expect(deleted.status == .noContent, "\(deleted.text)")
            #expect(try await WorkflowCalls.get(client, gateway, "SOAPW").status == .notFound)
            #expect(try await client.call(.delete, path, key: gateway.key("admin")).status == .notFound)
        }
    }
}
