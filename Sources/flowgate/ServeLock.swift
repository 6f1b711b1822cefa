import FlowGateStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Keeps a second `serve` off a database file that one is already using.
///
/// The running gateway caches rows in memory until its own writes change them, and its dispatcher frees every
/// delivery lease at start; a second process on the same file would break both without a sign. `flock` on a
/// file beside the database (not on the database itself, whose locks belong to SQLite) says so instead, and
/// the kernel drops it when the process ends, however it ends.
enum ServeLock {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Takes the lock for the life of the process; nothing to take for an in-memory database.
    static func acquire(forDatabase database: String) throws {
        guard database != ":memory:" else { return }
        try PrivateFiles.createDirectory(containing: database)
        let lockFile = database + ".serve-lock"
        let descriptor = open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure(description: "Cannot create the lock file \(lockFile): \(String(cString: strerror(errno))).")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Failure(description: "Another flowgate serve is already using \(database); run one serve per database file.")
        }
        // The descriptor stays open on purpose: closing it would free the lock.
    }
}
