import Foundation

/// Nearest-rank percentiles of a sample of nanosecond durations.
struct Percentiles {
    let sorted: [UInt64]

    init(_ values: [UInt64]) { sorted = values.sorted() }

    func value(_ percent: Double) -> UInt64? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    var max: UInt64? { sorted.last }

    /// "p50 / p95 / p99 / max" in milliseconds.
    var summary: String {
        guard !sorted.isEmpty else { return "-" }
        return [value(50), value(95), value(99), max].map { milliseconds($0!) }.joined(separator: " / ")
    }
}

func milliseconds(_ nanos: UInt64) -> String {
    let ms = Double(nanos) / 1_000_000
    return ms < 10 ? String(format: "%.2f", ms) : ms < 100 ? String(format: "%.1f", ms) : String(format: "%.0f", ms)
}

func rate(_ count: Int, over nanos: UInt64) -> String {
    guard nanos > 0 else { return "-" }
    return String(format: "%.0f", Double(count) / (Double(nanos) / 1e9))
}

/// Pads each column to its widest cell.
func table(_ rows: [[String]]) -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    var widths = Array(repeating: 0, count: columns)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = Swift.max(widths[index], cell.count) } }
    return rows.map { row in
        row.enumerated().map { index, cell in
            index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[index] - cell.count) + cell
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}
