import FlowGateTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// An automation platform's webhook endpoint on 127.0.0.1: it records every POST and answers with the
/// statuses it was told to (then 200), optionally after a delay.
final class FlowReceiver: Sendable {
    struct Delivery: Sendable {
        /// Keyed by lowercased name.
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
    }

    let port: Int
    private let state: State

    private init(port: Int, state: State) {
        self.port = port
        self.state = state
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var deliveries: [Delivery] { state.deliveries.withLock { $0 } }

    /// The statuses the next requests get, in order; 200 once they are used up.
    func answer(_ statuses: [Int]) { state.statuses.withLock { $0 = statuses } }
    /// How the receiver answers Business Central's validation handshake (`?validationToken=`).
    enum Handshake: Sendable {
        /// 200 with the token, as a subscriber should.
        case echo
        /// 200 with another text.
        case wrongToken
        case status(Int)
    }

    /// How the next handshakes are answered; `echo` by default.
    func handshake(_ answer: Handshake) { state.handshake.withLock { $0 = answer } }
    /// The validation tokens the receiver was called with, in order.
    var handshakeTokens: [String] { state.handshakeTokens.withLock { $0 } }

    /// How long each answer waits (to keep deliveries in flight).
    func delay(_ duration: Duration) { state.delay.withLock { $0 = duration } }

    /// Waits until `count` deliveries arrived, up to `timeout`.
    @discardableResult
    func waitForDeliveries(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        while deliveries.count < count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return deliveries
    }

    static func run<Value: Sendable>(_ body: (FlowReceiver) async throws -> Value) async throws -> Value {
        let state = State()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            if let token = request.uri.queryParameters.get("validationToken") {
                state.handshakeTokens.withLock { $0.append(token) }
                let (status, text): (Int, String) =
                    switch state.handshake.withLock({ $0 }) {
                    case .echo: (200, token)
                    case .wrongToken: (200, "not-the-token")
                    case .status(let code): (code, "no")
                    }
                return Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: text)))
            }
            let bytes = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            state.deliveries.withLock { $0.append(Delivery(headers: headers, body: Array(buffer: bytes))) }
            let wait = state.delay.withLock { $0 }
            if wait > .zero { try await Task.sleep(for: wait) }
            let status = state.statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
            return Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: "status \(status)")))
        }
        return try await LoopbackServer.run(router, label: "flow-receiver") { port in
            try await body(FlowReceiver(port: port, state: state))
        }
    }

    private final class State: Sendable {
        let deliveries = Mutex<[Delivery]>([])
        let statuses = Mutex<[Int]>([])
        let delay = Mutex<Duration>(.zero)
        let handshake = Mutex<Handshake>(.echo)
        let handshakeTokens = Mutex<[String]>([])
    }
}
