import Foundation

/// Validation of a URL a webhook will be delivered to.
public enum WebhookURL {
    /// Long enough for any callback URL an automation platform hands out (they carry signed query strings).
    public static let maximumLength = 4096

    /// Parses a notification URL: absolute http or https, with a host, and no `user:password@`
    /// (credentials in a URL end up in logs; receivers authenticate the signature instead).
    public static func parse(_ text: String) throws(WebhookURLError) -> URL {
        guard text.utf8.count <= maximumLength else { throw .tooLong(maximum: maximumLength) }
        // Foundation quietly percent-encodes a space and keeps CR or LF, and libcurl refuses such a URL at every
        // attempt; a URL goes on the wire as printable ASCII, so anything else is refused here, once, with its place.
        let lowercased = text.lowercased()
        if lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://"), let index = text.unicodeScalars.firstIndex(where: { !(0x21...0x7E).contains($0.value) }) {
            let position = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: index) + 1
            throw .invalidCharacter(text.unicodeScalars[index], position: position)
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { throw .notAnAbsoluteURL }
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(scheme) }
        guard let host = url.host(percentEncoded: false), !host.isEmpty else { throw .missingHost }
        guard url.user == nil && url.password == nil else { throw .containsCredentials }
        return url
    }

    /// `parse`, then the policy's check of a literal address host (`http://10.1.2.3/`).
    public static func parse(_ text: String, policy: NetworkPolicy) throws(WebhookURLError) -> URL {
        let url = try parse(text)
        do {
            try policy.checkLiteralHost(of: url)
        } catch {
            throw .refused(error)
        }
        return url
    }
}

/// Why a webhook URL was rejected.
public enum WebhookURLError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLong(maximum: Int)
    case notAnAbsoluteURL
    case unsupportedScheme(String)
    case missingHost
    case containsCredentials
    case invalidCharacter(Unicode.Scalar, position: Int)
    case refused(AddressRefusal)

    public var description: String {
        switch self {
        case .tooLong(let maximum): "the URL is longer than \(maximum) bytes"
        case .notAnAbsoluteURL: "not an absolute URL such as https://example.com/hook"
        case .unsupportedScheme(let scheme): "the scheme '\(scheme)' is not supported; use http or https"
        case .missingHost: "the URL has no host"
        case .containsCredentials: "the URL must not contain a user name or password"
        case .invalidCharacter(let scalar, let position):
            "the URL contains \(Self.name(of: scalar)) at position \(position); percent-encode it (a space is %20)"
        case .refused(let refusal): refusal.description
        }
    }

    private static func name(of scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": "a space"
        case "\r": "a carriage return (CR)"
        case "\n": "a line feed (LF)"
        case "\t": "a tab"
        default: "the character U+\(hexadecimal(scalar.value))"
        }
    }

    /// At least four upper-case hex digits, as Unicode writes code points (U+00E9).
    private static func hexadecimal(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
