import Foundation

/// A store shared by several instances that tells each when any of them wrote outbox messages, so its dispatcher
/// sends them at once instead of at its next poll. Polling stays as the fallback.
public protocol OutboxWakeups: Sendable {
    /// Calls `wake` whenever an instance commits outbox messages, until the calling task is cancelled.
    func watchOutbox(_ wake: @escaping @Sendable () -> Void) async throws
}
