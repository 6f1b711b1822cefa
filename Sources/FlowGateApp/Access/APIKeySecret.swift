import COpenSSL
import FlowGateCore
import Foundation

/// API key strings: `fgk_` followed by 32 random bytes in base64url. Only their SHA-256 is stored.
public enum APIKeySecret {
    public static let prefix = "fgk_"

    /// A new random key string and the record to store for it.
    public static func make(userName: String, role: Role, companies: [UUID]? = nil, now: Date) -> (key: String, record: APIKey) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = prefix + Data(bytes).base64URLEncoded()
        let record = APIKey(
            userName: userName, role: role, keyHash: hash(key), prefix: String(key.prefix(10)), createdAt: now, companies: companies
        )
        return (key, record)
    }

    /// Hex SHA-256 of the key, the form in which the store keeps it.
    public static func hash(_ key: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let bytes = Array(key.utf8)
        _ = SHA256(bytes, bytes.count, &digest)
        // Hex by table: String(format:) per byte showed up in every request's profile.
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0f)]] }, as: UTF8.self)
    }
}
