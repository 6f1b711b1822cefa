/// The kinds of address a webhook must not reach by default: not the public internet.
public enum SpecialAddressCategory: String, Sendable, Hashable, CustomStringConvertible {
    case unspecified
    case loopback
    case privateNetwork
    case linkLocal
    case sharedAddressSpace
    case multicast
    case broadcast
    case documentation
    case benchmarking
    case reserved

    public var description: String {
        switch self {
        case .unspecified: "unspecified address"
        case .loopback: "loopback address"
        case .privateNetwork: "private address"
        case .linkLocal: "link-local address"
        case .sharedAddressSpace: "carrier-grade NAT (shared) address"
        case .multicast: "multicast address"
        case .broadcast: "broadcast address"
        case .documentation: "documentation address"
        case .benchmarking: "benchmarking address"
        case .reserved: "reserved address"
        }
    }

    /// The category of `address`, or nil for an ordinary public address. IPv4-mapped, NAT64 and
    /// 6to4 IPv6 addresses are judged by the IPv4 address they carry.
    public static func of(_ address: IPAddress) -> SpecialAddressCategory? {
        let address = address.unmapped
        if let embedded = address.embeddedIPv4 { return of(embedded) }
        let table = address.isIPv4 ? ipv4Ranges : ipv6Ranges
        return table.first { $0.network.contains(address) }?.category
    }

    /// More specific blocks come first where they overlap (255.255.255.255 inside 240/4, ::1 inside ::/96).
    /// Sources: the IANA special-purpose address registries (RFC 6890 and successors).
    static let ipv4Ranges = table([
        ("0.0.0.0/8", .unspecified),
        ("10.0.0.0/8", .privateNetwork),
        ("100.64.0.0/10", .sharedAddressSpace),
        ("127.0.0.0/8", .loopback),
        ("169.254.0.0/16", .linkLocal),
        ("172.16.0.0/12", .privateNetwork),
        ("192.0.0.0/24", .reserved),
        ("192.0.2.0/24", .documentation),
        ("192.88.99.0/24", .reserved),
        ("192.168.0.0/16", .privateNetwork),
        ("198.18.0.0/15", .benchmarking),
        ("198.51.100.0/24", .documentation),
        ("203.0.113.0/24", .documentation),
        ("224.0.0.0/4", .multicast),
        ("255.255.255.255/32", .broadcast),
        ("240.0.0.0/4", .reserved),
    ])

    static let ipv6Ranges = table([
        ("::/128", .unspecified),
        ("::1/128", .loopback),
        ("::/96", .reserved),  // IPv4-compatible, deprecated
        ("64:ff9b:1::/48", .privateNetwork),  // local-use NAT64
        ("100::/64", .reserved),  // discard-only
        ("2001:db8::/32", .documentation),
        ("2001::/23", .reserved),  // IETF protocol assignments, Teredo
        ("3fff::/20", .documentation),
        ("5f00::/16", .reserved),  // SRv6 SIDs
        ("fc00::/7", .privateNetwork),  // unique local
        ("fe80::/10", .linkLocal),
        ("fec0::/10", .privateNetwork),  // site-local, deprecated
        ("ff00::/8", .multicast),
    ])

    /// Built from literals written in this file, so a parse failure is a typo caught by the first test run.
    private static func table(_ entries: [(String, SpecialAddressCategory)]) -> [(network: IPNetwork, category: SpecialAddressCategory)] {
        entries.map { (try! IPNetwork($0.0), $0.1) }
    }
}
