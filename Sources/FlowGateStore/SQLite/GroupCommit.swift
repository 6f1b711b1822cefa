import Foundation
import GRDB
import Synchronization

/// Runs concurrent units of work in shared write transactions: one commit for many (group commit).
///
/// SQLite has one writer, and a commit costs far more than the statements of one `apply` (it appends every
/// page the transaction touched to the WAL, and now and then checkpoints with an fsync). Approval requests
/// arriving while a transaction runs wait for the next one and share it. Each unit runs in its own savepoint,
/// so a unit that fails (a concurrent change, say) is undone alone and the others still commit; each caller
/// returns only once the transaction holding its work has committed. Under no load a unit runs on its own at
/// once: nothing waits for a batch to fill.
final class GroupCommit: Sendable {
    /// One caller's work and where its result goes.
    private struct Unit: Sendable {
        let work: @Sendable (Database) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue {
        var waiting: [Unit] = []
        var draining = false
    }

    private let writer: any DatabaseWriter
    /// Bounds one transaction, so other writes (claims, results) never wait behind a long one.
    private let maximumBatch: Int
    private let queue = Mutex(Queue())

    init(writer: any DatabaseWriter, maximumBatch: Int = 128) {
        self.writer = writer
        self.maximumBatch = maximumBatch
    }

    /// Runs `work` in a savepoint of the next shared write transaction and returns its result once committed.
    func run<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let startsDraining = queue.withLock { queue in
                queue.waiting.append(Unit(work: work, continuation: continuation))
                defer { queue.draining = true }
                return !queue.draining
            }
            // The drain ends as soon as nothing waits; the next caller starts a new one.
            if startsDraining { Task { await self.drain() } }
        }
        guard let typed = result as? T else { preconditionFailure("a unit's result has the type its work returns") }
        return typed
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { queue in
                let batch = Array(queue.waiting.prefix(maximumBatch))
                queue.waiting.removeFirst(batch.count)
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let results = try await writer.write { db in
                    try batch.map { unit in
                        var result: Result<any Sendable, any Error> = .failure(CancellationError())
                        do {
                            try db.inSavepoint {
                                result = .success(try unit.work(db))
                                return .commit
                            }
                        } catch let error as DatabaseError where Self.abortsTransaction(error) {
                            throw error  // the transaction is gone: every unit of it fails below
                        } catch {
                            result = .failure(error)
                        }
                        return result
                    }
                }
                for (unit, result) in zip(batch, results) { unit.continuation.resume(with: result) }
            } catch {
                for unit in batch { unit.continuation.resume(throwing: error) }
            }
        }
    }

    /// Errors after which SQLite may have rolled the whole transaction back (out of disk, I/O, corruption...);
    /// constraint and logic errors only undo the statement, which the savepoint then undoes with its unit.
    private static func abortsTransaction(_ error: DatabaseError) -> Bool {
        switch error.resultCode {
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_NOMEM, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_INTERRUPT: true
        default: false
        }
    }
}
