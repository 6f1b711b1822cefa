import FlowGateDelivery
import Foundation
import Testing

/// The words an operator reads in a failed attempt's record.
@Suite("Failed attempts described for operators")
struct DeliveryAttemptFailureDescriptionTests {
    @Test("Statuses read as the code and its reason phrase; 2xx is no failure")
    func statuses() {
        #expect(DeliveryAttempt.failureDescription(of: OutboundResponse(statusCode: 200)) == nil)
        #expect(DeliveryAttempt.failureDescription(of: OutboundResponse(statusCode: 204)) == nil)
        #expect(DeliveryAttempt.failureDescription(of: OutboundResponse(statusCode: 500)) == "HTTP 500 Internal Server Error")
        #expect(DeliveryAttempt.failureDescription(of: OutboundResponse(statusCode: 429)) == "HTTP 429 Too Many Requests")
        #expect(DeliveryAttempt.failureDescription(of: OutboundResponse(statusCode: 599)) == "HTTP 599")
    }

    @Test("Redirects say they were not followed, and where they pointed")
    func redirects() {
        let located = OutboundResponse(statusCode: 301, headers: [("Location", "https://example.com/new")])
        #expect(
            DeliveryAttempt.failureDescription(of: located)
                == "Redirect (301 to https://example.com/new) not followed; webhooks must be answered with 2xx"
        )
        #expect(
            DeliveryAttempt.failureDescription(of: OutboundResponse(statusCode: 302))
                == "Redirect (302) not followed; webhooks must be answered with 2xx"
        )
    }

    @Test("Transport errors keep the transport's message, with what kind of failure it was")
    func transportErrors() {
        let timeout = TransportError(kind: .timedOut, message: "Operation timed out after 30001 milliseconds", duration: .milliseconds(30001))
        #expect(DeliveryAttempt.failureDescription(of: timeout) == "Timed out after 30 s (Operation timed out after 30001 milliseconds)")
        let quick = TransportError(kind: .timedOut, message: "Connection timed out", duration: .milliseconds(250))
        #expect(DeliveryAttempt.failureDescription(of: quick) == "Timed out after 0.3 s (Connection timed out)")
        let refused = TransportError(kind: .refusedByNetworkPolicy, message: "refused to connect to 10.1.2.3: private address")
        #expect(DeliveryAttempt.failureDescription(of: refused) == "Refused to connect to 10.1.2.3: private address")
        let dns = TransportError(kind: .hostNotFound, message: "Could not resolve host: hooks.invalid")
        #expect(DeliveryAttempt.failureDescription(of: dns) == "Could not resolve host: hooks.invalid")
        let tls = TransportError(kind: .tlsFailed, message: "SSL certificate problem: self-signed certificate")
        #expect(DeliveryAttempt.failureDescription(of: tls) == "TLS failed: SSL certificate problem: self-signed certificate")
    }
}
