import COpenSSL
import Foundation

/// A Standard Webhooks signing secret: random bytes shown as `whsec_` + base64.
public struct WebhookSecret: Sendable, Equatable {
    public static let prefix = "whsec_"
    public let bytes: [UInt8]

    /// Parses `whsec_<base64>`; the prefix and the base64 padding are optional, as in the reference libraries.
    public init(_ text: String) throws {
        var base64 = text.hasPrefix(Self.prefix) ? String(text.dropFirst(Self.prefix.count)) : text
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), !data.isEmpty else {
            throw WebhookSignatureError.invalidSecret
        }
        bytes = Array(data)
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// 24 random bytes, the size Standard Webhooks recommends.
    public static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        return WebhookSecret(bytes: (0..<24).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public var text: String { Self.prefix + Data(bytes).base64EncodedString() }
}

public enum WebhookSignatureError: Error, Equatable, Sendable {
    case invalidSecret
    case missingHeader(String)
    case invalidTimestamp
    case timestampOutsideTolerance
    case noMatchingSignature
}
