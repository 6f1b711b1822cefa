import Foundation

/// An IPv4 or IPv6 address held as a number, so that network membership is a mask and a compare.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt128)

    /// Parses the textual forms `inet_pton` accepts: dotted quad (`10.1.2.3`) or any IPv6 form (`::1`, `::ffff:10.1.2.3`).
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = .v4(UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        self = withUnsafeBytes(of: &v6) { IPAddress(bytes: $0)! }
    }

    /// An address from its bytes in network order: 4 bytes for IPv4, 16 for IPv6.
    public init?(bytes: some Collection<UInt8>) {
        switch bytes.count {
        case 4: self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16: self = .v6(bytes.reduce(0) { $0 << 8 | UInt128($1) })
        default: return nil
        }
    }

    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) stands for, else the address itself.
    /// Sockets treat the two as the same destination, so policy must too.
    public var unmapped: IPAddress {
        if case .v6(let value) = self, value >> 32 == 0xffff { return .v4(UInt32(truncatingIfNeeded: value)) }
        return self
    }

    /// The IPv4 address carried inside a NAT64 (`64:ff9b::/96`) or 6to4 (`2002::/16`) address: traffic
    /// to those reaches that IPv4 host, so it is judged as that host.
    public var embeddedIPv4: IPAddress? {
        guard case .v6(let value) = self else { return nil }
        if value >> 32 == 0x0064_ff9b_0000_0000_0000_0000 { return .v4(UInt32(truncatingIfNeeded: value)) }
        if value >> 112 == 0x2002 { return .v4(UInt32(truncatingIfNeeded: value >> 80)) }
        return nil
    }

    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
        case .v6(let value):
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { bytes in
                for index in 0..<16 { bytes[index] = UInt8(truncatingIfNeeded: value >> (8 * (15 - index))) }
            }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil else { return "?" }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}

extension IPAddress {
    /// The address a URL's host names literally, or nil when the host is a name to resolve.
    ///
    /// Accepts what HTTP clients treat as addresses, not only the canonical forms: `[::1]` with
    /// brackets and a `%zone`, and the legacy IPv4 spellings curl and browsers also accept
    /// (`127.1`, `0x7f.0.0.1`, `0177.0.0.1`, `2130706433`), so none of them slips past the check.
    public init?(urlHost host: String) {
        var text = Substring(host)
        if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        if text.contains(":") {
            self.init(String(text))
            return
        }
        guard let value = Self.legacyIPv4(text) else { return nil }
        self = .v4(value)
    }

    /// WHATWG URL "IPv4 parser": one to four dot-separated numbers in decimal, `0x` hex or `0` octal,
    /// the last filling the remaining bytes.
    private static func legacyIPv4(_ host: Substring) -> UInt32? {
        var parts = host.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
        guard (1...4).contains(parts.count) else { return nil }
        var numbers: [UInt64] = []
        for part in parts {
            guard let number = number(part) else { return nil }
            numbers.append(number)
        }
        let last = numbers.removeLast()
        guard numbers.allSatisfy({ $0 <= 255 }), last < UInt64(1) << (8 * (4 - numbers.count)) else { return nil }
        var value = last
        for (index, number) in numbers.enumerated() { value |= number << (8 * (3 - index)) }
        return UInt32(value)
    }

    private static func number(_ part: Substring) -> UInt64? {
        guard !part.isEmpty else { return nil }
        let lower = part.lowercased()
        if lower.hasPrefix("0x") { return lower.count == 2 ? 0 : UInt64(lower.dropFirst(2), radix: 16) }
        if lower.count > 1 && lower.hasPrefix("0") { return UInt64(lower.dropFirst(), radix: 8) }
        return UInt64(lower, radix: 10)
    }
}
