import FlowGateCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Keeps a second `serve` off a SQLite file that one is already using.
///
/// The running gateway caches rows in memory until its own writes change them (`CommittedTableCache`); a second
/// process on the same file would serve stale rows without a sign. `flock` on a file beside the database (not on
/// the database itself, whose locks belong to SQLite) says so instead, and the kernel drops it when the process
/// ends, however it ends. Several instances share a PostgreSQL database instead.
enum ServeLock {
    /// Takes the lock for the life of the process.
    static func acquire(forDatabase database: String) throws {
        try PrivateFiles.createDirectory(containing: database)
        let lockFile = database + ".serve-lock"
        let descriptor = open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw failure("Cannot create the lock file \(lockFile): \(String(cString: strerror(errno))).")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw failure("Another flowgate serve is already using \(database); run one serve per database file.")
        }
        // The descriptor stays open on purpose: closing it would free the lock.
    }

    private static func failure(_ detail: String) -> FlowGateError {
        FlowGateError(.unavailable, type: "database-in-use", detail: detail)
    }
}
