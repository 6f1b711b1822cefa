import FlowGateDelivery
import Foundation
import Testing

/// A transport allowed to reach loopback, where the test receiver listens; shut down after `body`.
func withLoopbackTransport<Value: Sendable>(
    _ configure: (inout CurlTransportConfiguration) -> Void = { _ in }, _ body: (CurlTransport) async throws -> Value
) async throws -> Value {
    var configuration = CurlTransportConfiguration(networkPolicy: NetworkPolicy(allowedNetworks: NetworkPolicy.loopbackNetworks))
    configure(&configuration)
    let transport = CurlTransport(configuration: configuration)
    do {
        let value = try await body(transport)
        await transport.shutdown()
        return value
    } catch {
        await transport.shutdown()
        throw error
    }
}

/// The error a send fails with, or nil when it succeeded.
func sendError(_ transport: CurlTransport, _ request: OutboundRequest) async -> TransportError? {
    do {
        _ = try await transport.send(request)
        return nil
    } catch {
        return error
    }
}

@Suite("libcurl transport against a real receiver")
struct CurlTransportTests {
    @Test("A POST arrives with its headers and exact body bytes, and the answer comes back")
    func roundTrip() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport { transport in
                let body = Array(0...255).map(UInt8.init) + Array("{\"é\":\"ü\"}".utf8)
                let response = try await transport.send(
                    OutboundRequest(
                        url: receiver.url("/echo"),
                        headers: [("Content-Type", "application/json"), ("webhook-id", "msg_1"), ("webhook-timestamp", "1614265330")],
                        body: body
                    )
                )
                #expect(response.statusCode == 200)
                #expect(response.body == Array("ok".utf8))
                #expect(!response.bodyWasTruncated)
                #expect(response.remoteAddress == "127.0.0.1")
                #expect(response.duration > .zero)
                #expect(response.header("CONTENT-LENGTH") == "2")
                let received = try #require(receiver.requests.first)
                #expect(received.method == "POST")
                #expect(received.body == body)
                #expect(received.headers["content-type"] == "application/json")
                #expect(received.headers["webhook-id"] == "msg_1")
                #expect(received.headers["webhook-timestamp"] == "1614265330")
                #expect(received.headers["expect"] == nil)
            }
        }
    }

    @Test("Another method is sent as given, with its body")
    func customMethod() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport { transport in
                let response = try await transport.send(OutboundRequest(url: receiver.url("/echo"), method: "PUT", body: Array("x".utf8)))
                #expect(response.body == Array("put".utf8))
                #expect(receiver.requests.first?.method == "PUT")
                #expect(receiver.requests.first?.body == Array("x".utf8))
            }
        }
    }

    @Test("Error statuses are answers, not transport errors: 500, 410, 429 with Retry-After")
    func errorStatuses() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport { transport in
                let failed = try await transport.send(OutboundRequest(url: receiver.url("/status/500?body=boom")))
                #expect(failed.statusCode == 500)
                #expect(failed.body == Array("boom".utf8))
                let gone = try await transport.send(OutboundRequest(url: receiver.url("/status/410")))
                #expect(gone.statusCode == 410)
                let busy = try await transport.send(OutboundRequest(url: receiver.url("/status/429?retryAfter=120")))
                #expect(busy.statusCode == 429)
                #expect(busy.header("retry-after") == "120")
            }
        }
    }

    @Test("A redirect is reported as such and not followed")
    func redirectNotFollowed() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport { transport in
                let response = try await transport.send(OutboundRequest(url: receiver.url("/status/302?location=/echo")))
                #expect(response.statusCode == 302)
                #expect(response.header("Location") == "/echo")
                try await Task.sleep(for: .milliseconds(50))
                #expect(receiver.requests.map(\.path) == ["/status/302"])
            }
        }
    }

    @Test("The response body is cut at the cap without failing the request")
    func bodyCap() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport({ $0.maximumResponseBodyBytes = 4096 }) { transport in
                let large = try await transport.send(OutboundRequest(url: receiver.url("/large?bytes=100000")))
                #expect(large.statusCode == 200)
                #expect(large.body.count == 4096)
                #expect(large.bodyWasTruncated)
                let exact = try await transport.send(OutboundRequest(url: receiver.url("/large?bytes=4096")))
                #expect(exact.body.count == 4096)
                #expect(!exact.bodyWasTruncated)
            }
        }
    }

    @Test("A receiver slower than the total timeout gives a timeout error")
    func timeout() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport { transport in
                let started = ContinuousClock.now
                let error = await sendError(transport, OutboundRequest(url: receiver.url("/slow?ms=1500"), timeout: .milliseconds(300)))
                #expect(error?.kind == .timedOut)
                #expect(error?.message.contains("timed out") == true)
                #expect(ContinuousClock.now - started < .milliseconds(1200))
                let duration = try #require(error?.duration)
                #expect(duration >= .milliseconds(250))
            }
        }
    }

    @Test("Nothing listening gives a connection error naming the cause")
    func connectionRefused() async throws {
        try await withLoopbackTransport { transport in
            // Port 1 (tcpmux) needs privileges to bind and nothing here serves it.
            let error = await sendError(transport, OutboundRequest(url: "http://127.0.0.1:1/hook"))
            #expect(error?.kind == .connectionFailed)
            #expect(error?.message.lowercased().contains("refused") == true || error?.message.contains("connect") == true)
        }
    }

    @Test("Requests that cannot be sent as given are refused before any I/O")
    func invalidRequests() async throws {
        try await withLoopbackTransport { transport in
            let injected = await sendError(transport, OutboundRequest(url: "http://127.0.0.1:1/", headers: [("X-A", "1\r\nX-B: 2")]))
            #expect(injected?.kind == .invalidRequest)
            let method = await sendError(transport, OutboundRequest(url: "http://127.0.0.1:1/", method: "GET /x HTTP/1.1"))
            #expect(method?.kind == .invalidRequest)
            let scheme = await sendError(transport, OutboundRequest(url: "file:///etc/passwd"))
            #expect(scheme?.kind == .invalidRequest)
        }
    }

    @Test("Sequential requests to one receiver reuse one connection")
    func connectionReuse() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport { transport in
                for _ in 0..<20 { _ = try await transport.send(OutboundRequest(url: receiver.url("/echo"))) }
                let ports = Set(receiver.requests.compactMap(\.clientPort))
                #expect(receiver.requests.count == 20)
                #expect(ports.count == 1)
            }
        }
    }
}
