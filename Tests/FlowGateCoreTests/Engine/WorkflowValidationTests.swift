import Foundation
import Testing

@testable import FlowGateCore

@Suite("Enabling a workflow: Business Central's checks (Workflow.Table.al, business-central-workflows.md §1.1)")
struct WorkflowValidationTests {
    static let catalog = WorkflowCatalog.standard

    /// An editable copy of a template in the demo company.
    static func copy(_ code: String, as newCode: String? = nil) -> Workflow {
        WorkflowTemplates.template(code)!.copy(as: newCode ?? code.replacingOccurrences(of: "MS-", with: ""), companyId: EngineFixture.company)
    }

    static func enabled(_ code: String, as newCode: String) -> Workflow {
        var workflow = copy(code, as: newCode)
        workflow.enabled = true
        return workflow
    }

    /// The validation error enabling `workflow` raises, if any.
    static func enablingError(_ workflow: Workflow, others: [Workflow] = []) -> FlowGateError? {
        do {
            try workflow.validateForEnabling(catalog: catalog, otherEnabled: others)
            return nil
        } catch let error as FlowGateError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// The index of the first step with this function name.
    static func index(_ functionName: String, in workflow: Workflow) -> Int {
        workflow.steps.firstIndex { $0.functionName == functionName }!
    }

    static let groupTemplates: Set<String> = ["MS-BSOAPW", "MS-BPOAPW", "MS-CCLCAPW", "MS-IUPCAPW"]

    @Test("Every template copy can be enabled; the group templates once their Workflow User Group Code is chosen", arguments: WorkflowTemplates.all.map(\.code))
    func everyTemplateCopy(code: String) throws {
        var workflow = Self.copy(code)
        if Self.groupTemplates.contains(code) {
            let error = Self.enablingError(workflow)
            let step = Self.index(WorkflowResponses.createApprovalRequests, in: workflow)
            #expect(fieldNames(error) == ["steps[\(step)].argument.workflowUserGroupCode"])
            EngineFixture.groupCode("APPROVERS")(&workflow)
        }
        try workflow.validateForEnabling(catalog: Self.catalog, otherEnabled: [])
    }

    @Test("Exactly one root: none, or two entry points without a previous step, are refused")
    func roots() throws {
        var none = Self.copy("MS-SOAPW")
        none.steps[0].entryPoint = false
        let noRoot = Self.enablingError(none)
        #expect(noRoot?.type == "validation-failed")
        #expect(message(noRoot, for: "steps") == "must have exactly one entry-point step without a previous step (found 0)")

        var two = Self.copy("MS-SOAPW")
        two.steps.append(WorkflowStep(id: 21, entryPoint: true, type: .event, functionName: WorkflowEvents.sendCustomerForApproval))
        #expect(message(Self.enablingError(two), for: "steps") == "must have exactly one entry-point step without a previous step (found 2)")
    }

    @Test("An entry point must be an event, not a response")
    func responseAsEntryPoint() throws {
        var workflow = Self.copy("MS-SOAPW")
        workflow.steps[0] = WorkflowStep(id: 1, entryPoint: true, type: .response, functionName: WorkflowResponses.restrictRecordUsage)
        let error = Self.enablingError(workflow)
        #expect(message(error, for: "steps[0].type") == "an entry point must be an event")
    }

    @Test("Orphans: a step not connected, a step after a missing one, a loop to a missing step, a cycle of previous steps")
    func orphans() throws {
        var loose = Self.copy("MS-SOAPW")
        loose.steps.append(WorkflowStep(id: 21, type: .response, functionName: WorkflowResponses.doNothing))
        #expect(message(Self.enablingError(loose), for: "steps[20].previousStepId") == "step 21 is not connected to the workflow")

        var dangling = Self.copy("MS-SOAPW")
        dangling.steps.append(WorkflowStep(id: 21, previousStepId: 99, type: .response, functionName: WorkflowResponses.doNothing))
        #expect(message(Self.enablingError(dangling), for: "steps[20].previousStepId") == "step 99 does not exist")

        var badLoop = Self.copy("MS-SOAPW")
        badLoop.steps[9].nextStepId = 77
        #expect(message(Self.enablingError(badLoop), for: "steps[9].nextStepId") == "step 77 does not exist")

        var cycle = Self.copy("MS-SOAPW")
        cycle.steps.append(WorkflowStep(id: 21, previousStepId: 22, type: .response, functionName: WorkflowResponses.doNothing))
        cycle.steps.append(WorkflowStep(id: 22, previousStepId: 21, type: .response, functionName: WorkflowResponses.doNothing))
        #expect(fieldNames(Self.enablingError(cycle)) == ["steps[20]", "steps[21]"])
    }

    @Test("Unknown functions: an event or response the catalogue does not have; sub-workflows are not supported")
    func unknownFunctions() throws {
        var workflow = Self.copy("MS-SOAPW")
        workflow.steps[1].functionName = "SENDFAX"
        workflow.steps[5].functionName = "RUNWORKFLOWONFAXRECEIVED"
        let error = Self.enablingError(workflow)
        #expect(message(error, for: "steps[1].functionName") == "'SENDFAX' is not a response of the catalogue")
        #expect(message(error, for: "steps[5].functionName") == "'RUNWORKFLOWONFAXRECEIVED' is not an event of the catalogue")

        var sub = Self.copy("MS-SOAPW")
        sub.steps[1].type = .subWorkflow
        #expect(message(Self.enablingError(sub), for: "steps[1].type") == "sub-workflows are not supported by this gateway")
    }

    @Test("Missing response options: approver type and limit type, a group code, a specific approver, a message")
    func missingOptions() throws {
        var workflow = Self.copy("MS-SOAPW")
        let create = Self.index(WorkflowResponses.createApprovalRequests, in: workflow)
        workflow.steps[create].argument = WorkflowStepArgument(showConfirmationMessage: true)
        let message = Self.index(WorkflowResponses.showMessage, in: workflow)
        workflow.steps[message].argument?.message = ""
        #expect(
            Set(fieldNames(Self.enablingError(workflow))) == [
                "steps[\(create)].argument.approverLimitType", "steps[\(create)].argument.approverType", "steps[\(message)].argument.message",
            ]
        )

        var group = Self.copy("MS-SOAPW")
        EngineFixture.approvers(.workflowUserGroup, .directApprover)(&group)
        #expect(fieldNames(Self.enablingError(group)) == ["steps[\(create)].argument.workflowUserGroupCode"])

        var specific = Self.copy("MS-SOAPW")
        EngineFixture.approvers(.approver, .specificApprover)(&specific)
        #expect(fieldNames(Self.enablingError(specific)) == ["steps[\(create)].argument.approverUserId"])
        EngineFixture.approvers(.approver, .specificApprover, specific: "BOB")(&specific)
        #expect(Self.enablingError(specific) == nil)
    }

