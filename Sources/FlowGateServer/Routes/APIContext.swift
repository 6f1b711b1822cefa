import FlowGateCore
import FlowGateStore
import Foundation
import Hummingbird

/// What every API route needs: the store, the body limit and the clock.
struct APIContext: Sendable {
    let store: any Store
    let bodyLimit: Int
    let now: @Sendable () -> Date

    /// The company named by the `:company` path parameter (id or unique name). A company the caller's key
    /// does not reach is answered exactly like one that does not exist, so a key learns nothing beyond its companies.
    func company(_ context: AppRequestContext) async throws -> Company {
        let key = try context.parameters.text("company")
        guard let company = try await store.company(idOrName: key), try context.caller().reaches(company.id) else {
            throw FlowGateError.notFound("Company '\(key)' does not exist.")
        }
        return company
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
