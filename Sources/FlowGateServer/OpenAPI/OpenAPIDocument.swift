import FlowGateApp
import FlowGateCore
import Foundation
import Hummingbird

/// The OpenAPI 3.1 description of the whole API, served at `GET /openapi.json`.
///
/// Its paths come from the router itself, so a route cannot go undocumented: each route is described by its
/// entry in `APIOperation.all` (tests check that every route has one and every entry has a route). Request and
/// response bodies are described as JSON objects for now; problems, the bearer scheme and the outbound
/// webhooks are described exactly.
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
                "schemas": .object(["Problem": problemSchema]),
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
            .object(["name": .string(name), "in": "path", "required": .bool(true), "schema": .object(["type": "string"])])
        }
        if described.list {
            parameters.append(.object(["name": "limit", "in": "query", "schema": .object(["type": "integer", "minimum": JSONValue(1), "maximum": JSONValue(1000)])]))
            parameters.append(.object(["name": "cursor", "in": "query", "schema": .object(["type": "string"])]))
        }
        if !parameters.isEmpty { fields["parameters"] = .array(parameters) }
        if ["POST", "PUT", "PATCH"].contains(route.method) && described.hasBody {
            fields["requestBody"] = .object([
                "required": .bool(route.method != "POST" || described.bodyRequired),
                "content": .object(["application/json": .object(["schema": .object(["type": "object"])])]),
            ])
        }
        var responses: [String: JSONValue] = [:]
        let success = String(described.success)
        if described.success == 204 {
            responses[success] = .object(["description": "Done; no content."])
        } else {
            responses[success] = .object([
                "description": .string(described.summary),
                "content": .object([described.contentType: .object(["schema": .object(["type": described.contentType == "application/json" ? "object" : "string"])])]),
            ])
        }
        responses["default"] = .object([
            "description": "A problem (RFC 9457).",
            "content": .object(["application/problem+json": .object(["schema": .object(["$ref": "#/components/schemas/Problem"])])]),
        ])
        fields["responses"] = .object(responses)
        if !described.authenticated { fields["security"] = .array([]) }
        return .object(fields)
    }

    private static let problemSchema: JSONValue = .object([
        "type": "object", "required": .array(["type", "title", "status", "detail"]),
        "properties": .object([
            "type": .object(["type": "string"]), "title": .object(["type": "string"]), "status": .object(["type": "integer"]),
            "detail": .object(["type": "string"]), "instance": .object(["type": "string"]),
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
