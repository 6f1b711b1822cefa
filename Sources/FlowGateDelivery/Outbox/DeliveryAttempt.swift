import Foundation

/// One try at delivering a message, as recorded for the operator.
public struct DeliveryAttempt: Sendable, Equatable {
    public var messageId: UUID
    /// 1 for the first attempt.
    public var number: Int
    public var startedAt: Date
    public var durationMilliseconds: Double
    public var url: String
    /// The receiver's status code, when it answered.
    public var statusCode: Int?
    /// The start of the receiver's body, capped by the transport.
    public var responseBody: String?
    /// Why the attempt failed, in words an operator can act on (refused address, timeout, 500, …).
    public var error: String?
    /// The address actually connected to, when a connection was made.
    public var remoteAddress: String?

    public init(
        messageId: UUID, number: Int, startedAt: Date, durationMilliseconds: Double, url: String, statusCode: Int? = nil,
        responseBody: String? = nil, error: String? = nil, remoteAddress: String? = nil
    ) {
        self.messageId = messageId
        self.number = number
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.url = url
        self.statusCode = statusCode
        self.responseBody = responseBody
        self.error = error
        self.remoteAddress = remoteAddress
    }
}

/// What becomes of a message after an attempt.
public enum DeliveryNextState: Sendable, Equatable {
    case delivered(at: Date)
    case retry(at: Date)
    /// A dead letter; `reason` is kept as the message's last error.
    case failed(reason: String)
}

/// An attempt and the message's next state, stored together.
public struct DeliveryResult: Sendable, Equatable {
    public var messageId: UUID
    /// Nil when no attempt could be made (the subscription is gone): the message fails without one.
    public var attempt: DeliveryAttempt?
    public var next: DeliveryNextState

    public init(messageId: UUID, attempt: DeliveryAttempt?, next: DeliveryNextState) {
        self.messageId = messageId
        self.attempt = attempt
        self.next = next
    }
}
