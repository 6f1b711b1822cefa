import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Files only the gateway's own account may read: its data directory (0700) and every database, WAL, lock and
/// key file in it (0600), whatever the process's umask. SQLite gives the WAL and shared-memory files the mode of
/// the database file, so creating that one 0600 before SQLite opens it covers all three.
public enum PrivateFiles {
    /// Creates the directory that will hold `path` with mode 0700 when it does not exist yet; an existing
    /// directory is the operator's and keeps its mode.
    public static func createDirectory(containing path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) { return }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
            // The umask may have narrowed the mode further, never widened it; chmod states it exactly.
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        } catch {
            throw FileError("Cannot create the data directory \(directory): \(error.localizedDescription)")
        }
    }

    /// Creates an empty file with mode 0600 unless it exists; returns whether it was created.
    @discardableResult
    public static func createFile(_ path: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw FileError("Cannot create \(path): \(String(cString: strerror(errno))).")
        }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw FileError("Cannot make \(path) private: \(String(cString: strerror(errno))).") }
        return true
    }

    /// Writes `contents` to a new file with mode 0600; an existing file is never overwritten.
    public static func writeNewFile(_ path: String, contents: String) throws {
        guard try createFile(path) else { throw FileError("\(path) already exists; it is not overwritten.") }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw FileError("Cannot write \(path).") }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data(contents.utf8))
            try handle.synchronize()
        } catch {
            throw FileError("Cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The existing files among `paths` that other accounts can read or write (any group or other bit).
    public static func exposed(_ paths: [String]) -> [String] {
        paths.filter { path in
            var info = stat()
            return stat(path, &info) == 0 && info.st_mode & 0o077 != 0
        }
    }

    /// A file or directory the gateway could not make or read.
    public struct FileError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
