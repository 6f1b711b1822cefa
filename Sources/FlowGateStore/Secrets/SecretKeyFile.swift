import FlowGateCore
import Foundation

/// The file that holds the key secrets are sealed with: 32 random bytes in base64, mode 0600, kept outside the
/// database so a copy of the database alone reveals no secret. Back it up with the database; without it the
/// sealed secrets are lost for good.
public enum SecretKeyFile {
    /// `<database>.key` beside a SQLite file, the default when `--secret-key-file` is not given.
    public static func defaultPath(forDatabase database: String) -> String {
        database + ".key"
    }

    /// The key in `path`, created there (0600) when the file is missing and the database has sealed nothing yet.
    /// A missing file for a database that has sealed secrets is an error, never a silent new key.
    public static func loadOrCreate(_ path: String, databaseHasSealedSecrets: Bool) throws -> SecretBox {
        if FileManager.default.fileExists(atPath: path) { return try load(path) }
        guard !databaseHasSealedSecrets else {
            throw failure(
                "The secret key file \(path) is missing, and this database's secrets are sealed with the key it held. "
                    + "Restore the file from your backup (or point --secret-key-file / FLOWGATE_SECRET_KEY_FILE at it); "
                    + "FlowGate does not make a new key, which could open none of the stored secrets."
            )
        }
        let key = try SecretBox.randomKey()
        try PrivateFiles.createDirectory(containing: path)
        try PrivateFiles.writeNewFile(path, contents: Data(key).base64EncodedString() + "\n")
        return try SecretBox(key: key)
    }

    /// The key in an existing file.
    public static func load(_ path: String) throws -> SecretBox {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw failure("Cannot read the secret key file \(path): \(error.localizedDescription)")
        }
        guard let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == SecretBox.keyLength else {
            throw failure("The secret key file \(path) does not hold a key: expected \(SecretBox.keyLength) bytes in base64 on one line.")
        }
        return try SecretBox(key: [UInt8](key))
    }

    static func failure(_ detail: String) -> FlowGateError {
        FlowGateError(.unavailable, type: "secret-key", detail: detail)
    }
}
