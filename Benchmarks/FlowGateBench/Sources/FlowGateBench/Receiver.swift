import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The automation platform's endpoint on 127.0.0.1: stamps each webhook on arrival, keyed by the
/// payload's "Row Id" (the order's id), and answers 200.
final class Receiver: Sendable {
    let port: Int
    private let state: State

    private init(port: Int, state: State) {
        self.port = port
        self.state = state
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    /// Webhooks received so far (duplicates included).
    var received: Int { state.received.load(ordering: .relaxed) }
    var duplicates: Int { state.duplicates.load(ordering: .relaxed) }
    var unreadable: Int { state.unreadable.load(ordering: .relaxed) }

    /// The monotonic time the first webhook for each of `ids` arrived (nil where none did).
    func arrivals(of ids: ArraySlice<String>) -> [UInt64?] {
        state.arrivals.withLock { arrivals in ids.map { arrivals[$0] } }
    }

    func countArrived(of ids: ArraySlice<String>) -> Int {
        state.arrivals.withLock { arrivals in ids.reduce(0) { $0 + (arrivals[$1] == nil ? 0 : 1) } }
    }

    static func run<Value: Sendable>(_ body: (Receiver) async throws -> Value) async throws -> Value {
        let state = State()
        var logger = Logger(label: "bench-receiver")
        logger.logLevel = .error
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let arrived = monotonicNanos()
            let body = try await request.body.collect(upTo: 1 << 20)
            state.record(rowId: RowId.find(in: body), at: arrived)
            return .ok
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "bench-receiver"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw BenchError("the receiver did not start") }
            do {
                let value = try await body(Receiver(port: port, state: state))
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }

    private final class State: Sendable {
        let arrivals = Mutex<[String: UInt64]>([:])
        let received = Atomic<Int>(0)
        let duplicates = Atomic<Int>(0)
        let unreadable = Atomic<Int>(0)

        init() {
            arrivals.withLock { $0.reserveCapacity(1 << 16) }
        }

        func record(rowId: String?, at time: UInt64) {
            received.add(1, ordering: .relaxed)
            guard let rowId else {
                unreadable.add(1, ordering: .relaxed)
                return
            }
            let isNew = arrivals.withLock { arrivals in
                if arrivals[rowId] != nil { return false }
                arrivals[rowId] = time
                return true
            }
            if !isNew { duplicates.add(1, ordering: .relaxed) }
        }
    }
}

/// Finds `"Row Id":"<id>"` in the compact JSON the gateway sends, without decoding the whole payload.
enum RowId {
    private static let key = Array(#""Row Id":""#.utf8)

    static func find(in buffer: ByteBuffer) -> String? {
        buffer.withUnsafeReadableBytes { bytes -> String? in
            guard bytes.count > key.count else { return nil }
            var start = 0
            let last = bytes.count - key.count
            outer: while start <= last {
                for offset in 0..<key.count where bytes[start + offset] != key[offset] {
                    start += 1
                    continue outer
                }
                let valueStart = start + key.count
                guard let end = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<end]), as: UTF8.self).lowercased()
            }
            return nil
        }
    }
}
