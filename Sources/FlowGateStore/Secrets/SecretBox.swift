import COpenSSL
import Foundation

/// Seals secrets for storage with AES-256-GCM (OpenSSL's EVP interface) under a key kept outside the database.
///
/// A sealed value is `v1.` followed by the base64 of a random 12-byte nonce, the ciphertext and the 16-byte tag.
/// The `context` (for example a subscription's id) is authenticated too, so a sealed value copied into another
/// row does not open there.
public struct SecretBox: Sendable {
    public static let keyLength = 32
    static let nonceLength = 12
    static let tagLength = 16
    static let prefix = "v1."

    private let key: [UInt8]

    public init(key: [UInt8]) throws(SecretBoxError) {
        guard key.count == Self.keyLength else { throw .invalidKey("a key is \(Self.keyLength) bytes, not \(key.count)") }
        self.key = key
    }

    /// A new random key, from OpenSSL's CSPRNG.
    public static func randomKey() throws(SecretBoxError) -> [UInt8] {
        try randomBytes(keyLength)
    }

    /// Names the key without revealing it: HMAC-SHA256 of a fixed label, 16 bytes in hex. The database keeps it,
    /// so a start with another key is refused instead of sealing new secrets under a key that opens no old one.
    public var keyId: String {
        let label = Array("flowgate secret key id".utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = HMAC(EVP_sha256(), key, Int32(key.count), label, label.count, &digest, &length)
        return digest.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    public func seal(_ plaintext: String, context: String) throws(SecretBoxError) -> String {
        let nonce = try Self.randomBytes(Self.nonceLength)
        let input = Array(plaintext.utf8)
        let aad = Array(context.utf8)
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var tag = [UInt8](repeating: 0, count: Self.tagLength)
        let cipherLength = try withContext { context throws(SecretBoxError) -> Int in
            var length: Int32 = 0
            var total = 0
            guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
                EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(Self.nonceLength), nil) == 1,
                EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1,
                EVP_EncryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1,
                EVP_EncryptUpdate(context, &output, &length, input, Int32(input.count)) == 1
            else { throw .cryptoFailure("encryption could not start") }
            total = Int(length)
            let finished = output.withUnsafeMutableBufferPointer { buffer in
                EVP_EncryptFinal_ex(context, buffer.baseAddress.map { $0 + total }, &length)
            }
            guard finished == 1, EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagLength), &tag) == 1 else {
                throw .cryptoFailure("encryption could not finish")
            }
            return total + Int(length)
        }
        return Self.prefix + Data(nonce + output.prefix(cipherLength) + tag).base64EncodedString()
    }

    public func open(_ sealed: String, context: String) throws(SecretBoxError) -> String {
        guard sealed.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))),
            data.count >= Self.nonceLength + Self.tagLength
        else { throw .notSealed }
        let bytes = [UInt8](data)
        let nonce = Array(bytes.prefix(Self.nonceLength))
        let cipher = Array(bytes.dropFirst(Self.nonceLength).dropLast(Self.tagLength))
        var tag = Array(bytes.suffix(Self.tagLength))
        let aad = Array(context.utf8)
        var output = [UInt8](repeating: 0, count: cipher.count + 16)
        let plainLength = try withContext { context throws(SecretBoxError) -> Int in
            var length: Int32 = 0
            guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
                EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(Self.nonceLength), nil) == 1,
                EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1,
                EVP_DecryptUpdate(context, nil, &length, aad, Int32(aad.count)) == 1,
                EVP_DecryptUpdate(context, &output, &length, cipher, Int32(cipher.count)) == 1,
                EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagLength), &tag) == 1
            else { throw .cryptoFailure("decryption could not start") }
            let total = Int(length)
            // Final checks the tag: a wrong key, a changed byte or another context all fail here.
            let verified = output.withUnsafeMutableBufferPointer { buffer in
                EVP_DecryptFinal_ex(context, buffer.baseAddress.map { $0 + total }, &length)
            }
            guard verified == 1 else { throw .doesNotOpen }
            return total + Int(length)
        }
        return String(decoding: output.prefix(plainLength), as: UTF8.self)
    }

    private func withContext<T>(_ body: (OpaquePointer) throws(SecretBoxError) -> T) throws(SecretBoxError) -> T {
        guard let context = EVP_CIPHER_CTX_new() else { throw .cryptoFailure("no cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        return try body(context)
    }

    private static func randomBytes(_ count: Int) throws(SecretBoxError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw .cryptoFailure("no random bytes") }
        return bytes
    }
}

/// Why a secret could not be sealed or opened.
public enum SecretBoxError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidKey(String)
    /// The text is not a sealed value of this format.
    case notSealed
    /// Wrong key, or the value or its context was changed.
    case doesNotOpen
    case cryptoFailure(String)

    public var description: String {
        switch self {
        case .invalidKey(let why): "invalid secret key: \(why)"
        case .notSealed: "the value is not a sealed secret"
        case .doesNotOpen: "the sealed secret does not open with this key (another key, or the value was changed)"
        case .cryptoFailure(let what): "OpenSSL failed: \(what)"
        }
    }
}
