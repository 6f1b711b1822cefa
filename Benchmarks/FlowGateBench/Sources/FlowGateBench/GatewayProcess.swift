import Foundation
import Synchronization

/// `flowgate serve` as a child process: its port and, with `--demo`, the keys its demo banner printed.
final class GatewayProcess: Sendable {
    let pid: Int32
    let port: Int
    let adminKey: String
    let userKeys: [String: String]
    private let process: Process

    var stats: ProcessStats? { ProcessStats.read(pid: String(pid)) }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(process: Process, port: Int, adminKey: String, userKeys: [String: String]) {
        self.process = process
        self.pid = process.processIdentifier
        self.port = port
        self.adminKey = adminKey
        self.userKeys = userKeys
    }

    /// Starts the binary with a port picked by the system and waits for its banner. With `demo` it seeds the demo
    /// company into a new database and prints its keys; without, it serves a database another instance seeded.
    static func start(
        binary: String, database: String, demo: Bool = true, logFile: String, logLevel: String, extraArguments: [String]
    ) async throws -> GatewayProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "serve", "--port", "0", "--database", database, "--allow-network", "127.0.0.0/8", "--log-level", logLevel,
        ] + (demo ? ["--demo"] : []) + extraArguments
        let output = Pipe()
        process.standardOutput = output
        FileManager.default.createFile(atPath: logFile, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        process.standardInput = FileHandle.nullDevice

        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        let reader = output.fileHandleForReading
        // Reads the child's standard output to its end, so the child never blocks on a full pipe.
        let thread = Thread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            continuation.finish()
        }
        try process.run()
        thread.start()

        var port: Int?
        var adminKey: String?
        var userKeys: [String: String] = [:]
        let deadline = ContinuousClock.now + .seconds(120)
        let timeout = Task {
            try await Task.sleep(until: deadline)
            continuation.finish()
        }
        defer { timeout.cancel() }
        for await line in lines {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("FlowGate listening on "), words.count > 3, let url = URL(string: words[3]) {
                port = url.port
                if !demo { break }
            } else if words.count == 3, words[0] == "admin", words[1] == "ADMIN" {
                adminKey = words[2]
            } else if words.count == 3, words[0] == "user" {
                userKeys[words[1]] = words[2]
            } else if words == ["Try:"] {
                break
            }
        }
        // Keep draining the pipe in the background (the loop above only stopped listening).
        Task { for await _ in lines {} }
        if !demo, let port { return GatewayProcess(process: process, port: port, adminKey: "", userKeys: [:]) }
        guard let port, let adminKey, userKeys["ALICE"] != nil else {
            if process.isRunning { process.terminate() }
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw BenchError("the gateway did not print its port and demo keys (\(process.isRunning ? "timed out" : "it exited")); its log:\n\(log.suffix(4000))")
        }
        return GatewayProcess(process: process, port: port, adminKey: adminKey, userKeys: userKeys)
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace`; returns the exit status (nil if killed).
    @discardableResult
    func stop(grace: Duration = .seconds(15)) async -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        let deadline = ContinuousClock.now + grace
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}
