import Synchronization

/// Where sending tasks leave their outcomes for the dispatcher's loop to record in one batch.
final class CompletedDeliveries: Sendable {
    struct Batch {
        var completions: [DeliveryCompletion] = []
        /// Sends cut short (cancelled, transport shut down): nothing to record, but their slots are free again.
        var abandoned = 0
        var transportShutDown = false
    }

    private let batch = Mutex(Batch())

    func hand(_ outcome: Result<DeliveryCompletion, TransportError>) {
        batch.withLock { batch in
            switch outcome {
            case .success(let completion):
                batch.completions.append(completion)
            case .failure(let error):
                batch.abandoned += 1
                if error.kind == .shutDown { batch.transportShutDown = true }
            }
        }
    }

    /// Everything handed in since the last call.
    func takeAll() -> Batch {
        batch.withLock { batch in
            defer { batch = Batch() }
            return batch
        }
    }
}
