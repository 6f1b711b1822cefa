import Foundation
import Testing

/// A PostgreSQL server of the test's own, which the test may stop and start again: `scripts/postgres-server`,
/// whose path `scripts/with-postgres` exports as FLOWGATE_TEST_POSTGRES_SERVER.
struct PrivatePostgresServer: Sendable {
    let directory: String
    /// The server's `postgres` database.
    let url: String
    private let script: String

    static func make(sourceLocation: SourceLocation = #_sourceLocation) async throws -> PrivatePostgresServer {
        let script = try #require(
            ProcessInfo.processInfo.environment["FLOWGATE_TEST_POSTGRES_SERVER"],
            "This test starts and stops a PostgreSQL server of its own with scripts/postgres-server: run it through scripts/test.",
            sourceLocation: sourceLocation
        )
        let directory = "/tmp/flowgate-pg-test-\(UUID().uuidString.prefix(8))"
        let url = try await run(script, "init", directory).trimmingCharacters(in: .whitespacesAndNewlines)
        let server = PrivatePostgresServer(directory: directory, url: url, script: script)
        try await server.start()
        return server
    }

    func start() async throws { _ = try await Self.run(script, "start", directory) }

    /// Stops the server (pg_ctl stop -m fast): its clients see the database go away.
    func stop() async throws { _ = try await Self.run(script, "stop", directory) }

    /// Stops the server if it runs and deletes its directory.
    func remove() async { _ = try? await Self.run(script, "remove", directory) }

    /// Runs the script and returns its standard output; throws with its standard error when it fails.
    private static func run(_ script: String, _ command: String, _ directory: String) async throws -> String {
        // Output goes to files, read once the script has exited: no blocking read on the test's threads.
        let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-server-\(UUID().uuidString)")
        let stdoutFile = outputs.appendingPathExtension("out")
        let stderrFile = outputs.appendingPathExtension("err")
        FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutFile)
            try? FileManager.default.removeItem(at: stderrFile)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = [command, directory]
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        let stdout = (try? Data(contentsOf: stdoutFile)) ?? Data()
        let stderr = (try? Data(contentsOf: stderrFile)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw ProcessFailure("postgres-server \(command) \(directory) failed: \(String(decoding: stderr, as: UTF8.self))")
        }
        return String(decoding: stdout, as: UTF8.self)
    }
}