    @Test("A bad event condition is a 400 invalid-filter naming the step's field and the condition's field", arguments: [">", "1..2..3", "(A|B", ">A*"])
    func badFilter(filter: String) throws {
        var workflow = Self.copy("MS-SOAPW")
        workflow.steps[0].argument?.eventConditions?.header.append(FieldCondition(field: "amount", filter: filter))
        let error = Self.enablingError(workflow)
        let field = "steps[0].argument.eventConditions.header[2].filter"
        #expect(error?.kind == .badRequest && error?.type == "invalid-filter")
        #expect(fieldNames(error) == [field])
        #expect(error?.detail.hasPrefix("\(field) (amount): ") == true)
        #expect(error?.detail.contains("at position") == true)
        #expect(throws: FlowGateError.self) { try workflow.validateDefinition() }  // refused on save already, not only on enabling

        var lines = Self.copy("MS-SOAPW")
        lines.steps[0].argument?.eventConditions?.lines = [FieldCondition(field: "type", filter: filter)]
        #expect(fieldNames(Self.enablingError(lines)) == ["steps[0].argument.eventConditions.lines[0].filter"])
    }

    @Test("Due date formulas: negative ones are refused with Business Central's text, nonsense too", arguments: [
        ("-1D", "-1D must be a positive value."), ("<-2W>", "<-2W> must be a positive value."),
        ("soon", "'soon' is not a date formula such as <2D>, 1W or CM+10D"),
    ])
    func dueDateFormula(formula: String, text: String) throws {
        var workflow = Self.copy("MS-SOAPW")
        EngineFixture.approvers(.approver, .approverChain, dueDateFormula: formula)(&workflow)
        let create = Self.index(WorkflowResponses.createApprovalRequests, in: workflow)
        let error = Self.enablingError(workflow)
        #expect(error?.type == "validation-failed")
        #expect(message(error, for: "steps[\(create)].argument.dueDateFormula") == text)
    }

