import ServiceLifecycle

/// Lets a `ServiceGroup` own the transport: it runs until graceful shutdown (or cancellation),
/// then drains. Services stop in reverse order, so list the transport before the dispatcher
/// that sends through it: the dispatcher stops claiming first, the transport then finishes
/// what is in flight.
extension CurlTransport: Service {
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
