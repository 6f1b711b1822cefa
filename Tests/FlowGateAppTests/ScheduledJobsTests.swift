import Foundation
import Synchronization
import Testing

@testable import FlowGateApp
@testable import FlowGateStore

/// Two gateway instances on one store run a scheduled job once per period between them.
@Suite struct ScheduledJobsTests {
    final class Clock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_750_000_000))
        func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    @Test("Of two instances ticking together, one runs the job each period; the other takes over when the first stops")
    func oncePerPeriod() async throws {
        let store = try SQLiteStore.inMemory()
        let clock = Clock()
        func instance(_ id: String) -> ScheduledJobs {
            Gateway(store: store, outbox: Outbox(baseURL: "http://127.0.0.1"), now: { clock.now.withLock { $0 } }).scheduledJobs(instanceId: id)
        }
        let (a, b) = (instance("a"), instance("b"))
        let runs = Mutex<[String]>([])
        func tick(_ jobs: ScheduledJobs, _ name: String) async throws {
            _ = try await jobs.runIfLeased("job", period: .seconds(300)) { runs.withLock { $0.append(name) } }
        }

        try await tick(a, "a")
        try await tick(b, "b")
        clock.advance(300)
        try await tick(a, "a")
        try await tick(b, "b")
        #expect(runs.withLock { $0 } == ["a", "a"])

        try await a.release("job")  // a shuts down
        clock.advance(1)
        try await tick(b, "b")
        #expect(runs.withLock { $0 } == ["a", "a", "b"])
    }
}
