import FlowGateCore
import Foundation
import GRDB

/// Secrets at rest: subscription rows hold their signing secrets sealed, and the database records which key
/// sealed them (its id, never the key), so a start with a missing or different key file stops with a clear error.
extension SQLiteStore {
    static let secretKeyIdSetting = "secret-key-id"

    /// The key id the database recorded, or nil when it has sealed nothing yet (new, or older than sealing).
    static func recordedSecretKeyId(_ reader: any DatabaseReader) throws -> String? {
        try reader.read { db in
            guard try db.tableExists("store_settings") else { return nil }
            return try String.fetchOne(db, sql: "SELECT value FROM store_settings WHERE name = ?", arguments: [secretKeyIdSetting])
        }
    }

    static func checkSecretKey(_ reader: any DatabaseReader, _ secrets: SecretBox) throws {
        guard let recorded = try recordedSecretKeyId(reader), recorded != secrets.keyId else { return }
        throw SecretKeyFile.failure(
            "The secret key given is not the one this database's secrets are sealed with (key id \(recorded), given \(secrets.keyId)). "
                + "Start with the key file that belongs to this database."
        )
    }

    /// After secrets that were in clear are sealed, their old bytes may linger in free pages and in the WAL:
    /// VACUUM rewrites the file without them and a truncating checkpoint empties the WAL.
    static func eraseClearSecrets(_ writer: any DatabaseWriter) throws {
        let subscriptions = try writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM workflow_webhook_subscriptions") ?? 0 }
        guard subscriptions > 0 else { return }
        try writer.vacuum()
        try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// The migration's step: every subscription's secrets, in clear until now, are sealed in place.
    static func sealSubscriptionSecrets(_ db: Database, with secrets: SecretBox) throws {
        for body in try String.fetchAll(db, sql: "SELECT body FROM workflow_webhook_subscriptions") {
            let subscription = try decode(WorkflowWebhookSubscription.self, body)
            try db.execute(
                sql: "UPDATE workflow_webhook_subscriptions SET body = ? WHERE id = ?",
                arguments: [try encode(try subscription.sealingSecrets(with: secrets)), subscription.id.storeKey]
            )
        }
    }
}

extension WorkflowWebhookSubscription {
    /// The same subscription with each secret sealed, bound to this subscription's id.
    func sealingSecrets(with box: SecretBox) throws -> WorkflowWebhookSubscription {
        var sealed = self
        sealed.secrets = try secrets.map { secret in
            SigningSecret(secret: try box.seal(secret.secret, context: secretContext), expiresAt: secret.expiresAt)
        }
        return sealed
    }

    /// The same subscription with its secrets opened; as a row holds them sealed.
    func openingSecrets(with box: SecretBox) throws -> WorkflowWebhookSubscription {
        var opened = self
        do {
            opened.secrets = try secrets.map { secret in
                SigningSecret(secret: try box.open(secret.secret, context: secretContext), expiresAt: secret.expiresAt)
            }
        } catch {
            throw SecretKeyFile.failure("The signing secrets of webhook subscription \(id.storeKey) cannot be opened: \(error).")
        }
        return opened
    }

    /// What a sealed secret is bound to: its subscription.
    private var secretContext: String { "flowgate webhook subscription " + id.storeKey }
}
