import FlowGateApp
import FlowGateCore
import Foundation

/// The export/import document: `{"workflows": [...]}`, each workflow as `GET .../workflows/{code}` shows it.
enum WorkflowDocument {
    static func json(_ workflows: [Workflow]) -> JSONValue {
        .object(["workflows": .array(workflows.map(\.json))])
    }

    /// A document, or a single workflow object; every workflow is parsed before any is stored.
    static func parse(_ object: [String: JSONValue], companyId: UUID) throws -> [Workflow] {
        guard object["workflows"] != nil else { return [try Inputs.workflow(object, companyId: companyId, code: nil)] }
        var reader = JSONObjectReader(object)
        reader.rejectUnknown(allowed: ["workflows"], context: "a workflow document")
        let items = reader.array("workflows").value ?? []
        try reader.problems.throwIfAny()
        var workflows: [Workflow] = []
        for (index, item) in items.enumerated() {
            guard case .object(let workflow) = item else {
                throw FlowGateError.validation(field: "workflows[\(index)]", "must be a workflow object")
            }
            workflows.append(try Inputs.workflow(workflow, companyId: companyId, code: nil, path: "workflows[\(index)]"))
        }
        if let duplicate = Dictionary(grouping: workflows, by: \.code).first(where: { $0.value.count > 1 })?.key {
            throw FlowGateError.validation(field: "workflows", "workflow \(duplicate) appears twice")
        }
        return workflows
    }
}
