import FlowGateTestSupport
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A webhook endpoint on 127.0.0.1 for a gateway run as a process: it records the `webhook-id` and the
/// body's "Row Id" of every POST and answers 200, the first `quickAnswers` at once and the rest after
/// `hold`, so that deliveries stay in flight while the test kills the gateway.
final class CrashReceiver: Sendable {
    struct Request: Sendable {
        var webhookId: String
        /// The sales document the message is about ("Row Id" of the Flow payload).
        var rowId: String
    }

    let port: Int
    private let state: State

    private init(port: Int, state: State) {
        self.port = port
        self.state = state
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var requests: [Request] { state.requests.withLock { $0 } }
    var count: Int { state.requests.withLock { $0.count } }
    /// Requests received and not answered yet.
    var holding: Int { state.holding.withLock { $0 } }
    var distinctWebhookIds: Set<String> { Set(requests.map(\.webhookId)) }

    /// The first `quickAnswers` requests are answered at once, later ones after `hold`.
    func answer(quickly quickAnswers: Int, thenAfter hold: Duration) {
        state.policy.withLock { $0 = (quickAnswers, hold) }
    }

    static func run<Value: Sendable>(_ body: (CrashReceiver) async throws -> Value) async throws -> Value {
        let state = State()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any]
            let webhookId = request.headers.first { $0.name.canonicalName == "webhook-id" }?.value ?? ""
            let received = Request(webhookId: webhookId, rowId: json?["Row Id"] as? String ?? "")
            let index = state.requests.withLock { requests in
                requests.append(received)
                return requests.count - 1
            }
            let (quickAnswers, hold) = state.policy.withLock { $0 }
            if index >= quickAnswers && hold > .zero {
                state.holding.withLock { $0 += 1 }
                // Not cancellable: a gateway that dies mid-request must find the request still open.
                try? await Task.sleep(for: hold)
                state.holding.withLock { $0 -= 1 }
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        return try await LoopbackServer.run(router, label: "crash-receiver") { port in
            try await body(CrashReceiver(port: port, state: state))
        }
    }

    private final class State: Sendable {
        let requests = Mutex<[Request]>([])
        let holding = Mutex<Int>(0)
        let policy = Mutex<(quickAnswers: Int, hold: Duration)>((0, .zero))
    }
}
