import FlowGateCore
import FlowGateDelivery
import Foundation

/// Business Central's validation handshake: before a record-change subscription is created or renewed, its
/// notification URL is called with `?validationToken=<random>` and must answer 200 with the token as the body.
struct SubscriptionHandshake {
    let transport: any HTTPTransport
    let timeout: Duration

    func validate(_ notificationUrl: String) async throws {
        let token = WebhookSecret.generate().text.dropFirst("whsec_".count).filter { $0.isLetter || $0.isNumber }
        let separator = notificationUrl.contains("?") ? "&" : "?"
        let request = OutboundRequest(
            url: notificationUrl + separator + "validationToken=" + token, method: "POST",
            headers: [(name: "content-type", value: "text/plain")], connectTimeout: timeout, timeout: timeout
        )
        let response: OutboundResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw Self.failure("could not be reached for the validation handshake: \(DeliveryAttempt.failureDescription(of: error))")
        }
        let body = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard response.statusCode == 200 else {
            throw Self.failure("answered \(response.statusCode) to the validation handshake\(Self.quoted(body)); it must answer 200 with the validationToken as the body")
        }
        guard body == token || body == "\"\(token)\"" else {
            throw Self.failure("answered 200 to the validation handshake without the validationToken as its body\(Self.quoted(body))")
        }
    }

    private static func failure(_ what: String) -> FlowGateError {
        FlowGateError(.badRequest, type: "handshake-failed", detail: "The notification URL \(what).", errors: [.init(field: "notificationUrl", message: what)])
    }

    private static func quoted(_ body: String) -> String {
        body.isEmpty ? "" : " (body: '\(body.prefix(200))')"
    }
}
