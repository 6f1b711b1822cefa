import FlowGateCore
import Foundation
import Hummingbird

/// `/api/v1/workflowEvents` and `/api/v1/workflowResponses`: the catalogue workflows are built from.
struct CatalogRoutes {
    let catalog: WorkflowCatalog

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("workflowEvents") { _, context in
            _ = try context.caller()
            return JSONResponse.list(catalog.events.map(\.json))
        }
        group.get("workflowResponses") { _, context in
            _ = try context.caller()
            return JSONResponse.list(catalog.responses.map(\.json))
        }
    }
}

extension WorkflowEventDefinition: JSONRepresentable {
    var json: JSONValue {
        .object([
            "functionName": .string(functionName), "description": .string(description), "table": .string(table.rawValue),
            "usedForRecordChange": .bool(usedForRecordChange), "predecessors": .array(predecessors.map { .string($0) }),
        ])
    }
}

extension WorkflowResponseDefinition: JSONRepresentable {
    var json: JSONValue {
        .object([
            "functionName": .string(functionName), "description": .string(description),
            "options": .array(options.map { .string($0.rawValue) }), "requiredOptions": .array(requiredOptions.map { .string($0.rawValue) }),
            "tables": tables.map { .array($0.map { .string($0.rawValue) }) } ?? .null,
        ])
    }
}
