import Foundation

/// What /proc tells about a process: resident memory (now and its high-water mark) and CPU time used.
struct ProcessStats: Sendable {
    /// VmRSS, bytes.
    var rss: Int
    /// VmHWM (peak RSS since start), bytes.
    var peakRSS: Int
    /// utime + stime, seconds.
    var cpuSeconds: Double

    /// Reads /proc/<pid> ("self" for this process); nil when the process is gone or /proc is missing.
    static func read(pid: String) -> ProcessStats? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        func kilobytes(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
            return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0) * 1024
        }
        // The fields after the command name (which is in parentheses and may hold spaces): state is field 3,
        // utime field 14 and stime field 15.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ProcessStats(rss: kilobytes("VmRSS"), peakRSS: kilobytes("VmHWM"), cpuSeconds: (user + system) / ticks)
    }
}

extension ProcessStats {
    /// utime + stime of every PostgreSQL server process on this machine, seconds: the database's share of the CPU
    /// when the benchmark's database is local.
    static func postgresCPUSeconds() -> Double {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        var total = 0.0
        for pid in entries where pid.allSatisfy(\.isNumber) {
            guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .whitespacesAndNewlines) == "postgres" else { continue }
            total += read(pid: pid)?.cpuSeconds ?? 0
        }
        return total
    }
}

func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
