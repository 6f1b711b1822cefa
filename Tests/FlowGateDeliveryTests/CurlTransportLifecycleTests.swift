import FlowGateDelivery
import Foundation
import Logging
import ServiceLifecycle
import Testing

@Suite("libcurl transport: concurrency, cancellation and shutdown")
struct CurlTransportLifecycleTests {
    @Test("200 concurrent sends all complete")
    func concurrentSends() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport { transport in
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            try await transport.send(OutboundRequest(url: receiver.url("/echo"), body: Array("\(index)".utf8))).statusCode
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(statuses.count == 200)
                #expect(statuses.allSatisfy { $0 == 200 })
                let bodies = Set(receiver.requests.map { String(decoding: $0.body, as: UTF8.self) })
                #expect(bodies == Set((0..<200).map(String.init)))
            }
        }
    }

    @Test("Shutdown lets in-flight requests finish, then refuses new ones")
    func shutdownFinishesInFlight() async throws {
        try await TestReceiver.run { receiver in
            let transport = CurlTransport(configuration: CurlTransportConfiguration(networkPolicy: NetworkPolicy(allowedNetworks: NetworkPolicy.loopbackNetworks)))
            let inFlight = Task {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<10 {
                        group.addTask { try await transport.send(OutboundRequest(url: receiver.url("/slow?ms=300"))).statusCode }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
            }
            try await receiver.waitForRequests(10)
            #expect(receiver.requests.count == 10)
            await transport.shutdown()
            // shutdown returned, so every request had its answer already.
            let statuses = try await inFlight.value
            #expect(statuses == Array(repeating: 200, count: 10))
            let late = await sendError(transport, OutboundRequest(url: receiver.url("/echo")))
            #expect(late?.kind == .shutDown)
            await transport.shutdown()  // a second shutdown is harmless
        }
    }

    @Test("Cancelling the calling task ends its request promptly")
    func cancellation() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport { transport in
                let task = Task { await sendError(transport, OutboundRequest(url: receiver.url("/slow?ms=2000"))) }
                try await receiver.waitForRequests(1)
                // Measured from the cancellation, not the start: on a busy machine the request alone may take a second.
                let cancelledAt = ContinuousClock.now
                task.cancel()
                let error = await task.value
                #expect(error?.kind == .cancelled)
                #expect(ContinuousClock.now - cancelledAt < .milliseconds(1500), "well before the receiver's 2 s answer")
                // The transport still works afterwards.
                #expect(try await transport.send(OutboundRequest(url: receiver.url("/echo"))).statusCode == 200)
            }
        }
    }

    @Test("A task cancelled before sending gets a cancellation without any request")
    func cancelledBeforeSending() async throws {
        try await TestReceiver.run { receiver in
            try await withLoopbackTransport { transport in
                let task = Task {
                    withUnsafeCurrentTask { $0?.cancel() }
                    return await sendError(transport, OutboundRequest(url: receiver.url("/echo")))
                }
                #expect(await task.value?.kind == .cancelled)
                #expect(receiver.requests.isEmpty)
            }
        }
    }

    @Test("As a service, the transport serves until graceful shutdown, then drains and refuses")
    func lifecycleService() async throws {
        try await TestReceiver.run { receiver in
            let transport = CurlTransport(configuration: CurlTransportConfiguration(networkPolicy: NetworkPolicy(allowedNetworks: NetworkPolicy.loopbackNetworks)))
            let group = ServiceGroup(configuration: .init(services: [transport], logger: Logger(label: "test")))
            let running = Task { try await group.run() }
            #expect(try await transport.send(OutboundRequest(url: receiver.url("/echo"))).statusCode == 200)
            let inFlight = Task { try await transport.send(OutboundRequest(url: receiver.url("/slow?ms=200"))).statusCode }
            try await receiver.waitForRequests(2)
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(try await inFlight.value == 200)
            #expect(await sendError(transport, OutboundRequest(url: receiver.url("/echo")))?.kind == .shutDown)
        }
    }
}