    @Test("Positive formulas are accepted", arguments: ["<2D>", "1W", "CM+10D", ""])
    func goodDueDateFormula(formula: String) throws {
        var workflow = Self.copy("MS-SOAPW")
        EngineFixture.approvers(.approver, .approverChain, dueDateFormula: formula)(&workflow)
        #expect(Self.enablingError(workflow) == nil)
    }

    @Test("Overlap: another enabled workflow on the same event with conditions that can both hold is a conflict")
    func overlapping() throws {
        let soapw = Self.enabled("MS-SOAPW", as: "SOAPW")
        let error = Self.enablingError(Self.copy("MS-SOAPW", as: "SOAPW-2"), others: [soapw])
        #expect(error?.kind == .conflict && error?.type == "workflow-conflict")
        #expect(error?.detail.contains("SOAPW") == true)
        // The credit limit template starts on the same event for orders too.
        #expect(Self.enablingError(Self.copy("MS-SOCLAPW"), others: [soapw])?.type == "workflow-conflict")
        // A wider condition still overlaps: Order|Invoice against Order.
        var wider = Self.copy("MS-SIAPW", as: "SIAPW-WIDE")
        wider.steps[0].argument?.eventConditions?.header[1].filter = "Order|Invoice"
        #expect(Self.enablingError(wider, others: [soapw])?.type == "workflow-conflict")
        // Record templates have no conditions: two of them always overlap.
        #expect(Self.enablingError(Self.copy("MS-CUSTAPW", as: "CUST-2"), others: [Self.enabled("MS-CUSTAPW", as: "CUSTAPW")])?.type == "workflow-conflict")
    }

    @Test("No overlap: Order against Invoice, another event, a disabled workflow, or the workflow itself")
    func notOverlapping() throws {
        let soapw = Self.enabled("MS-SOAPW", as: "SOAPW")
        #expect(Self.enablingError(Self.copy("MS-SIAPW"), others: [soapw]) == nil)
        #expect(Self.enablingError(Self.copy("MS-POAPW"), others: [soapw]) == nil)
        #expect(Self.enablingError(Self.copy("MS-CUSTAPW"), others: [soapw]) == nil)
        var disabled = soapw
        disabled.enabled = false
        #expect(Self.enablingError(Self.copy("MS-SOAPW", as: "SOAPW-2"), others: [disabled]) == nil)
        #expect(Self.enablingError(Self.copy("MS-SOAPW", as: "SOAPW"), others: [soapw]) == nil, "re-enabling itself")
    }

    @Test("A validated copy runs: the workflow the checks accept is the one the engine executes")
    func validatedCopyRuns() throws {
        var workflow = Self.copy("MS-SIAPW")
        try workflow.validateForEnabling(catalog: Self.catalog, otherEnabled: [Self.enabled("MS-SOAPW", as: "SOAPW")])
        workflow.enabled = true
        var fixture = EngineFixture(record: EngineFixture.salesOrder(amount: 3000, type: .invoice, salesperson: "BO"), templates: [])
        fixture.workflows = [Self.enabled("MS-SOAPW", as: "SOAPW"), workflow]
        let outcome = try fixture.send()
        #expect(outcome.workflowCode == "SIAPW")
        #expect(fixture.entrySummary == ["BOB:Open"])
    }
}
