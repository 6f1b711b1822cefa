import FlowGateDelivery
import Testing

/// The dispatcher's pause while the outbox keeps failing (the database is down).
@Suite("Dispatcher backoff while the outbox fails")
struct StorageBackoffTests {
    @Test("The pause doubles with each failure in a row, from the retry delay up to the maximum")
    func doubling() {
        let configuration = WebhookDispatcherConfiguration(storageRetryDelay: .seconds(1), maximumStorageRetryDelay: .seconds(8))
        let pauses = (1...7).map { configuration.storagePause(afterFailures: $0) }
        #expect(pauses == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8), .seconds(8)])
        #expect(configuration.storagePause(afterFailures: 10_000) == .seconds(8))
    }

    @Test("A maximum below the retry delay does not shorten the first pause")
    func maximumBelowDelay() {
        let configuration = WebhookDispatcherConfiguration(storageRetryDelay: .milliseconds(20), maximumStorageRetryDelay: .milliseconds(5))
        #expect(configuration.storagePause(afterFailures: 1) == .milliseconds(20))
        #expect(configuration.storagePause(afterFailures: 3) == .milliseconds(20))
    }
}
