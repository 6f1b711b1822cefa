import FlowGateApp
import FlowGateCore
import Foundation
import Hummingbird

/// The OpenAPI 3.1 description of the whole API, served at `GET /openapi.json`.
///
/// Its paths come from the router itself, so a route cannot go undocumented: each route is described by its
/// entry in `APIOperation.all` (tests check that every route has one and every entry has a route). Bodies are
/// the schemas of `OpenAPISchemas` and `OpenAPIInputs`; the contract tests call every operation and validate
/// each answer against them.
enum OpenAPIDocument {
    /// A route as the router lists it: `GET`, `/api/v1/companies/:company`.
    struct Route: Hashable {
        var method: String
        var path: String

        /// `GET /api/v1/companies/{company}`, the key of `APIOperation.all`.
        var key: String { "\(method) \(openAPIPath)" }

        /// The router writes a capture as `{name}` (or `:name` as routes are declared).
        var openAPIPath: String {
            "/" + path.split(separator: "/").map { Self.captureName($0).map { "{\($0)}" } ?? String($0) }.joined(separator: "/")
        }

        var parameterNames: [String] { path.split(separator: "/").compactMap(Self.captureName) }

        private static func captureName(_ segment: Substring) -> String? {
            if segment.hasPrefix(":") { return String(segment.dropFirst()) }
            if segment.hasPrefix("{") && segment.hasSuffix("}") { return String(segment.dropFirst().dropLast()) }
            return nil
        }
    }

    static func routes(of router: Router<AppRequestContext>) -> [Route] {
        router.routes.map { Route(method: $0.method.rawValue, path: $0.path.description) } + [Route(method: "GET", path: "/openapi.json")]
    }

    static func make(routes: [Route]) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[route.openAPIPath, default: [:]][route.method.lowercased()] = operation(route)
        }
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "FlowGate", "version": "1.0.0",
                "description": "Business Central's approval workflows for any business application, and a gateway to automation platforms.",
            ]),
            "paths": .object(paths.mapValues { .object($0) }),
            "webhooks": OpenAPIWebhooks.all,
            "components": .object([
                "securitySchemes": .object(["bearer": .object(["type": "http", "scheme": "bearer", "description": "An API key (fgk_…)."])]),
                "schemas": .object(OpenAPISchemas.all.merging(["Problem": problemSchema]) { $1 }),
            ]),
            "security": .array([.object(["bearer": .array([])])]),
        ])
    }

    private static func operation(_ route: Route) -> JSONValue {
        let described = APIOperation.all[route.key] ?? APIOperation.undocumented(route)
        var fields: [String: JSONValue] = [
            "operationId": .string(described.id), "summary": .string(described.summary), "tags": .array([.string(described.tag)]),
        ]
        var parameters = route.parameterNames.map { name -> JSONValue in
            .object(["name": .string(name), "in": "path", "required": .bool(true), "schema": pathSchema(name, in: route)])
        }
        if case .page = described.answer {
            parameters.append(query("limit", Schema.integer(minimum: 1, maximum: 1000), "How many items a page holds."))
            parameters.append(query("cursor", Schema.string, "The nextCursor of the previous page."))
        }
        for parameter in described.query {
            let schema = parameter.repeated ? Schema.array(parameter.schema) : parameter.schema
            parameters.append(query(parameter.name, schema, parameter.description))
        }
        if described.ifMatch != .none {
            parameters.append(.object([
                "name": "If-Match", "in": "header", "required": .bool(described.ifMatch == .required), "schema": Schema.string,
                "description": "The ETag of the version the change is based on (\"*\": any version); a stale one answers 412.",
            ]))
        }
        if !parameters.isEmpty { fields["parameters"] = .array(parameters) }
        if let body = described.body {
            fields["requestBody"] = .object([
                "required": .bool(described.bodyRequired),
                "content": .object(["application/json": .object(["schema": Schema.ref(body)])]),
            ])
        }
        var responses = successResponses(described)
        for (status, schema) in described.alsoAnswers {
            responses[String(status)] = jsonResponse(described.summary, schema: Schema.ref(schema))
        }
        responses["default"] = .object([
            "description": "A problem (RFC 9457).",
            "content": .object(["application/problem+json": .object(["schema": Schema.ref("Problem")])]),
        ])
        fields["responses"] = .object(responses)
        if !described.authenticated { fields["security"] = .array([]) }
        return .object(fields)
    }

    private static func successResponses(_ described: APIOperation) -> [String: JSONValue] {
        switch described.answer {
        case .ok(let name): ["200": jsonResponse(described.summary, schema: Schema.ref(name))]
        case .created(let name): ["201": jsonResponse("Created.", schema: Schema.ref(name), location: true)]
        case .accepted(let name): ["202": jsonResponse("Accepted.", schema: Schema.ref(name), location: true)]
        case .createdOrReplaced(let name):
            ["201": jsonResponse("Created.", schema: Schema.ref(name)), "200": jsonResponse("Replaced.", schema: Schema.ref(name))]
        case .page(let name), .list(let name): ["200": jsonResponse(described.summary, schema: Schema.page(of: Schema.ref(name)))]
        case .noContent: ["204": .object(["description": "Done; no content."])]
        case .metrics:
            ["200": .object(["description": "Prometheus text exposition.", "content": .object(["text/plain": .object(["schema": Schema.string])])])]
        case .openAPI: ["200": jsonResponse("An OpenAPI 3.1 document.", schema: Schema.anyObject)]
        case .undescribed: ["200": jsonResponse("Undocumented.", schema: Schema.anyObject)]
        }
    }

    private static func jsonResponse(_ description: String, schema: JSONValue, location: Bool = false) -> JSONValue {
        var response: [String: JSONValue] = [
            "description": .string(description), "content": .object(["application/json": .object(["schema": schema])]),
        ]
        var headers: [String: JSONValue] = [
            "ETag": .object(["description": "The version of a stored resource, for If-Match (on resources that have one).", "schema": Schema.string])
        ]
        if location {
            headers["Location"] = .object(["description": "The URL of what was created.", "required": .bool(true), "schema": Schema.string])
        }
        response["headers"] = .object(headers)
        return .object(response)
    }

    /// What each path parameter holds: ids are UUIDs, entry numbers positive integers, users and codes codes.
    private static func pathSchema(_ name: String, in route: Route) -> JSONValue {
        let workflowCode = route.path.contains("/workflows/") || route.path.contains("/workflowTemplates/")
        return switch name {
        case "code" where workflowCode: Schema.code(maxLength: 20)
        case "id", "flowId", "runId", "workflowStepId": Schema.uuid
        case "entryNo": Schema.integer(minimum: 1)
        case "entitySet": Schema.oneOf(EntitySet.self)
        case "user", "code": Schema.code()
        default: Schema.string
        }
    }

    private static func query(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        .object(["name": .string(name), "in": "query", "schema": schema, "description": .string(description)])
    }

    private static let problemSchema: JSONValue = .object([
        "type": "object", "required": .array(["type", "title", "status", "detail"]),
        "properties": .object([
            "type": .object(["type": "string"]), "title": .object(["type": "string"]), "status": .object(["type": "integer"]),
            "detail": .object(["type": "string"]), "instance": .object(["type": "string"]),
            "requestId": .object(["type": "string", "description": "The request's X-Request-Id, to find it in the logs."]),
            "errors": .object([
                "type": "array",
                "items": .object([
                    "type": "object", "required": .array(["field", "message"]),
                    "properties": .object(["field": .object(["type": "string"]), "message": .object(["type": "string"])]),
                ]),
            ]),
        ]),
    ])
}
