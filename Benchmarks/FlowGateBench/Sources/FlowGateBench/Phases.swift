import FlowGateDelivery
import Foundation
import Synchronization

/// One approval request as the sender saw it; times are monotonic nanoseconds.
struct SendRecord: Sendable {
    var order: String
    /// When the schedule meant it to start (the fixed-rate phase), else `start`.
    var scheduled: UInt64
    var start: UInt64
    var ack: UInt64
    /// The HTTP status, 0 when no answer came.
    var status: Int
    var error: String?
}

/// What one measured phase produced.
struct PhaseResult {
    var name: String
    var load: String
    var records: [SendRecord]
    /// Arrival time of each record's webhook, in `records`' order.
    var arrivals: [UInt64?]
    /// Summed over the gateway instances.
    var gatewayCPU: Double
    var benchCPU: Double
    /// PostgreSQL's server processes; nil on SQLite (inside the gateway's own CPU).
    var databaseCPU: Double?
    var gatewayAfter: ProcessStats?
    /// False for the GET baseline, which makes no webhooks.
    var expectsDeliveries = true

    var failures: [SendRecord] { records.filter { $0.status != 200 } }
    var missing: Int { expectsDeliveries ? zip(records, arrivals).filter { $0.0.status == 200 && $0.1 == nil }.count : 0 }
    var firstStart: UInt64 { records.map(\.start).min() ?? 0 }
    var lastAck: UInt64 { records.map(\.ack).max() ?? 0 }
    var lastArrival: UInt64 { arrivals.compactMap { $0 }.max() ?? 0 }
    var ackLatency: Percentiles { Percentiles(records.map { $0.ack - $0.start }) }
    /// Send start -> webhook received.
    var endToEnd: Percentiles {
        Percentiles(zip(records, arrivals).compactMap { record, arrival in arrival.map { $0 > record.start ? $0 - record.start : 0 } })
    }
    /// Scheduled start -> webhook received (counts the sender's own delays too).
    var endToEndFromSchedule: Percentiles {
        Percentiles(zip(records, arrivals).compactMap { record, arrival in arrival.map { $0 > record.scheduled ? $0 - record.scheduled : 0 } })
    }
    var maximumLag: UInt64 { records.map { $0.start > $0.scheduled ? $0.start - $0.scheduled : 0 }.max() ?? 0 }
}

/// The load: sends approval requests and waits for their webhooks.
struct Load: Sendable {
    let client: GatewayClient
    let receiver: Receiver
    let userKey: String

    enum Request: Sendable { case sendApprovalRequest, get, live }

    func send(_ order: String, scheduled: UInt64? = nil, request: Request = .sendApprovalRequest) async -> SendRecord {
        let start = monotonicNanos()
        let result = switch request {
        case .sendApprovalRequest: await client.sendApprovalRequest(order: order, key: userKey)
        case .get: await client.getOrder(order, key: userKey)
        case .live: await client.live()
        }
        let ack = monotonicNanos()
        switch result {
        case .success(let response):
            let error = response.statusCode == 200 ? nil : String(decoding: response.body.prefix(300), as: UTF8.self)
            return SendRecord(order: order, scheduled: scheduled ?? start, start: start, ack: ack, status: response.statusCode, error: error)
        case .failure(let error):
            return SendRecord(order: order, scheduled: scheduled ?? start, start: start, ack: ack, status: 0, error: error.description)
        }
    }

    /// Full speed: `concurrency` senders, each sending its next order as soon as its previous one is answered.
    func closedLoop(_ orders: ArraySlice<String>, concurrency: Int, request: Request = .sendApprovalRequest) async -> [SendRecord] {
        let next = Counter(orders.startIndex)
        return await withTaskGroup(of: [SendRecord].self) { group in
            for _ in 0..<min(concurrency, orders.count) {
                group.addTask {
                    var records: [SendRecord] = []
                    while true {
                        let index = next.take()
                        guard index < orders.endIndex else { return records }
                        records.append(await send(orders[index], request: request))
                    }
                }
            }
            var all: [SendRecord] = []
            all.reserveCapacity(orders.count)
            for await records in group { all += records }
            return all
        }
    }

    /// Fixed rate (open loop): request n starts at t0 + n / rate whatever the earlier ones are doing.
    func openLoop(_ orders: ArraySlice<String>, rate: Int) async -> [SendRecord] {
        let interval = 1e9 / Double(rate)
        let origin = monotonicNanos() + 5_000_000
        return await withTaskGroup(of: SendRecord.self) { group in
            for (position, order) in orders.enumerated() {
                let scheduled = origin + UInt64(Double(position) * interval)
                await sleep(untilNanos: scheduled)
                group.addTask { await send(order, scheduled: scheduled) }
            }
            var all: [SendRecord] = []
            all.reserveCapacity(orders.count)
            for await record in group { all.append(record) }
            return all
        }
    }

    /// Waits until every answered request's webhook arrived or `timeout` passed; returns the arrival times.
    func waitForDeliveries(of records: [SendRecord], receivedBefore: Int, timeout: Double) async -> [UInt64?] {
        let orders = ArraySlice(records.map(\.order))
        let expected = records.filter { $0.status == 200 }.count
        let deadline = monotonicNanos() + UInt64(timeout * 1e9)
        while monotonicNanos() < deadline {
            if receiver.received - receivedBefore >= expected, receiver.countArrived(of: orders) >= expected { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return receiver.arrivals(of: orders)
    }
}

/// A shared index for the closed-loop senders.
final class Counter: Sendable {
    private let value: Atomic<Int>
    init(_ start: Int) { value = Atomic(start) }
    func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}
