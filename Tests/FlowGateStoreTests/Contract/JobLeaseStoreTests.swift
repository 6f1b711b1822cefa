import Foundation
import Testing

@testable import FlowGateCore
@testable import FlowGateStore

@Suite struct JobLeaseStoreTests {
    @Test("One instance holds a job's lease at a time; it renews it, and another takes it over only once it has run out", arguments: StoreBackend.all)
    func leaseHandOver(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let job = "delegate-overdue-approval-entries"
            #expect(try await store.acquireJobLease(job, owner: "a", now: fixedDate, until: fixedDate.addingTimeInterval(300)))
            #expect(try await !store.acquireJobLease(job, owner: "b", now: fixedDate.addingTimeInterval(10), until: fixedDate.addingTimeInterval(310)))
            // The holder renews before it runs out.
            #expect(try await store.acquireJobLease(job, owner: "a", now: fixedDate.addingTimeInterval(299), until: fixedDate.addingTimeInterval(599)))
            #expect(try await !store.acquireJobLease(job, owner: "b", now: fixedDate.addingTimeInterval(310), until: fixedDate.addingTimeInterval(610)))
            // "a" died: once its lease has run out, "b" takes the job.
            #expect(try await store.acquireJobLease(job, owner: "b", now: fixedDate.addingTimeInterval(599), until: fixedDate.addingTimeInterval(899)))
            #expect(try await !store.acquireJobLease(job, owner: "a", now: fixedDate.addingTimeInterval(600), until: fixedDate.addingTimeInterval(900)))
            // Other jobs have leases of their own.
            #expect(try await store.acquireJobLease("another-job", owner: "a", now: fixedDate.addingTimeInterval(600), until: fixedDate.addingTimeInterval(900)))
        }
    }

    @Test("A lease given back is free at once; giving back another instance's lease does nothing", arguments: StoreBackend.all)
    func release(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let job = "delegate-overdue-approval-entries"
            #expect(try await store.acquireJobLease(job, owner: "a", now: fixedDate, until: fixedDate.addingTimeInterval(300)))
            try await store.releaseJobLease(job, owner: "b")
            #expect(try await !store.acquireJobLease(job, owner: "b", now: fixedDate.addingTimeInterval(1), until: fixedDate.addingTimeInterval(301)))
            try await store.releaseJobLease(job, owner: "a")
            #expect(try await store.acquireJobLease(job, owner: "b", now: fixedDate.addingTimeInterval(2), until: fixedDate.addingTimeInterval(302)))
        }
    }

    @Test("Many instances racing for a free lease: exactly one gets it", arguments: StoreBackend.all)
    func race(_ backend: StoreBackend) async throws {
        try await backend.withStore { store async throws in
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for owner in 0..<16 {
                    group.addTask { try await store.acquireJobLease("job", owner: "instance-\(owner)", now: fixedDate, until: fixedDate.addingTimeInterval(60)) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }
}
