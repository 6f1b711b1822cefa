import FlowGateCore

/// How the OpenAPI document describes one route: its operation id, summary, body and answer.
struct APIOperation: Sendable {
    /// The success answer; errors are always the `default` problem+json response.
    enum Answer: Sendable {
        /// 200 with a `components.schemas` resource.
        case ok(String)
        /// 201 with the resource and its `Location`.
        case created(String)
        /// 202 with the resource and its `Location`.
        case accepted(String)
        /// 201 when the PUT created it, 200 when it replaced it.
        case createdOrReplaced(String)
        /// 200 with `{"value": [...], "nextCursor"}`, paged by `?limit=&cursor=`.
        case page(String)
        /// 200 with `{"value": [...], "nextCursor": null}`, the whole list at once.
        case list(String)
        case noContent
        /// 200 with Prometheus text.
        case metrics
        /// 200 with this document.
        case openAPI
        /// A route without an entry in `all`.
        case undescribed
    }

    /// Whether the operation reads an `If-Match` version precondition.
    enum IfMatch: Sendable { case none, optional, required }

    var id: String
    var summary: String
    var tag: String
    /// The request body's schema in `components.schemas`.
    var body: String? = nil
    var bodyRequired = true
    var answer: Answer
    var query: [QueryParameter] = []
    var ifMatch = IfMatch.none
    var authenticated = true
    /// Answers besides the success and the problems: `GET /health/ready` says 503 with a body.
    var alsoAnswers: [Int: String] = [:]

    struct QueryParameter: Sendable {
        var name: String
        var schema: JSONValue
        var description: String
        var repeated = false
    }

    /// A route with no entry: documented with a generated id, so the document stays whole; tests fail on it.
    static func undocumented(_ route: OpenAPIDocument.Route) -> APIOperation {
        let id = route.method.lowercased() + route.path.split(separator: "/").map { $0.filter { $0.isLetter || $0.isNumber }.capitalized }.joined()
        return APIOperation(id: id, summary: "\(route.method) \(route.openAPIPath)", tag: "Undocumented", answer: .undescribed)
    }
}
