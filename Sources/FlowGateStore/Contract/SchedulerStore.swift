import Foundation

/// Leases on named scheduled jobs, so that each due run of a job happens once across every gateway instance on
/// the database: the instance holding a job's lease runs it; when that instance dies, the lease runs out and
/// another takes the job over.
public protocol SchedulerStore: Sendable {
    /// Takes (or renews) the lease on `job` for `owner` until `until` when it is free, expired at `now`, or already
    /// `owner`'s; true when `owner` holds it afterwards.
    func acquireJobLease(_ job: String, owner: String, now: Date, until: Date) async throws -> Bool
    /// Gives the lease back if `owner` holds it, so another instance may take the job at once (at shutdown).
    func releaseJobLease(_ job: String, owner: String) async throws
}
