import Foundation
import Testing

@testable import FlowGateCore

@Suite struct TimeOrderedUUIDTests {
    @Test("A time-ordered id is an RFC 9562 version 7 UUID whose first 48 bits are the milliseconds since 1970")
    func layout() throws {
        let date = Date(timeIntervalSince1970: 1_750_000_000.123)
        let id = UUID.timeOrdered(at: date)
        let text = id.uuidString.lowercased()
        #expect(Array(text)[14] == "7")
        #expect("89ab".contains(Array(text)[19]))
        let milliseconds = try #require(UInt64(text.replacingOccurrences(of: "-", with: "").prefix(12), radix: 16))
        #expect(milliseconds == 1_750_000_000_123)
    }

    @Test("Ids made in later milliseconds sort after earlier ones, as text and as the store keys them")
    func sortsByTime() {
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        // Two milliseconds apart: a date's milliseconds are truncated, and n / 1000 is not exact in binary.
        let ids = (0..<200).map { UUID.timeOrdered(at: start.addingTimeInterval(Double($0) / 500)) }
        let keys = ids.map { $0.uuidString.lowercased() }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Set(ids).count == ids.count)
    }
}
