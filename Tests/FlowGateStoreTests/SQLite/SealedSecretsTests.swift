import FlowGateDelivery
import Foundation
import GRDB
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

#if canImport(Glibc)
import Glibc
#endif

/// Secrets at rest: what the files on disk hold, the key file's life, and the migration that seals old rows.
@Suite struct SealedSecretsTests {
    /// Every byte the database keeps on disk: the file, its WAL and its shared memory.
    static func bytesOnDisk(_ path: String) -> Data {
        [path, path + "-wal", path + "-shm"].reduce(into: Data()) { all, file in
            all += FileManager.default.contents(atPath: file) ?? Data()
        }
    }

    /// Whether `text` is in the bytes as it is or as JSON writes it (`/` may be escaped as `\/`).
    static func contains(_ data: Data, _ text: String) -> Bool {
        [text, text.replacingOccurrences(of: "/", with: "\\/")].contains { data.range(of: Data($0.utf8)) != nil }
    }

    @Test("A subscription's signing secrets never reach the files in clear, yet the store gives them back in clear")
    func newSecretsSealed() async throws {
        try await withTemporaryDirectory { directory async throws in
            let store = try SQLiteStore(path: directory.databasePath)
            let company = try await store.makeCompany()
            let subscription = try await store.subscribe(webhookSubscription(company))
            let secret = subscription.secrets[0].secret
            let key = String(secret.dropFirst("whsec_".count))

            let rotated = try #require(
                try await store.rotateSecret(
                    companyId: company.id, id: subscription.id, to: SigningSecret(secret: WebhookSecret.generate().text),
                    previousExpireAt: fixedDate.addingTimeInterval(86_400), now: fixedDate
                )
            )
            let newSecret = rotated.secrets[0].secret
            #expect(rotated.secrets.map(\.secret) == [newSecret, secret])
            #expect(try await store.webhookSubscription(id: subscription.id)?.secrets.map(\.secret) == [newSecret, secret])
            #expect(try await store.webhookSubscriptions(companyId: company.id, PageRequest()).items.first?.secrets.map(\.secret) == [newSecret, secret])

            let disk = Self.bytesOnDisk(directory.databasePath)
            for text in [secret, key, newSecret, String(newSecret.dropFirst(6))] {
                #expect(!Self.contains(disk, text), "a secret is in the database files in clear")
            }
            #expect(Self.contains(disk, "v1."), "the sealed form is what the row holds")
        }
    }

    @Test("The dispatcher's claim signs with the opened secret")
    func claimOpensSecrets() async throws {
        try await withFileStore { store async throws in
            let company = try await store.makeCompany()
            let subscription = try await store.subscribe(webhookSubscription(company))
            let record = try await store.makeCustomer(company)
            try await store.send([outboxMessage(subscriptionId: subscription.id, companyId: company.id, dueAt: fixedDate)], about: record)
            let claimed = try await store.claimDueMessages(limit: 10, now: fixedDate, lease: DeliveryLease(owner: testInstance, until: fixedDate.addingTimeInterval(60)))
            let endpoint = try #require(claimed.first?.endpoint)
            #expect(endpoint.secrets == [try WebhookSecret(subscription.secrets[0].secret)])
        }
    }

    @Test("On first start the key file is made beside the database, 0600; the directory is 0700 and the database files 0600 even under umask 000")
    func privateFiles() async throws {
        try await withTemporaryDirectory { directory async throws in
            let data = directory.url.appendingPathComponent("data/nested").path
            let path = data + "/flowgate.sqlite"
            let previous = umask(0)
            defer { umask(previous) }
            let store = try SQLiteStore(path: path)
            let company = try await store.makeCompany()
            _ = try await store.subscribe(webhookSubscription(company))
            #expect(Self.mode(data) == 0o700)
            for file in [path, path + "-wal", path + "-shm", path + ".key"] {
                #expect(FileManager.default.fileExists(atPath: file), "\(file)")
                #expect(Self.mode(file) == 0o600, "\(file) is \(String(Self.mode(file), radix: 8))")
            }
            #expect(PrivateFiles.exposed([path, path + "-wal", path + "-shm"]).isEmpty)
        }
    }

    @Test("A copy of the database without its key file does not open: the error says to restore the key, and no key is made")
    func missingKeyFile() async throws {
        try await withTemporaryDirectory { directory async throws in
            let original = directory.databasePath
            let secret: String
            do {
                let store = try SQLiteStore(path: original)
                let company = try await store.makeCompany()
                secret = try await store.subscribe(webhookSubscription(company)).secrets[0].secret
                try await store.writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            }
            let copyDirectory = directory.url.appendingPathComponent("copy")
            try FileManager.default.createDirectory(at: copyDirectory, withIntermediateDirectories: true)
            let copy = copyDirectory.appendingPathComponent("flowgate.sqlite").path
            try FileManager.default.copyItem(atPath: original, toPath: copy)
            #expect(!Self.contains(Self.bytesOnDisk(copy), secret))

            let error = try #require(await flowGateError { _ = try SQLiteStore(path: copy) })
            #expect(error.type == "secret-key")
            #expect(error.detail.contains("\(copy).key is missing"), "\(error.detail)")
            #expect(error.detail.contains("Restore the file from your backup"))
            #expect(!FileManager.default.fileExists(atPath: copy + ".key"), "no new key was made")

            // Another key is refused too; the right one opens everything.
            let otherKey = copyDirectory.appendingPathComponent("other.key").path
            _ = try SecretKeyFile.loadOrCreate(otherKey, databaseHasSealedSecrets: false)
            let wrong = try #require(await flowGateError { _ = try SQLiteStore(path: copy, secretKeyFile: otherKey) })
            #expect(wrong.detail.contains("is not the one this database's secrets are sealed with"), "\(wrong.detail)")
            let restored = try SQLiteStore(path: copy, secretKeyFile: original + ".key")
            #expect(try await restored.webhookSubscriptions(companyId: try #require(try await restored.company(idOrName: "CRONUS")).id, PageRequest())
                .items.first?.secrets.first?.secret == secret)
        }
    }

    @Test("A key file that holds no key is a clear error")
    func badKeyFile() async throws {
        try await withTemporaryDirectory { directory async throws in
            let keyFile = directory.url.appendingPathComponent("bad.key").path
            try "not a key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
            let error = try #require(await flowGateError { _ = try SQLiteStore(path: directory.databasePath, secretKeyFile: keyFile) })
            #expect(error.detail == "The secret key file \(keyFile) does not hold a key: expected 32 bytes in base64 on one line.")
        }
    }

    @Test("Opening a v4 database seals the secrets it kept in clear, and no trace of them stays in the file or the WAL")
    func migrationSealsOldRows() async throws {
        try await withTemporaryDirectory { directory async throws in
            let company = Company(name: "CRONUS", displayName: "CRONUS Ltd.", localCurrencyCode: "EUR", createdAt: fixedDate)
            // Base64 with '/', which JSON may write escaped: the checks below must see both spellings.
            let slashes = SigningSecret(secret: "whsec_" + Data(repeating: 0xFF, count: 24).base64EncodedString())
            var registered = webhookSubscription(company, secrets: [slashes])
            registered.workflowCode = "MS-SDAW-WH-01"
            let old = registered
            let secret = old.secrets[0].secret
            do {
                let v4 = try DatabasePool(path: directory.databasePath)
                try testMigrator.migrate(v4, upTo: "v4-workflow-runs")
                try await v4.write { db in
                    try insertCompany(db, company)
                    try db.execute(
                        sql: """
                            INSERT INTO workflow_webhook_subscriptions (id, company_id, workflow_code, client_id, enabled, created_at, body)
                            VALUES (?, ?, ?, ?, 1, ?, ?)
                            """,
                        arguments: [old.id.storeKey, company.id.storeKey, old.workflowCode, old.clientId, 0, try SQLiteStore.encode(old)]
                    )
                }
                #expect(Self.contains(Self.bytesOnDisk(directory.databasePath), secret), "the old version kept it in clear")
            }
            let store = try SQLiteStore(path: directory.databasePath)
            #expect(try await store.appliedMigrations() == SQLiteStore.migrationNames)
            #expect(try await store.webhookSubscription(id: old.id) == old)
            #expect(!Self.contains(Self.bytesOnDisk(directory.databasePath), secret))
            #expect(try await store.integrityProblems().isEmpty)
        }
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }
}

