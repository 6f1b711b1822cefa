import Foundation
import GRDB
import Synchronization

/// Values read from a few tables, kept in memory until a transaction that changed one of those tables commits.
///
/// A hit costs a lock, not a hop to the database queue. Freshness rests on one rule: **take `generation` before the
/// read transaction that loads a value begins, and store the value under it.** Every committed write to `tables`, by
/// whatever method or raw statement, moves to a new generation and empties the cache (see `TableCommitObserver`).
/// So a commit that the read did not see has moved the generation past the one the read took, and its value is not
/// stored: a cached value is never older than the commits before it. `value(for:read:)` follows the rule by itself.
///
/// Only this process's commits empty it: like the outbox's leases, it assumes one gateway process per database file.
/// Nil (not found) is never cached, so unknown keys cannot fill memory; past `capacity` entries the cache empties.
final class CommittedTableCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var generation = 0
        var entries: [Key: Value] = [:]
    }

    /// The tables whose committed changes empty the cache.
    let tables: Set<String>
    let capacity: Int
    private let state = Mutex(State())

    init(tables: Set<String>, capacity: Int = 10_000) {
        self.tables = tables
        self.capacity = capacity
    }

    /// The generation to read under; take it before the read transaction starts.
    var generation: Int { state.withLock { $0.generation } }

    /// The cached value, if it is still of `generation`.
    func cached(_ key: Key, generation: Int) -> Value? {
        state.withLock { $0.generation == generation ? $0.entries[key] : nil }
    }

    /// Keeps `value` unless a change committed since `generation` was taken.
    func store(_ value: Value, for key: Key, generation: Int) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll() }
            state.entries[key] = value
        }
    }

    /// The value for `key`: the cached one without touching the database, or else `read`'s, which must run its own
    /// read transaction (it starts after this takes the generation).
    func value(for key: Key, read: () async throws -> Value?) async rethrows -> Value? {
        let generation = generation
        if let cached = cached(key, generation: generation) { return cached }
        guard let value = try await read() else { return nil }
        store(value, for: key, generation: generation)
        return value
    }

    /// The value for `key` inside a read transaction that began after `generation` was taken: the cached one while
    /// `generation` is current (so it is not newer than the transaction's view either), else `load()`'s.
    func value(for key: Key, generation: Int, load: () throws -> Value) rethrows -> Value {
        if let cached = cached(key, generation: generation) { return cached }
        let value = try load()
        store(value, for: key, generation: generation)
        return value
    }

    func invalidate() {
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll()
        }
    }

    /// The observer that empties this cache; add it to the writer for the database's lifetime.
    func makeObserver() -> TableCommitObserver {
        TableCommitObserver(tables: tables) { [self] in invalidate() }
    }
}

/// Calls `didCommitChange` once a transaction that changed one of `tables` commits.
///
/// `@unchecked Sendable`: GRDB calls a transaction observer only on the writer's serial queue, so `changed` is never
/// touched by two threads at once; `tables` is immutable and `didCommitChange` is `Sendable`.
final class TableCommitObserver: TransactionObserver, @unchecked Sendable {
    private let tables: Set<String>
    private let didCommitChange: @Sendable () -> Void
    private var changed = false

    init(tables: Set<String>, didCommitChange: @escaping @Sendable () -> Void) {
        self.tables = tables
        self.didCommitChange = didCommitChange
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        tables.contains(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        changed = true
        stopObservingDatabaseChangesUntilNextTransaction()  // one change is enough to know
    }

    func databaseDidCommit(_ db: Database) {
        if changed { didCommitChange() }
        changed = false
    }

    func databaseDidRollback(_ db: Database) {
        changed = false
    }
}
