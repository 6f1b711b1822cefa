import Foundation

extension DeliveryAttempt {
    /// Why an answer counts as a failed attempt, for the operator; nil for a 2xx.
    public static func failureDescription(of response: OutboundResponse) -> String? {
        let status = response.statusCode
        if response.isSuccess { return nil }
        if (300...399).contains(status) {
            let target = response.header("location").map { " to \($0)" } ?? ""
            return "Redirect (\(status)\(target)) not followed; webhooks must be answered with 2xx"
        }
        return ["HTTP \(status)", reasonPhrases[status]].compactMap { $0 }.joined(separator: " ")
    }

    /// Why a request got no answer, for the operator: the transport's own message with what it means.
    public static func failureDescription(of error: TransportError) -> String {
        switch error.kind {
        case .timedOut:
            let after = error.duration > .zero ? " after " + formatSeconds(error.duration) : ""
            return "Timed out\(after) (\(error.message))"
        case .invalidRequest:
            return "Invalid request: \(error.message)"
        case .tlsFailed:
            return "TLS failed: \(error.message)"
        case .transferFailed:
            return "Transfer failed: \(error.message)"
        case .hostNotFound, .connectionFailed, .refusedByNetworkPolicy, .cancelled, .shutDown:
            return capitalizingFirstLetter(error.message)
        }
    }

    /// `0.3 s`, `2.5 s`, `30 s`: tenths while they matter, whole seconds otherwise.
    static func formatSeconds(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        if seconds >= 10 { return "\(Int(seconds.rounded())) s" }
        let tenths = Int((seconds * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
    }

    private static func capitalizingFirstLetter(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    /// RFC 9110's reason phrases (and 429 from RFC 6585), the words operators know the codes by.
    static let reasonPhrases: [Int: String] = [
        400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout",
        409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
        414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed",
        421: "Misdirected Request", 422: "Unprocessable Content", 426: "Upgrade Required", 429: "Too Many Requests",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    ]
}
