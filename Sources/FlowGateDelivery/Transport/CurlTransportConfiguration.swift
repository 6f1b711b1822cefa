/// Settings of a `CurlTransport` that hold for all its requests.
public struct CurlTransportConfiguration: Sendable {
    /// Which addresses may be connected to (checked on each resolved address before connecting).
    public var networkPolicy: NetworkPolicy
    /// Response bytes kept; the rest is read (so the connection stays reusable) and dropped.
    public var maximumResponseBodyBytes: Int
    /// Response header bytes kept; beyond it further headers are dropped.
    public var maximumResponseHeaderBytes: Int
    /// Parallel connections to one host; further requests to it wait inside libcurl for a free one.
    /// Bounds the load on one receiver and the sockets used, while keeping a pipeline full on loopback.
    public var maximumConnectionsPerHost: Int
    /// Idle connections kept open for reuse (libcurl's connection cache).
    public var maximumCachedConnections: Int
    /// Easy handles kept for reuse after a request, to avoid allocating a new one per request.
    public var maximumIdleHandles: Int
    public var userAgent: String

    public init(
        networkPolicy: NetworkPolicy = .publicOnly, maximumResponseBodyBytes: Int = 4096,
        maximumResponseHeaderBytes: Int = 16384, maximumConnectionsPerHost: Int = 64, maximumCachedConnections: Int = 256,
        maximumIdleHandles: Int = 128, userAgent: String = "FlowGate"
    ) {
        self.networkPolicy = networkPolicy
        self.maximumResponseBodyBytes = maximumResponseBodyBytes
        self.maximumResponseHeaderBytes = maximumResponseHeaderBytes
        self.maximumConnectionsPerHost = maximumConnectionsPerHost
        self.maximumCachedConnections = maximumCachedConnections
        self.maximumIdleHandles = maximumIdleHandles
        self.userAgent = userAgent
    }
}
