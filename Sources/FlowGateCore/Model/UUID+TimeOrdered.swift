import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562): 48 bits of milliseconds since 1970, then 74 random bits.
    ///
    /// Ids made later sort after earlier ones, so the rows a busy gateway inserts (runs, Flow entries, messages)
    /// land at the end of their unique indexes, where one page takes many, instead of each on a random page.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        var random = SystemRandomNumberGenerator()
        return timeOrdered(at: date, using: &random)
    }

    public static func timeOrdered(at date: Date, using random: inout some RandomNumberGenerator) -> UUID {
        let milliseconds = UInt64(max(date.timeIntervalSince1970, 0) * 1000) & 0xFFFF_FFFF_FFFF
        let high = random.next() as UInt64
        let low = random.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * index)) }
        for index in 6..<16 { bytes[index] = UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (8 * (index % 8))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)  // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)  // variant 10
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }
}
