import Foundation

/// A claimed message's outcome, waiting to be recorded.
struct DeliveryCompletion: Sendable {
    var result: DeliveryResult
    /// The subscription whose receiver said it is gone, to be removed once the result is stored.
    var gone: GoneEndpoint?
}

/// A subscription whose receiver said it no longer wants messages, and the status it answered.
public struct GoneEndpoint: Sendable, Equatable {
    public var subscriptionId: UUID
    public var statusCode: Int?
}

extension WebhookDispatcher {
    /// The last error of a message whose receiver answered 410 Gone.
    public static let goneReason = "The receiver answered 410 Gone; the subscription was removed (a flow is disabled)."

    /// The last error of a message whose API webhook receiver refused it.
    static func refusedReason(_ statusCode: Int?) -> String {
        "The receiver answered \(statusCode.map(String.init) ?? "no status"); as Business Central does, the subscription was deleted."
    }
    /// The last error of a message claimed without an endpoint.
    public static let noSubscriptionReason = "The subscription of this message no longer exists or is disabled."

    /// Sends one claimed message and decides what becomes of it. Fails with the transport's error when
    /// the send was cut short on purpose (cancellation, the transport shutting down): such an attempt
    /// says nothing about the receiver and is not recorded; the message's lease runs out instead.
    func deliver(_ task: DeliveryTask) async -> Result<DeliveryCompletion, TransportError> {
        let message = task.message
        guard let endpoint = task.endpoint else {
            let result = DeliveryResult(messageId: message.id, attempt: nil, next: .failed(reason: Self.noSubscriptionReason))
            return .success(DeliveryCompletion(result: result))
        }
        let startedAt = now()
        let request = request(for: message, to: endpoint, at: startedAt)
        let clock = ContinuousClock()
        let start = clock.now
        let sent: Result<OutboundResponse, TransportError>
        do {
            sent = .success(try await transport.send(request))
        } catch {
            if error.kind == .cancelled || error.kind == .shutDown { return .failure(error) }
            sent = .failure(error)
        }
        let attempt = DeliveryAttempt(
            messageId: message.id, number: message.attemptCount + 1, startedAt: startedAt,
            durationMilliseconds: (clock.now - start).inSeconds * 1000, url: endpoint.url
        ).filled(from: sent)
        var random = SystemRandomNumberGenerator()
        let decidedAt = now()
        let decision = configuration.retryPolicy.decide(
            after: attempt.number, outcome: AttemptOutcome(sent), now: decidedAt, rules: endpoint.failureRules, since: message.createdAt,
            using: &random
        )
        let next: DeliveryNextState
        var gone: GoneEndpoint?
        switch decision {
        case .delivered: next = .delivered(at: decidedAt)
        case .retry(let date): next = .retry(at: date)
        case .stop(let reason):
            // A used-up schedule names the last failure too, so an operator sees it without opening the attempts.
            if case .scheduleExhausted = reason, let error = attempt.error {
                next = .failed(reason: "\(reason.description); last: \(error)")
            } else {
                next = .failed(reason: reason.description)
            }
        case .gone:
            next = .failed(reason: endpoint.failureRules == .flow ? Self.goneReason : Self.refusedReason(attempt.statusCode))
            gone = GoneEndpoint(subscriptionId: endpoint.subscriptionId, statusCode: attempt.statusCode)
        }
        logger.debug(
            "Webhook attempt",
            metadata: [
                "message": "\(message.id)", "attempt": "\(attempt.number)", "status": "\(attempt.statusCode.map(String.init) ?? "-")",
                "error": "\(attempt.error ?? "-")",
            ]
        )
        let result = DeliveryResult(messageId: message.id, attempt: attempt, next: next)
        return .success(DeliveryCompletion(result: result, gone: gone))
    }

    /// The signed POST of one attempt: `webhook-timestamp` is this attempt's time, `webhook-id` the message's.
    func request(for message: OutboxMessage, to endpoint: DeliveryEndpoint, at time: Date) -> OutboundRequest {
        let timestamp = Int(time.timeIntervalSince1970.rounded(.down))
        var headers = [
            (name: "content-type", value: "application/json"),
            (name: "webhook-id", value: message.webhookId),
            (name: "webhook-timestamp", value: String(timestamp)),
        ]
        // Every current secret signs, so a receiver still on the previous one keeps verifying during rotation.
        if !endpoint.secrets.isEmpty {
            let signature = StandardWebhooks.signatureHeader(
                id: message.webhookId, timestamp: timestamp, body: message.payload, secrets: endpoint.secrets
            )
            headers.append((name: "webhook-signature", value: signature))
        }
        return OutboundRequest(
            url: endpoint.url, method: "POST", headers: headers, body: message.payload,
            connectTimeout: configuration.connectTimeout, timeout: configuration.requestTimeout
        )
    }
}

extension DeliveryAttempt {
    /// This attempt with what the receiver answered, or why it did not.
    func filled(from sent: Result<OutboundResponse, TransportError>) -> DeliveryAttempt {
        var attempt = self
        switch sent {
        case .success(let response):
            attempt.statusCode = response.statusCode
            attempt.responseBody = response.body.isEmpty ? nil : String(decoding: response.body, as: UTF8.self)
            attempt.remoteAddress = response.remoteAddress
            attempt.error = Self.failureDescription(of: response)
        case .failure(let error):
            attempt.error = Self.failureDescription(of: error)
        }
        return attempt
    }
}
