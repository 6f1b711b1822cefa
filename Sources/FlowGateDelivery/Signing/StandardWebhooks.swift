import COpenSSL
import Foundation

/// Standard Webhooks v1 signatures: HMAC-SHA256 over `id.timestamp.body`, sent as `v1,<base64>`.
public enum StandardWebhooks {
    /// Receivers reject timestamps further than this from their clock (the reference libraries' 5 minutes).
    public static let tolerance: TimeInterval = 5 * 60

    /// The `webhook-signature` entry for one secret.
    public static func signature(id: String, timestamp: Int, body: [UInt8], secret: WebhookSecret) -> String {
        "v1," + Data(mac(id: id, timestamp: timestamp, body: body, key: secret.bytes)).base64EncodedString()
    }

    /// The whole `webhook-signature` header: one space-separated entry per secret (old and new during rotation).
    public static func signatureHeader(id: String, timestamp: Int, body: [UInt8], secrets: [WebhookSecret]) -> String {
        secrets.map { signature(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }

    /// Checks a delivery as a receiver would: the timestamp within tolerance and one `v1` entry
    /// matching one of the secrets, compared in constant time. Other schemes' entries are ignored.
    public static func verify(
        id: String?, timestamp: String?, signatureHeader: String?, body: [UInt8], secrets: [WebhookSecret], now: Date
    ) throws {
        guard let id else { throw WebhookSignatureError.missingHeader("webhook-id") }
        guard let timestamp else { throw WebhookSignatureError.missingHeader("webhook-timestamp") }
        guard let signatureHeader else { throw WebhookSignatureError.missingHeader("webhook-signature") }
        guard let seconds = Int(timestamp) else { throw WebhookSignatureError.invalidTimestamp }
        if abs(now.timeIntervalSince1970 - TimeInterval(seconds)) > tolerance {
            throw WebhookSignatureError.timestampOutsideTolerance
        }
        let offered = signatureHeader.split(separator: " ").compactMap { entry -> [UInt8]? in
            let parts = entry.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let data = Data(base64Encoded: String(parts[1])) else { return nil }
            return Array(data)
        }
        for secret in secrets {
            let expected = mac(id: id, timestamp: seconds, body: body, key: secret.bytes)
            if offered.contains(where: { constantTimeEqual($0, expected) }) { return }
        }
        throw WebhookSignatureError.noMatchingSignature
    }

    /// HMAC-SHA256 through OpenSSL's one-shot `HMAC()` (not deprecated in OpenSSL 3).
    static func mac(id: String, timestamp: Int, body: [UInt8], key: [UInt8]) -> [UInt8] {
        let content = Array("\(id).\(timestamp).".utf8) + body
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = HMAC(EVP_sha256(), key, Int32(key.count), content, content.count, &out, &length)
        return Array(out.prefix(Int(length)))
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && CRYPTO_memcmp(a, b, a.count) == 0
    }
}
