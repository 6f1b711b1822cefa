import FlowGateDelivery
import Foundation
import Testing

/// The SSRF guard inside the transport: checked on the address libcurl is about to connect to.
/// Only loopback addresses are used here, so a failing guard could never send traffic elsewhere.
@Suite("libcurl transport: network policy on the resolved address")
struct CurlTransportNetworkPolicyTests {
    func withTransport<Value: Sendable>(allowing networks: [String], _ body: (CurlTransport) async throws -> Value) async throws -> Value {
        let policy = try NetworkPolicy(allowing: networks)
        return try await withLoopbackTransport({ $0.networkPolicy = policy }, body)
    }

    @Test("127.0.0.1 is refused by default with a message naming the address, and nothing reaches the receiver")
    func loopbackRefusedByDefault() async throws {
        try await TestReceiver.run { receiver in
            try await withTransport(allowing: []) { transport in
                let error = await sendError(transport, OutboundRequest(url: receiver.url("/echo")))
                #expect(error?.kind == .refusedByNetworkPolicy)
                #expect(error?.refusal?.address == IPAddress("127.0.0.1"))
                #expect(error?.refusal?.category == .loopback)
                #expect(error?.message == "refused to connect to 127.0.0.1: loopback address (allow it with --allow-network 127.0.0.1/32)")
                #expect(receiver.requests.isEmpty)
            }
        }
    }

    @Test("The same request succeeds once 127.0.0.0/8 is allow-listed")
    func loopbackAllowed() async throws {
        try await TestReceiver.run { receiver in
            try await withTransport(allowing: ["127.0.0.0/8"]) { transport in
                let response = try await transport.send(OutboundRequest(url: receiver.url("/echo")))
                #expect(response.statusCode == 200)
                #expect(receiver.requests.count == 1)
            }
        }
    }

    @Test("A name resolving to loopback (localhost) is refused: the check is on the resolved address")
    func nameResolvingToLoopbackRefused() async throws {
        try await TestReceiver.run { receiver in
            try await withTransport(allowing: []) { transport in
                let error = await sendError(transport, OutboundRequest(url: receiver.url("/echo", host: "localhost")))
                #expect(error?.kind == .refusedByNetworkPolicy)
                #expect(error?.refusal?.category == .loopback)
                #expect(error?.message.hasPrefix("refused to connect to ") == true)
                #expect(receiver.requests.isEmpty)
            }
        }
    }

    @Test("With only 127.0.0.0/8 allowed, localhost skips the refused ::1 and connects to 127.0.0.1")
    func refusedAddressSkippedForAllowedOne() async throws {
        try await TestReceiver.run { receiver in
            try await withTransport(allowing: ["127.0.0.0/8"]) { transport in
                let response = try await transport.send(OutboundRequest(url: receiver.url("/echo", host: "localhost")))
                #expect(response.statusCode == 200)
                #expect(response.remoteAddress == "127.0.0.1")
            }
        }
    }

    @Test("IPv6 loopback and IPv4-mapped loopback are refused too")
    func ipv6LoopbackRefused() async throws {
        try await withTransport(allowing: []) { transport in
            for url in ["http://[::1]:1/hook", "http://[::ffff:127.0.0.1]:1/hook"] {
                let error = await sendError(transport, OutboundRequest(url: url))
                #expect(error?.kind == .refusedByNetworkPolicy, "\(url)")
                #expect(error?.refusal?.category == .loopback, "\(url)")
            }
        }
    }

    @Test("A refused address next to an allowed one that fails reports the real connection failure")
    func allowedAddressFailureWins() async throws {
        try await withTransport(allowing: ["127.0.0.0/8"]) { transport in
            // localhost: ::1 is refused by the policy, 127.0.0.1:1 refuses the connection itself.
            let error = await sendError(transport, OutboundRequest(url: "http://localhost:1/hook"))
            #expect(error?.kind == .connectionFailed)
        }
    }
}
