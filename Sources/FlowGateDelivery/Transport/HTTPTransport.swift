/// Sends one HTTP request and reports the answer; the dispatcher's only view of the network,
/// so that it can be tested with a fake.
public protocol HTTPTransport: Sendable {
    func send(_ request: OutboundRequest) async throws(TransportError) -> OutboundResponse
}

/// One outbound HTTP request, complete in memory (webhook bodies are small).
public struct OutboundRequest: Sendable {
    public var url: String
    /// `POST` for webhooks; other methods are sent as a custom request line with the same body.
    public var method: String
    /// Sent as given. Include `Content-Type`: without it libcurl labels a POST body as a form.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Time allowed to establish the connection (TCP and TLS).
    public var connectTimeout: Duration
    /// Time allowed for the whole exchange, connection included (Standard Webhooks suggests 15–30 s).
    public var timeout: Duration

    public init(
        url: String, method: String = "POST", headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(30)
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}

/// The receiver's answer: any status, 3xx included (redirects are reported, never followed).
public struct OutboundResponse: Sendable {
    public var statusCode: Int
    /// Headers of the final response, in order (interim 1xx responses are dropped).
    public var headers: [(name: String, value: String)]
    /// The start of the body, at most the transport's configured cap.
    public var body: [UInt8]
    /// True when the receiver sent more than `body` holds.
    public var bodyWasTruncated: Bool
    /// From the start of the transfer to its end, as libcurl measured it.
    public var duration: Duration
    /// The IP address the connection went to (as text), when known.
    public var remoteAddress: String?

    public init(
        statusCode: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], bodyWasTruncated: Bool = false,
        duration: Duration = .zero, remoteAddress: String? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.bodyWasTruncated = bodyWasTruncated
        self.duration = duration
        self.remoteAddress = remoteAddress
    }

    /// The first value of a header, matched case-insensitively (`retry-after`, `location`).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    public var isSuccess: Bool { (200...299).contains(statusCode) }
}

extension String {
    /// ASCII case-insensitive comparison, enough for header names and cheaper than lowercasing both.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        return utf8.count == other.utf8.count && zip(utf8, other.utf8).allSatisfy { lower($0) == lower($1) }
    }
}
