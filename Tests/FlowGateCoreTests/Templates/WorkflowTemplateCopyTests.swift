import Foundation
import Testing

@testable import FlowGateCore

@Suite("Copying a workflow template")
struct WorkflowTemplateCopyTests {
    @Test("A copy has the same tree under the new code, in the company, disabled and editable", arguments: WorkflowTemplates.all)
    func copy(template: Workflow) {
        let companyId = UUID()
        let copy = template.copy(as: "SALES-ORDERS", description: "Our sales orders", companyId: companyId)
        #expect(copy.code == "SALES-ORDERS")
        #expect(copy.description == "Our sales orders")
        #expect(copy.companyId == companyId)
        #expect(!copy.enabled && !copy.template)
        #expect(copy.category == template.category)
        #expect(copy.steps == template.steps)
        #expect(WorkflowTreeText.render(copy) == WorkflowTreeText.render(template))
        #expect(copy.source == .native && copy.clientId == nil && copy.subscriptionId == nil && copy.version == 1)
    }

    @Test("Without a description the copy keeps the template's")
    func keepsDescription() throws {
        let template = try #require(WorkflowTemplates.template("MS-SOAPW"))
        #expect(template.copy(as: "SO", companyId: nil).description == "Sales Order Approval Workflow")
    }

    @Test("Changing a copy leaves the template as it was")
    func copyIsIndependent() throws {
        let template = try #require(WorkflowTemplates.template("MS-POAPW"))
        var copy = template.copy(as: "PO", companyId: UUID())
        copy.steps[3].argument?.approverLimitType = .firstQualifiedApprover
        copy.steps.removeLast()
        #expect(WorkflowTemplates.template("MS-POAPW") == template)
        #expect(template.steps[3].argument?.approverLimitType == .approverChain)
    }

    @Test("A copy of an enabled flow workflow is a disabled native one")
    func copyOfFlowWorkflow() {
        let flow = Workflow(
            companyId: UUID(), code: "FLOW-1", description: "Registered by a flow", enabled: true, steps: [],
            source: .flow, clientId: "client", subscriptionId: UUID(), version: 7
        )
        let copy = flow.copy(as: "MINE", companyId: flow.companyId)
        #expect(!copy.enabled && copy.source == .native && copy.clientId == nil && copy.subscriptionId == nil && copy.version == 1)
    }
}

@Suite("The workflow tree text used by the template tests")
struct WorkflowTemplateTreeTextTests {
    @Test("Shows alternative branches with their sequence, conditions, rules, options and loops")
    func rendersEverything() {
        let workflow = Workflow(
            code: "T", description: "T",
            steps: [
                WorkflowStep(id: 1, entryPoint: true, type: .event, functionName: "A", rules: [WorkflowRule(id: 1, fieldName: "f", operator: .changed)]),
                WorkflowStep(id: 2, previousStepId: 1, type: .response, functionName: "B", sequenceNo: 0),
                WorkflowStep(
                    id: 3, previousStepId: 2, type: .event, functionName: "C", sequenceNo: 1,
                    argument: WorkflowStepArgument(eventConditions: EventConditions(header: [.init(field: "x", filter: "1")], lines: [.init(field: "y", filter: ">2")]))
                ),
                WorkflowStep(id: 4, previousStepId: 2, type: .event, functionName: "D", sequenceNo: 0),
                WorkflowStep(
                    id: 5, description: "again", previousStepId: 4, nextStepId: 2, type: .response, functionName: "E", sequenceNo: 0,
                    argument: WorkflowStepArgument(approverType: .approver, dueDateFormula: "<2D>", delegateAfter: .oneDay, linkTargetPage: 658)
                ),
            ]
        )
        #expect(
            WorkflowTreeText.render(workflow).split(separator: "\n") == [
                "1 Event A <f Changed>",
                "  2 Response B",
                "    4 Event D seq=0",
                "      5 Response E {approverType=Approver, dueDateFormula=\"<2D>\", delegateAfter=1 day, linkTargetPage=658} \"again\" -> 2",
                "    3 Event C seq=1 [x=1 | lines: y=>2]",
            ]
        )
    }

    @Test("Lists steps that no root leads to as orphans")
    func showsOrphans() {
        let workflow = Workflow(
            code: "T", description: "T",
            steps: [
                WorkflowStep(id: 1, entryPoint: true, type: .event, functionName: "A"),
                WorkflowStep(id: 2, previousStepId: 9, type: .response, functionName: "B"),
            ]
        )
        #expect(WorkflowTreeText.render(workflow) == "1 Event A\norphan 2 Response B")
    }
}
