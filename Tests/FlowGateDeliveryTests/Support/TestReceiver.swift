import FlowGateTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// What the receiver saw of one request.
struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    /// Keyed by lowercased name.
    var headers: [String: String]
    var body: [UInt8]
    var clientPort: Int?
}

/// Request context that remembers the client's port, to tell reused connections from new ones.
struct ReceiverContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let clientPort: Int?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientPort = source.channel.remoteAddress?.port
    }
}

/// A real HTTP server on 127.0.0.1 (port chosen by the system) that records what it receives.
///
/// Routes (any method):
/// - `/echo` answers 200 `ok`;
/// - `/status/{code}?body=…&retryAfter=…&location=…` answers that status with those extras;
/// - `/large?bytes=N` answers 200 with N bytes;
/// - `/slow?ms=N` answers 200 after N milliseconds;
/// - `/sequence/{key}?statuses=500,500,200` answers the n-th request to that exact URI with the n-th status
///   (the last one repeats), so retries meet a scripted receiver;
/// - `/hold` answers 200 only once `releaseHeldRequests()` is called (or after ten seconds, so no test hangs).
final class TestReceiver: Sendable {
    let port: Int
    private let store: Store

    private init(port: Int, store: Store) {
        self.port = port
        self.store = store
    }

    var requests: [ReceivedRequest] { store.requests.withLock { $0 } }

    /// The most requests `/slow` and `/hold` were handling at the same time.
    var maximumConcurrentRequests: Int { store.concurrency.withLock { $0.maximum } }

    /// How many `/slow` and `/hold` requests are being handled right now.
    var requestsInProgress: Int { store.concurrency.withLock { $0.current } }

    /// Lets every `/hold` request, waiting or still to come, answer.
    func releaseHeldRequests() { store.released.store(true, ordering: .releasing) }

    func url(_ path: String, host: String = "127.0.0.1") -> String { "http://\(host):\(port)\(path)" }

    /// Suspends until at least `count` requests arrived (or two seconds passed).
    func waitForRequests(_ count: Int) async throws {
        for _ in 0..<200 where requests.count < count { try await Task.sleep(for: .milliseconds(10)) }
    }

    /// Runs `body` with a receiver listening, then shuts the receiver down.
    static func run<Value: Sendable>(_ body: (TestReceiver) async throws -> Value) async throws -> Value {
        let store = Store()
        return try await LoopbackServer.run(makeRouter(store: store)) { port in
            try await body(TestReceiver(port: port, store: store))
        }
    }


    /// Shared between the router's handlers and the receiver handed to the test.
    final class Store: Sendable {
        let requests = Mutex<[ReceivedRequest]>([])
        let concurrency = Mutex<(current: Int, maximum: Int)>((0, 0))
        let sequenceCounts = Mutex<[String: Int]>([:])
        let released = Atomic<Bool>(false)

        /// Runs `body` counted as one of the requests being handled at once.
        func countingConcurrency<Value>(_ body: () async throws -> Value) async rethrows -> Value {
            concurrency.withLock { state in
                state.current += 1
                state.maximum = max(state.maximum, state.current)
            }
            defer { concurrency.withLock { $0.current -= 1 } }
            return try await body()
        }
    }

    private static func makeRouter(store: Store) -> Router<ReceiverContext> {
        let router = Router(context: ReceiverContext.self)
        router.on("/echo", method: .post) { request, context in
            try await record(request, context, store)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        router.on("/echo", method: .put) { request, context in
            try await record(request, context, store)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "put")))
        }
        router.post("/status/:code") { request, context in
            try await record(request, context, store)
            let code = try context.parameters.require("code", as: Int.self)
            var headers = HTTPFields()
            if let retryAfter = request.uri.queryParameters["retryAfter"] { headers[.retryAfter] = String(retryAfter) }
            if let location = request.uri.queryParameters["location"] { headers[.location] = String(location) }
            let body = request.uri.queryParameters["body"].map { String($0) } ?? ""
            return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.post("/large") { request, context in
            try await record(request, context, store)
            let count = request.uri.queryParameters["bytes"].flatMap { Int($0) } ?? 0
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: count)))
        }
        router.post("/slow") { request, context in
            try await record(request, context, store)
            let milliseconds = request.uri.queryParameters["ms"].flatMap { Int($0) } ?? 0
            await store.countingConcurrency { try? await Task.sleep(for: .milliseconds(milliseconds)) }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "slow")))
        }
        router.post("/sequence/:key") { request, context in
            try await record(request, context, store)
            let uri = request.uri.description
            let seen = store.sequenceCounts.withLock { counts in
                defer { counts[uri, default: 0] += 1 }
                return counts[uri, default: 0]
            }
            let statuses = (request.uri.queryParameters["statuses"].map { String($0) } ?? "200").split(separator: ",").compactMap { Int($0) }
            let status = statuses.isEmpty ? 200 : statuses[min(seen, statuses.count - 1)]
            return Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: "answer \(seen + 1)")))
        }
        router.post("/hold") { request, context in
            try await record(request, context, store)
            await store.countingConcurrency {
                let giveUp = ContinuousClock.now + .seconds(10)
                while !store.released.load(ordering: .acquiring) && ContinuousClock.now < giveUp { try? await Task.sleep(for: .milliseconds(5)) }
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "released")))
        }
        return router
    }

    private static func record(_ request: Request, _ context: ReceiverContext, _ store: Store) async throws {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let received = ReceivedRequest(
            method: request.method.rawValue, path: request.uri.path, headers: headers, body: Array(buffer: body),
            clientPort: context.clientPort
        )
        store.requests.withLock { $0.append(received) }
    }
}
