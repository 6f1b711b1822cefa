import Hummingbird
import Logging
import ServiceLifecycle

/// A real HTTP server on 127.0.0.1 for tests: the receivers that stand in for webhook endpoints run on it.
public enum LoopbackServer {
    /// Serves `router` on a free port, runs `body` with that port, then shuts the server down gracefully.
    public static func run<Builder: HTTPResponderBuilder, Value: Sendable>(
        _ router: Builder, label: String = "test-receiver", _ body: (_ port: Int) async throws -> Value
    ) async throws -> Value where Builder.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        var logger = Logger(label: label)
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw LoopbackServerError.didNotStart }
            do {
                let value = try await body(port)
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

public enum LoopbackServerError: Error {
    case didNotStart
}
