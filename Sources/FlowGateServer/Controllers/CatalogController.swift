import FlowGateApp
import FlowGateCore
import Foundation
import Hummingbird

/// `/api/v1/workflowEvents` and `/api/v1/workflowResponses`: the catalogue workflows are built from.
struct CatalogController {
    let catalog: WorkflowCatalog

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("workflowEvents", use: events)
        routes.get("workflowResponses", use: responses)
        return routes
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.caller()
        return JSONResponse.list(catalog.events.map(\.json))
    }

    @Sendable func responses(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.caller()
        return JSONResponse.list(catalog.responses.map(\.json))
    }
}

extension WorkflowEventDefinition: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "functionName": .string(functionName), "description": .string(description), "table": .string(table.rawValue),
            "usedForRecordChange": .bool(usedForRecordChange), "predecessors": .array(predecessors.map { .string($0) }),
        ])
    }
}

extension WorkflowResponseDefinition: JSONRepresentable {
    public var json: JSONValue {
        .object([
            "functionName": .string(functionName), "description": .string(description),
            "options": .array(options.map { .string($0.rawValue) }), "requiredOptions": .array(requiredOptions.map { .string($0.rawValue) }),
            "tables": tables.map { .array($0.map { .string($0.rawValue) }) } ?? .null,
        ])
    }
}
