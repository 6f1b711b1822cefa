import Foundation

/// The command line: `FlowGateBench --flowgate PATH [options]`.
struct Options: Sendable {
    enum Phase: String, Sendable { case full, rate, get, health }

    var flowgate = ""
    /// Approval requests sent in the full-speed phase.
    var requests = 10_000
    /// Requests in flight at once in the full-speed phase (and for creating the orders).
    var concurrency = 128
    /// Requests per second in the fixed-rate phase.
    var rate = 1_000
    /// Seconds the fixed-rate phase lasts.
    var duration = 10.0
    /// Requests sent (and delivered) before the measured phases, not counted.
    var warmup = 500
    var phases: [Phase] = [.full, .rate]
    /// Seconds to wait for the webhooks of a phase after its last acknowledgement.
    var deliveryTimeout = 120.0
    /// Seconds the gateway is left alone before its idle RSS is read (after start, after the load).
    var idleWait = 3.0
    var gatewayLogLevel = "warning"
    /// Extra arguments for `flowgate serve` (repeatable), e.g. `--gateway-arg=--max-body-size=2048`.
    var gatewayArguments: [String] = []
    /// A PostgreSQL URL of an empty database for the gateways; nil for a fresh SQLite file in the work folder.
    var database: String?
    /// Gateway processes on the one database, each request going to the next in turn; more than one needs PostgreSQL.
    var instances = 1
    /// Where the database and the gateway's log go; a new temporary folder by default, removed at the end.
    var workDirectory: String?
    var keep = false

    static let usage = """
        Usage: FlowGateBench --flowgate PATH [options]

        Starts `PATH serve --demo` on a fresh SQLite file (or the PostgreSQL database of --database, with
        --instances gateways on it) and a webhook receiver on 127.0.0.1, subscribes the
        receiver, pre-creates the sales orders, then sends approval requests through the HTTP API: first at
        full speed with bounded concurrency, then at a fixed rate. Reports throughput, end-to-end latency
        (send start -> webhook received) and the gateway's RSS. Exits non-zero on any failed request or
        missing delivery.

        Options:
          --flowgate PATH        release-built flowgate binary (swift build -c release; required)
          --requests N           approval requests in the full-speed phase (default 10000)
          --concurrency N        requests in flight in the full-speed phase (default 128)
          --rate N               requests per second in the fixed-rate phase (default 1000)
          --duration S           seconds of the fixed-rate phase (default 10)
          --warmup N             unmeasured requests before the phases (default 500; 0 for none)
          --phases LIST          comma-separated, run in order, repeatable (default full,rate). Baselines at
                                 full speed (--requests, --concurrency): get = GET salesDocuments/{id} with
                                 ALICE's key (HTTP, key check, a read, JSON; no workflow, no write), health =
                                 GET /health/live (the HTTP floor: no key, no database)
          --delivery-timeout S   wait for a phase's webhooks after its last answer (default 120)
          --idle-wait S          quiet seconds before reading idle RSS (default 3)
          --log-level LEVEL      the gateway's --log-level (default warning)
          --gateway-arg ARG      extra argument for `flowgate serve` (repeatable; use --gateway-arg=--flag=value)
          --database URL         postgres://user@host:port/db of an EMPTY database instead of a fresh SQLite file
          --instances N          gateway processes on that database, requests sent to each in turn (default 1;
                                 more than 1 needs --database)
          --work-dir DIR         folder for bench.sqlite and gateway.log (default: a new temporary one)
          --keep                 keep the work folder (the database and the gateway's log)
        """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ name: String, _ inline: String?) throws -> String {
            if let inline { return inline }
            guard let next = rest.popFirst() else { throw UsageError("\(name) needs a value") }
            return next
        }
        func number(_ name: String, _ inline: String?) throws -> Int {
            let text = try value(name, inline)
            guard let number = Int(text.replacingOccurrences(of: "_", with: "")), number >= 0 else { throw UsageError("\(name): '\(text)' is not a count") }
            return number
        }
        func seconds(_ name: String, _ inline: String?) throws -> Double {
            let text = try value(name, inline)
            guard let number = Double(text), number >= 0 else { throw UsageError("\(name): '\(text)' is not a number of seconds") }
            return number
        }
        while let argument = rest.popFirst() {
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            switch name {
            case "--flowgate": options.flowgate = try value(name, inline)
            case "--requests", "-n": options.requests = try number(name, inline)
            case "--concurrency", "-c": options.concurrency = max(1, try number(name, inline))
            case "--rate": options.rate = max(1, try number(name, inline))
            case "--duration": options.duration = try seconds(name, inline)
            case "--warmup": options.warmup = try number(name, inline)
            case "--phases":
                let text = try value(name, inline)
                options.phases = try text.split(separator: ",").map {
                    guard let phase = Phase(rawValue: String($0)) else { throw UsageError("--phases: unknown phase '\($0)' (full, rate, get, health)") }
                    return phase
                }
            case "--delivery-timeout": options.deliveryTimeout = try seconds(name, inline)
            case "--idle-wait": options.idleWait = try seconds(name, inline)
            case "--log-level": options.gatewayLogLevel = try value(name, inline)
            case "--gateway-arg": options.gatewayArguments.append(try value(name, inline))
            case "--database": options.database = try value(name, inline)
            case "--instances": options.instances = max(1, try number(name, inline))
            case "--work-dir": options.workDirectory = try value(name, inline)
            case "--keep": options.keep = true
            case "--help", "-h":
                print(usage)
                exit(0)
            default: throw UsageError("unknown option '\(argument)'")
            }
        }
        guard !options.flowgate.isEmpty else { throw UsageError("--flowgate PATH is required") }
        if options.instances > 1 && options.database == nil {
            throw UsageError("--instances \(options.instances) needs --database postgres://…: instances share one PostgreSQL database")
        }
        guard FileManager.default.isExecutableFile(atPath: options.flowgate) else {
            throw UsageError("\(options.flowgate) is not an executable file; build it with `swift build -c release` at the repository's root")
        }
        return options
    }

    /// Approval requests the fixed-rate phase sends.
    var rateRequests: Int { Int((Double(rate) * duration).rounded()) }
    /// Orders the phases use up: each send needs an open order of its own.
    var ordersNeeded: Int { phases.reduce(0) { $0 + ($1 == .full ? requests : $1 == .rate ? rateRequests : 0) } }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A failure that ends the run (exit status 1).
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
