import Foundation
import Testing

@testable import FlowGateCore

@Suite("What holds for every workflow template")
struct WorkflowTemplateInvariantTests {
    static let codes = [
        "SOAPW", "SQAPW", "SIAPW", "SCMAPW", "SROAPW", "BSOAPW", "POAPW", "PQAPW", "PIAPW", "PCMAPW", "PROAPW", "BPOAPW",
        "SOCLAPW", "SICLAPW", "CUSTAPW", "VENDAPW", "ITEMAPW", "CCLCAPW", "IUPCAPW", "GJBAPW", "GJLAPW", "OVERDUE",
    ]

    @Test("The templates are exactly the required MS- codes, each once, shared, disabled and made in FlowGate")
    func codes() {
        let codes = WorkflowTemplates.all.map(\.code)
        #expect(Set(codes) == Set(Self.codes.map { "MS-" + $0 }))
        #expect(codes.count == Set(codes).count)
        for template in WorkflowTemplates.all {
            #expect(template.template && !template.enabled, "\(template.code)")
            #expect(template.companyId == nil && template.source == .native && template.version == 1, "\(template.code)")
            #expect(template.clientId == nil && template.subscriptionId == nil, "\(template.code)")
            #expect(template.category != nil && !template.description.isEmpty, "\(template.code)")
        }
    }

    @Test("A template is found by its code with or without the MS- prefix, in any case", arguments: ["MS-SOAPW", "SOAPW", "ms-soapw", " soapw "])
    func lookup(code: String) {
        #expect(WorkflowTemplates.template(code)?.code == "MS-SOAPW")
    }

    @Test("An unknown code finds no template")
    func unknownCode() {
        #expect(WorkflowTemplates.template("MS-NOPE") == nil)
        #expect(WorkflowTemplates.template("") == nil)
    }

    @Test("Every function name is an event or a response of the standard catalogue", arguments: WorkflowTemplates.all)
    func functionNamesExist(template: Workflow) {
        let catalog = WorkflowCatalog.standard
        for step in template.steps {
            switch step.type {
            case .event: #expect(catalog.event(step.functionName) != nil, "\(template.code) step \(step.id): \(step.functionName)")
            case .response: #expect(catalog.response(step.functionName) != nil, "\(template.code) step \(step.id): \(step.functionName)")
            case .subWorkflow: Issue.record("\(template.code) step \(step.id) is a sub-workflow")
            }
        }
    }

    @Test("Exactly one root: an entry-point event without a previous step, and the only step without one", arguments: WorkflowTemplates.all)
    func singleRoot(template: Workflow) throws {
        let entryPoints = template.steps.filter(\.entryPoint)
        let withoutPrevious = template.steps.filter { $0.previousStepId == nil }
        #expect(entryPoints.map(\.id) == [1])
        #expect(withoutPrevious.map(\.id) == [1])
        let root = try #require(template.rootStep)
        #expect(root.type == .event)
    }

    @Test("Step ids run 1, 2, 3, ... and every previous and next step exists", arguments: WorkflowTemplates.all)
    func noOrphans(template: Workflow) {
        #expect(template.steps.map(\.id) == Array(1...template.steps.count))
        let ids = Set(template.steps.map(\.id))
        for step in template.steps {
            if let previous = step.previousStepId { #expect(ids.contains(previous) && previous < step.id, "\(template.code) step \(step.id)") }
            if let next = step.nextStepId { #expect(ids.contains(next) && next != step.id, "\(template.code) step \(step.id)") }
        }
        #expect(!WorkflowTreeText.render(template).contains("orphan"))
    }

    @Test("Sequence numbers follow Business Central: 1 for the root, then 0, 1, 2, ... among the steps after one step", arguments: WorkflowTemplates.all)
    func sequenceNumbers(template: Workflow) {
        #expect(template.rootStep?.sequenceNo == 1)
        for parent in template.steps {
            let siblings = template.steps.filter { $0.previousStepId == parent.id }
            #expect(siblings.map(\.sequenceNo) == Array(0..<siblings.count), "\(template.code) after step \(parent.id)")
        }
    }

    @Test("Every loop goes back from a send response to the step that waits for the approvers", arguments: WorkflowTemplates.all)
    func loops(template: Workflow) throws {
        for step in template.steps where step.nextStepId != nil {
            #expect(step.type == .response && step.functionName == WorkflowResponses.sendApprovalRequestForApproval, "\(template.code) step \(step.id)")
            let target = try #require(template.step(step.nextStepId!))
            let events = template.children(of: target.id).map(\.functionName)
            #expect(events.contains(WorkflowEvents.approveApprovalRequest), "\(template.code) step \(step.id) loops to \(target.id)")
        }
    }

    @Test("Every event after the root has one of its catalogue predecessors among the events above it", arguments: WorkflowTemplates.all)
    func eventPredecessors(template: Workflow) throws {
        for step in template.steps where step.type == .event && step.previousStepId != nil {
            let predecessors = try #require(WorkflowCatalog.standard.event(step.functionName)).predecessors
            var ancestors: [String] = []
            var current = step.previousStepId.flatMap(template.step)
            while let ancestor = current {
                if ancestor.type == .event { ancestors.append(ancestor.functionName) }
                current = ancestor.previousStepId.flatMap(template.step)
            }
            #expect(!Set(predecessors).isDisjoint(with: ancestors), "\(template.code) step \(step.id) \(step.functionName)")
        }
    }

    @Test("Every option a template sets is one its response reads, and every required option is set", arguments: WorkflowTemplates.all)
    func responseOptions(template: Workflow) throws {
        for step in template.steps where step.type == .response {
            let response = try #require(WorkflowCatalog.standard.response(step.functionName))
            let set = Set(setOptions(step.argument))
            #expect(Set(response.requiredOptions).isSubset(of: set), "\(template.code) step \(step.id) \(step.functionName)")
            #expect(set.subtracting(response.options).isEmpty, "\(template.code) step \(step.id) \(step.functionName): \(set)")
        }
    }

    /// The argument options that are set, named as `ArgumentOption` names them.
    private func setOptions(_ argument: WorkflowStepArgument?) -> [ArgumentOption] {
        guard let argument else { return [] }
        return Mirror(reflecting: argument).children.compactMap { child in
            guard let label = child.label, Mirror(reflecting: child.value).children.first != nil else { return nil }
            return ArgumentOption(rawValue: label)
        }
    }
}

extension Workflow: CustomTestStringConvertible {
    public var testDescription: String { code }
}
