import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `flowgate` binary run as a child process, its standard output captured line by line.
final class GatewayProcess: Sendable {
    let process: Process
    private let output = TextBuffer()
    private let errors = TextBuffer()

    /// The binary SwiftPM built beside the test bundle.
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("flowgate")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/flowgate")
    }

    init(_ arguments: [String], directory: URL) throws {
        process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("FLOWGATE_") { environment[key] = nil }
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        stdout.fileHandleForReading.readabilityHandler = { [output] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.append(text)
        }
        stderr.fileHandleForReading.readabilityHandler = { [errors] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            errors.append(text)
        }
        try process.run()
    }

    var stdout: String { output.text }
    var stderr: String { errors.text }

    /// Waits until standard output contains `text`, failing after `seconds` or if the process exits.
    func waitFor(_ text: String, seconds: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !stdout.contains(text) {
            if !process.isRunning || Date() > deadline {
                throw ProcessFailure("'\(text)' never appeared.\nstdout:\n\(stdout)\nstderr:\n\(stderr.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The port from the "listening on" line.
    func port() async throws -> Int {
        try await waitFor("FlowGate listening on http://")
        let line = try #require(stdout.split(separator: "\n").first { $0.contains("listening on") })
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
        return try #require(Int(address.split(separator: ":").last ?? ""))
    }

    /// The key printed on the banner line that starts with `label` (e.g. "admin  ADMIN").
    func key(_ label: String) throws -> String {
        let line = try #require(stdout.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) })
        return try #require(line.split(separator: " ").last.map(String.init))
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit and returns its status.
    func waitForExit(seconds: Double = 20) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() > deadline { throw ProcessFailure("the process did not exit within \(seconds) s") }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// Text appended from a pipe's reader thread and read from the test.
final class TextBuffer: Sendable {
    private let storage = Mutex<String>("")
    func append(_ text: String) { storage.withLock { $0 += text } }
    var text: String { storage.withLock { $0 } }
}

struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A minimal HTTP client for the tests: one request, status and body back.
enum HTTP {
    static func call(
        _ method: String, _ url: String, key: String? = nil, body: String? = nil
    ) async throws -> (status: Int, body: String, contentType: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Content-Type") ?? "")
    }
}

/// Runs a shell command line and returns its standard output.
func shell(_ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
