import Foundation

/// What one delivery attempt came to, as far as retrying is concerned.
public enum AttemptOutcome: Sendable, Hashable {
    /// The receiver answered; `body` is the (possibly truncated) start of its response body.
    case response(statusCode: Int, retryAfter: String?, body: [UInt8])
    /// No complete answer in time: the receiver may be overloaded, so retries are slowed.
    case timedOut
    /// Anything else that prevented an answer: refused connection, DNS, TLS, refused by the network policy.
    case failed

    /// The outcome of a transport result. A cancelled or shut-down transport counts as a failure;
    /// callers that stop on purpose should not record such an attempt at all.
    public init(_ result: Result<OutboundResponse, TransportError>) {
        switch result {
        case .success(let response):
            self = .response(statusCode: response.statusCode, retryAfter: response.header("retry-after"), body: response.body)
        case .failure(let error):
            self = error.kind == .timedOut ? .timedOut : .failed
        }
    }
}

/// What to do with a message after an attempt.
public enum RetryDecision: Sendable, Hashable {
    /// The receiver accepted it (2xx): done.
    case delivered
    /// Try again at this time.
    case retry(at: Date)
    /// Give up: the message becomes a dead letter.
    case stop(StopReason)
    /// The receiver answered 410 Gone (under API webhook rules, any refusal): the subscription no longer exists
    /// and should be removed.
    case gone
}

/// Why retrying stopped.
public enum StopReason: Sendable, Hashable, CustomStringConvertible {
    /// Every attempt the schedule allows failed.
    case scheduleExhausted(attempts: Int)
    /// The receiver said the target no longer accepts this message (Business Central's stop rules).
    case receiverRejected(statusCode: Int, code: String)

    public var description: String {
        switch self {
        case .scheduleExhausted(let attempts): "gave up after \(attempts) failed attempts"
        case .receiverRejected(let statusCode, let code): "the receiver answered \(statusCode) \(code); not retrying"
        }
    }
}
