/// Why a request got no HTTP answer, with a message fit for a delivery attempt's record.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// The broad reason, for decisions (retry policy, metrics); `message` has the detail.
    public enum Kind: String, Sendable, Hashable {
        /// The request could not be built: bad URL, unsupported scheme, unusable option.
        case invalidRequest
        /// DNS found no address for the host.
        case hostNotFound
        /// No connection: refused, unreachable, reset while connecting.
        case connectionFailed
        /// Every address of the host was refused by the network policy (SSRF guard); see `refusal`.
        case refusedByNetworkPolicy
        /// The connect timeout or the total timeout expired.
        case timedOut
        /// The TLS handshake or certificate verification failed.
        case tlsFailed
        /// The connection broke or the answer was not valid HTTP.
        case transferFailed
        /// The calling task was cancelled before an answer came.
        case cancelled
        /// The transport was shut down before the request could be sent.
        case shutDown
    }

    public let kind: Kind
    public let message: String
    /// For `refusedByNetworkPolicy`: the refused address and why.
    public let refusal: AddressRefusal?
    /// Time spent before the failure (zero when the request never started).
    public let duration: Duration
    /// libcurl's `CURLcode`, when the failure came from libcurl.
    public let curlCode: Int?

    public init(
        kind: Kind, message: String, refusal: AddressRefusal? = nil, duration: Duration = .zero, curlCode: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.refusal = refusal
        self.duration = duration
        self.curlCode = curlCode
    }

    public var description: String { message }

    static let shutDown = TransportError(kind: .shutDown, message: "the HTTP transport is shut down")
    static let cancelled = TransportError(kind: .cancelled, message: "the request was cancelled")
}
