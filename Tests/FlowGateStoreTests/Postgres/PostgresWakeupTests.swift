import Foundation
import Synchronization
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

/// LISTEN/NOTIFY: one instance's dispatcher learns at once that another wrote outbox messages.
@Suite struct PostgresWakeupTests {
    @Test("A message committed through one instance wakes the watcher of another at once")
    func wakesOtherInstance() async throws {
        try await PostgresTestServer.withDatabase { url in
            try await withTemporaryDirectory { directory in
                let configuration = try StoreConfiguration(database: url, secretKeyFile: directory.url.appendingPathComponent("secret.key").path)
                let writer = try await configuration.open()
                let watcher = try #require(try await configuration.open() as? any OutboxWakeups)
                let wakes = Atomic<Int>(0)
                let watching = Task { try await watcher.watchOutbox { wakes.add(1, ordering: .relaxed) } }
                defer { watching.cancel() }
                try await Task.sleep(for: .milliseconds(300))  // the LISTEN is in place

                let company = try await writer.makeCompany()
                let record = try await writer.makeCustomer(company)
                try await writer.send([outboxMessage(subscriptionId: nil, companyId: company.id)], about: record)
                let deadline = ContinuousClock.now + .seconds(5)
                while wakes.load(ordering: .relaxed) == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
                #expect(wakes.load(ordering: .relaxed) >= 1)
            }
        }
    }
}
