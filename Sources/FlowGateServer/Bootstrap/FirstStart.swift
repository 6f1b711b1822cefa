import FlowGateApp
import FlowGateCore
import FlowGateStore
import Foundation

/// What happens the first time a gateway starts on an empty store: an admin user and key exist afterwards.
public enum FirstStart {
    public static let adminUserName = "ADMIN"

    /// Creates user ADMIN with an admin key when the store has no users.
    /// Returns the key (to print once), or nil when users already existed.
    /// With a key file path, the key is also written there with mode 0600.
    public static func ensureAdmin(store: any Store, keyFile: String?, now: Date = Date()) async throws -> String? {
        guard try await store.userCount() == 0 else { return nil }
        _ = try await store.createUser(User(userName: adminUserName, fullName: "Administrator", createdAt: now))
        let (key, record) = APIKeySecret.make(userName: adminUserName, role: .admin, now: now)
        _ = try await store.createAPIKey(record)
        if let keyFile { try writeSecret(key + "\n", to: keyFile) }
        return key
    }

    /// Writes a secret readable by its owner only.
    static func writeSecret(_ text: String, to path: String) throws {
        let created = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        if !created { throw FlowGateError(.unavailable, type: "io", detail: "Cannot write \(path).") }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