@Suite struct SecretBoxTests {
    @Test("Sealing round-trips; another context, another key or a changed byte does not open")
    func roundTrip() throws {
        let box = try SecretBox(key: SecretBox.randomKey())
        let sealed = try box.seal("whsec_abc", context: "a")
        #expect(sealed.hasPrefix("v1."))
        #expect(try box.open(sealed, context: "a") == "whsec_abc")
        #expect(try box.seal("whsec_abc", context: "a") != sealed, "a fresh nonce every time")
        #expect(throws: SecretBoxError.doesNotOpen) { try box.open(sealed, context: "b") }
        #expect(throws: SecretBoxError.doesNotOpen) { try SecretBox(key: SecretBox.randomKey()).open(sealed, context: "a") }
        var bytes = [UInt8](try #require(Data(base64Encoded: String(sealed.dropFirst(3)))))
        bytes[14] ^= 1
        #expect(throws: SecretBoxError.doesNotOpen) { try box.open("v1." + Data(bytes).base64EncodedString(), context: "a") }
        #expect(throws: SecretBoxError.notSealed) { try box.open("whsec_abc", context: "a") }
        #expect(throws: SecretBoxError.notSealed) { try box.open("v1.AAAA", context: "a") }
        #expect(try box.open(try box.seal("", context: "a"), context: "a") == "")
    }

    @Test("A key id names a key and reveals nothing of it")
    func keyId() throws {
        let key = try SecretBox.randomKey()
        let id = try SecretBox(key: key).keyId
        #expect(id.count == 32)
        #expect(try SecretBox(key: key).keyId == id)
        #expect(try SecretBox(key: SecretBox.randomKey()).keyId != id)
        #expect(throws: SecretBoxError.self) { try SecretBox(key: [1, 2, 3]) }
    }
}
