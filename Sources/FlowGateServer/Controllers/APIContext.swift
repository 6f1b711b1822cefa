import FlowGateApp
import FlowGateCore
import Foundation
import Hummingbird

/// What every API controller needs: the gateway's use cases and the body limit.
struct APIContext: Sendable {
    let gateway: Gateway
    let bodyLimit: Int

    /// The company named by the `:company` path parameter (id or unique name), if the caller's key reaches it.
    func company(_ context: AppRequestContext) async throws -> Company {
        try await gateway.directory.company(try context.parameters.text("company"), for: try context.caller())
    }

    /// An upper-case code from a path parameter.
    func code(_ context: AppRequestContext, _ name: String) throws -> String {
        try Code.normalize(try context.parameters.text(name), field: name)
    }
}

extension Page where Item: JSONRepresentable {
    func response() throws -> Response {
        JSONResponse.list(items.map(\.json), nextCursor: nextCursor)
    }
}
