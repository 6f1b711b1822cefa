import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct StoreReadinessTests {
    @Test("An open store answers the readiness check", arguments: StoreBackend.all)
    func readyWhenOpen(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            try await store.checkReady()
            // Also once it holds data.
            _ = try await store.makeCompany()
            try await store.checkReady()
        }
    }
}
