import FlowGateCore
import FlowGateStore
import Foundation

/// Scheduled jobs that run once per period across every gateway instance on the database.
///
/// Before each run the instance takes the job's lease for one period; an instance that finds the lease held by
/// another skips the run. The holder renews it at its next run; if it dies, the lease runs out and another instance
/// takes the job over at its next tick.
public struct ScheduledJobs: Sendable {
    let gateway: Gateway
    /// This instance, the owner of the leases it takes.
    public let instanceId: String

    public init(gateway: Gateway, instanceId: String) {
        self.gateway = gateway
        self.instanceId = instanceId
    }

    /// One run of a job: when this instance took the lease for it, and what the job returned.
    public struct Run<Value: Sendable>: Sendable {
        /// The instant the lease was taken at. Runs of one job are a period apart whichever instance runs them, unless
        /// an instance gave the lease back at shutdown (another then runs at its next tick), as measured by each
        /// instance's own clock.
        public let leasedAt: Date
        public let value: Value
    }

    /// Runs `body` when this instance holds (or now takes) the lease on `job` for `period`; nil when another
    /// instance holds it.
    public func runIfLeased<T: Sendable>(_ job: String, period: Duration, _ body: () async throws -> T) async throws -> Run<T>? {
        let now = gateway.now()
        let (seconds, attoseconds) = period.components
        let until = now.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
        guard try await gateway.store.acquireJobLease(job, owner: instanceId, now: now, until: until) else { return nil }
        return Run(leasedAt: now, value: try await body())
    }

    /// Gives the job back at shutdown, so another instance runs it at its next tick instead of after the lease.
    public func release(_ job: String) async throws {
        try await gateway.store.releaseJobLease(job, owner: instanceId)
    }
}

extension Gateway {
    /// The scheduled jobs of the instance `instanceId`.
    public func scheduledJobs(instanceId: String) -> ScheduledJobs {
        ScheduledJobs(gateway: self, instanceId: instanceId)
    }
}
