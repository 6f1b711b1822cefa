import FlowGateDelivery
import Foundation
import Synchronization

@main
struct FlowGateBench {
    static func main() async {
        let options: Options
        do {
            options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n\n\(Options.usage)\n".utf8))
            exit(2)
        }
        do {
            let ok = try await run(options)
            exit(ok ? 0 : 1)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }

    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Runs the whole benchmark; false when a request failed or a webhook is missing.
    static func run(_ options: Options) async throws -> Bool {
        let directory = options.workDirectory ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("flowgate-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = options.database ?? (directory as NSString).appendingPathComponent("bench.sqlite")
        let logFiles = (1...options.instances).map { (directory as NSString).appendingPathComponent($0 == 1 ? "gateway.log" : "gateway-\($0).log") }
        if options.database == nil {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        }
        defer {
            if options.keep { say("Kept \(directory) (the SQLite database, the gateways' logs).") } else { try? FileManager.default.removeItem(atPath: directory) }
        }

        let date = ISO8601DateFormatter().string(from: Date())
        say("FlowGate end-to-end benchmark, \(date), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        say("gateway: \(options.flowgate) serve --demo --database \(masked(database)) --log-level \(options.gatewayLogLevel)")
        if options.instances > 1 { say("instances: \(options.instances) on that database, requests sent to each in turn") }

        let gateways = try await startGateways(options, database: database, logFiles: logFiles)
        let gateway = gateways[0]
        for instance in gateways { say("gateway pid \(instance.pid) on port \(instance.port)") }
        var memory: [(String, ProcessStats?)] = []
        var phases: [PhaseResult] = []
        var setupLine = ""
        do {
            try await Task.sleep(for: .seconds(options.idleWait))
            memory += memoryRows("idle after start", gateways)
            let userKey = gateway.userKeys["ALICE"]!
            let connections = max(options.concurrency, 256)
            try await Receiver.run { receiver in
                let client = GatewayClient(baseURLs: gateways.map(\.baseURL), maximumConnections: connections)
                defer { Task { await client.transport.shutdown() } }
                try await client.subscribe(url: receiver.url, key: gateway.adminKey)

                // Each order can be sent once, so every request of every phase gets its own order.
                let total = max(1, options.warmup + options.ordersNeeded)
                let createStart = monotonicNanos()
                let orders = try await createOrders(total, client: client, key: gateway.adminKey, concurrency: options.concurrency)
                let createWall = monotonicNanos() - createStart
                setupLine = "setup: created \(total) orders in \(String(format: "%.1f", Double(createWall) / 1e9)) s (\(rate(total, over: createWall)) creates/s at \(options.concurrency) in flight)"
                say(setupLine)
                memory += memoryRows("after creating orders", gateways)

                let load = Load(client: client, receiver: receiver, userKey: userKey)
                var cursor = orders.startIndex
                func take(_ count: Int) -> ArraySlice<String> {
                    defer { cursor += count }
                    return orders[cursor..<cursor + count]
                }
                if options.warmup > 0 {
                    let before = receiver.received
                    let records = await load.closedLoop(take(options.warmup), concurrency: options.concurrency)
                    let arrivals = await load.waitForDeliveries(of: records, receivedBefore: before, timeout: options.deliveryTimeout)
                    let failed = records.filter { $0.status != 200 }
                    if let first = failed.first {
                        throw BenchError("warm-up: \(failed.count) of \(records.count) sends failed; first: \(first.status) \(first.error ?? "")")
                    }
                    let missing = arrivals.filter { $0 == nil }.count
                    if missing > 0 { throw BenchError("warm-up: \(missing) of \(records.count) webhooks did not arrive") }
                    say("warm-up: \(options.warmup) requests sent and delivered (not counted)")
                }
                for phase in options.phases {
                    say("\(phase.title): starting")
                    var result: PhaseResult
                    switch phase {
                    case .full:
                        result = await measure(phase.title, load: "\(options.concurrency) in flight", gateways: gateways, receiver: receiver, options: options) {
                            await load.closedLoop(take(options.requests), concurrency: options.concurrency)
                        } deliveries: { records, before in
                            await load.waitForDeliveries(of: records, receivedBefore: before, timeout: options.deliveryTimeout)
                        }
                    case .rate:
                        result = await measure(phase.title, load: "\(options.rate)/s for \(String(format: "%g", options.duration)) s", gateways: gateways, receiver: receiver, options: options) {
                            await load.openLoop(take(options.rateRequests), rate: options.rate)
                        } deliveries: { records, before in
                            await load.waitForDeliveries(of: records, receivedBefore: before, timeout: options.deliveryTimeout)
                        }
                    case .get, .health:
                        // Reads do not use orders up: any created order will do, round and round.
                        let reads = ArraySlice((0..<options.requests).map { orders[$0 % orders.count] })
                        result = await measure(phase.title, load: "\(options.concurrency) in flight", gateways: gateways, receiver: receiver, options: options) {
                            await load.closedLoop(reads, concurrency: options.concurrency, request: phase == .get ? .get : .live)
                        } deliveries: { records, _ in
                            records.map { _ in nil }
                        }
                        result.expectsDeliveries = false
                    }
                    phases.append(result)
                    memory += memoryRows("after \(result.name)", gateways)
                    say("\(result.name): done (\(result.records.count) requests)")
                }
                try await Task.sleep(for: .seconds(options.idleWait))
                memory += memoryRows("idle after load", gateways)
                if receiver.duplicates > 0 { say("note: the receiver got \(receiver.duplicates) duplicate webhooks (at-least-once)") }
                if receiver.unreadable > 0 { say("note: \(receiver.unreadable) webhooks had no readable \"Row Id\"") }
            }
        } catch {
            for instance in gateways { await instance.stop() }
            for logFile in logFiles { printLogTail(logFile) }
            throw error
        }
        var exitStatus: Int32?
        for instance in gateways {
            let status = await instance.stop()
            if status != 0 { exitStatus = status }
        }
        report(phases: phases, memory: memory, options: options)
        let logLines = logFiles.reduce(0) { $0 + printLogTail($1) }

        var ok = true
        for phase in phases {
            let failures = phase.failures
            if !failures.isEmpty {
                ok = false
                let byStatus = Dictionary(grouping: failures, by: \.status).map { "\($0.value.count)x \($0.key == 0 ? "no answer" : String($0.key))" }
                say("FAILED: \(phase.name): \(failures.count) sends not answered 200 (\(byStatus.joined(separator: ", "))); first: \(failures[0].error ?? "")")
            }
            if phase.missing > 0 {
                ok = false
                say("FAILED: \(phase.name): \(phase.missing) webhooks missing after \(String(format: "%g", options.deliveryTimeout)) s")
            }
        }
        if let exitStatus { say("note: a gateway exited with status \(exitStatus) on SIGTERM") }
        if logLines > 0 { say("note: the gateway logged \(logLines) lines at \(options.gatewayLogLevel) or above") }
        say(ok ? "OK" : "FAILED")
        return ok
    }

    /// The first instance seeds the demo company and prints its keys; the others serve the same database.
    static func startGateways(_ options: Options, database: String, logFiles: [String]) async throws -> [GatewayProcess] {
        var gateways: [GatewayProcess] = []
        do {
            for (index, logFile) in logFiles.enumerated() {
                gateways.append(
                    try await GatewayProcess.start(
                        binary: options.flowgate, database: database, demo: index == 0, logFile: logFile, logLevel: options.gatewayLogLevel,
                        extraArguments: options.gatewayArguments
                    )
                )
            }
        } catch {
            for gateway in gateways { await gateway.stop() }
            throw error
        }
        return gateways
    }

    /// One memory row per instance (labelled with its number when there are several).
    static func memoryRows(_ label: String, _ gateways: [GatewayProcess]) -> [(String, ProcessStats?)] {
        gateways.enumerated().map { index, gateway in (gateways.count > 1 ? "\(label), instance \(index + 1)" : label, gateway.stats) }
    }

    /// The database's URL with its password masked.
    static func masked(_ database: String) -> String {
        guard var components = URLComponents(string: database), components.password != nil else { return database }
        components.password = "***"
        return components.string ?? database
    }

    /// Creates `count` open sales orders with `concurrency` in flight; returns their ids in creation order.
    static func createOrders(_ count: Int, client: GatewayClient, key: String, concurrency: Int) async throws -> [String] {
        let next = Counter(0)
        let ids = try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
            for _ in 0..<min(concurrency, max(count, 1)) {
                group.addTask {
                    var made: [(Int, String)] = []
                    while true {
                        let index = next.take()
                        guard index < count else { return made }
                        made.append((index, try await client.createOrder(key: key)))
                    }
                }
            }
            var all: [(Int, String)] = []
            for try await made in group { all += made }
            return all
        }
        return ids.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Runs one phase, reading the gateway's and this process's CPU time around it.
    static func measure(
        _ name: String, load: String, gateways: [GatewayProcess], receiver: Receiver, options: Options,
        sends: () async -> [SendRecord], deliveries: ([SendRecord], Int) async -> [UInt64?]
    ) async -> PhaseResult {
        func gatewayCPU() -> Double { gateways.reduce(0) { $0 + ($1.stats?.cpuSeconds ?? 0) } }
        let onPostgres = options.database != nil
        let gatewayBefore = gatewayCPU()
        let databaseBefore = onPostgres ? ProcessStats.postgresCPUSeconds() : 0
        let benchBefore = ProcessStats.read(pid: "self")
        let receivedBefore = receiver.received
        let records = await sends()
        let arrivals = await deliveries(records, receivedBefore)
        let gatewayAfter = gatewayCPU()
        let databaseAfter = onPostgres ? ProcessStats.postgresCPUSeconds() : 0
        let benchAfter = ProcessStats.read(pid: "self")
        return PhaseResult(
            name: name, load: load, records: records, arrivals: arrivals, gatewayCPU: gatewayAfter - gatewayBefore,
            benchCPU: (benchAfter?.cpuSeconds ?? 0) - (benchBefore?.cpuSeconds ?? 0),
            databaseCPU: onPostgres ? databaseAfter - databaseBefore : nil, gatewayAfter: gateways[0].stats
        )
    }

    static func report(phases: [PhaseResult], memory: [(String, ProcessStats?)], options: Options) {
        say("")
        var rows = [["phase", "load", "requests", "req/s", "deliveries/s", "ack p50/p95/p99/max ms", "end-to-end p50/p95/p99/max ms", "gateway CPU", "database CPU", "bench CPU"]]
        for phase in phases {
            let start = phase.firstStart
            rows.append([
                phase.name, phase.load, String(phase.records.count),
                rate(phase.records.count, over: phase.lastAck - start),
                phase.expectsDeliveries && phase.lastArrival > start ? rate(phase.records.count - phase.missing, over: phase.lastArrival - start) : "-",
                phase.ackLatency.summary, phase.endToEnd.summary,
                String(format: "%.1f s", phase.gatewayCPU), phase.databaseCPU.map { String(format: "%.1f s", $0) } ?? "-",
                String(format: "%.1f s", phase.benchCPU),
            ])
        }
        say(table(rows))
        say("  req/s = requests / (last 200 - first send); deliveries/s = webhooks / (last webhook received - first send).")
        say("  end to end = webhook received at the receiver - send started; ack = 200 received - send started.")
        for phase in phases where phase.name == "fixed rate" {
            say("  fixed rate: sender lag max \(milliseconds(phase.maximumLag)) ms; end to end from the scheduled start p50/p95/p99/max \(phase.endToEndFromSchedule.summary) ms")
        }
        for phase in phases {
            let perRequest = phase.records.isEmpty ? 0 : phase.gatewayCPU / Double(phase.records.count) * 1000
            let wall = Double(max(phase.lastArrival, phase.lastAck) - phase.firstStart) / 1e9
            say(String(format: "  %@: gateway CPU %.3f ms per request, %.0f%% of one core over the phase; bench CPU %.3f ms per request",
                       phase.name, perRequest, wall > 0 ? phase.gatewayCPU / wall * 100 : 0,
                       phase.records.isEmpty ? 0 : phase.benchCPU / Double(phase.records.count) * 1000))
            if let database = phase.databaseCPU, !phase.records.isEmpty {
                say(String(format: "  %@: PostgreSQL CPU %.3f ms per request, %.0f%% of one core over the phase",
                           phase.name, database / Double(phase.records.count) * 1000, wall > 0 ? database / wall * 100 : 0))
            }
        }
        say("")
        var memoryRows = [["gateway memory", "VmRSS", "VmHWM (peak)"]]
        for (label, stats) in memory {
            memoryRows.append([label, stats.map { megabytes($0.rss) } ?? "-", stats.map { megabytes($0.peakRSS) } ?? "-"])
        }
        say(table(memoryRows))
        say("")
        say("targets (issue):")
        if let full = phases.first(where: { $0.name == "full speed" }) {
            let wall = Double(full.lastArrival - full.firstStart) / 1e9
            let perSecond = wall > 0 ? Double(full.records.count - full.missing) / wall : 0
            say(String(format: "  >= 10,000 approval requests/s end to end: %.0f/s  %@", perSecond, perSecond >= 10_000 ? "met" : "NOT met"))
        }
        if let fixed = phases.first(where: { $0.name == "fixed rate" }), let p99 = fixed.endToEnd.value(99) {
            say("  p99 <= 20 ms at \(options.rate)/s: \(milliseconds(p99)) ms  \(p99 <= 20_000_000 ? "met" : "NOT met")")
        }
        if let idle = memory.first?.1 {
            say("  <= 64 MB RSS idle: \(megabytes(idle.rss)) after start  \(idle.rss <= 64 << 20 ? "met" : "NOT met")")
        }
        say("")
    }

    /// Prints the last lines of the gateway's log, if any; returns how many lines it has.
    @discardableResult
    static func printLogTail(_ path: String) -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        let lines = text.split(separator: "\n")
        if !lines.isEmpty {
            say("gateway log (last \(min(lines.count, 10)) of \(lines.count) lines):")
            for line in lines.suffix(10) { say("  " + line.prefix(400)) }
        }
        return lines.count
    }
}

extension Options.Phase {
    var title: String {
        switch self {
        case .full: "full speed"
        case .rate: "fixed rate"
        case .get: "GET baseline"
        case .health: "health baseline"
        }
    }
}
