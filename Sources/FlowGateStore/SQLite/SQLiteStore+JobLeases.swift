import Foundation
import GRDB

extension SQLiteStore {
    public func acquireJobLease(_ job: String, owner: String, now: Date, until: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO job_leases (job, owner, lease_until) VALUES (?, ?, ?)
                    ON CONFLICT (job) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
                    WHERE job_leases.lease_until <= ? OR job_leases.owner = excluded.owner
                    """,
                arguments: [job, owner, until.timeIntervalSince1970, now.timeIntervalSince1970]
            )
            return db.changesCount == 1
        }
    }

    public func releaseJobLease(_ job: String, owner: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM job_leases WHERE job = ? AND owner = ?", arguments: [job, owner])
        }
    }
}
