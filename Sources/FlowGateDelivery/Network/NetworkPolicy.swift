import Foundation

/// Which addresses outbound webhooks may connect to: public addresses, plus any allow-listed networks.
///
/// The transport applies it to every address curl is about to connect to, after DNS resolution,
/// so a name that resolves (or later re-resolves) to a private address is refused as well.
public struct NetworkPolicy: Sendable, Hashable {
    /// Networks allowed even though they are special (loopback, private, ...).
    public var allowedNetworks: [IPNetwork]

    public init(allowedNetworks: [IPNetwork] = []) {
        self.allowedNetworks = allowedNetworks
    }

    /// Parses an allow-list given as CIDR strings (`--allow-network 127.0.0.0/8`, `FLOWGATE_ALLOW_NETWORKS`).
    public init(allowing networks: [String]) throws(IPNetworkParseError) {
        var parsed: [IPNetwork] = []
        for text in networks { parsed.append(try IPNetwork(text)) }
        self.init(allowedNetworks: parsed)
    }

    /// The default: only public addresses.
    public static let publicOnly = NetworkPolicy()

    /// 127.0.0.0/8 and ::1: what a demo or a test on one machine needs.
    public static let loopbackNetworks: [IPNetwork] = [try! IPNetwork("127.0.0.0/8"), try! IPNetwork("::1/128")]

    /// Why connecting to `address` is refused, or nil when it is allowed.
    public func refusal(for address: IPAddress) -> AddressRefusal? {
        let candidates = [address, address.unmapped] + [address.embeddedIPv4].compactMap { $0 }
        if candidates.contains(where: { candidate in allowedNetworks.contains { $0.contains(candidate) } }) {
            return nil
        }
        guard let category = SpecialAddressCategory.of(address) else { return nil }
        return AddressRefusal(address: address, category: category)
    }

    /// Refuses a URL whose host is a literal address outside the policy (`http://10.1.2.3/`), so that
    /// callers can reject it when it is registered. Names pass here; they are checked when resolved.
    public func checkLiteralHost(of url: URL) throws(AddressRefusal) {
        guard let host = url.host(percentEncoded: false), let address = IPAddress(urlHost: host) else { return }
        if let refusal = refusal(for: address) { throw refusal }
    }
}

/// The policy's refusal of one address, worded for the person who can change the allow-list.
public struct AddressRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let category: SpecialAddressCategory

    public init(address: IPAddress, category: SpecialAddressCategory) {
        self.address = address
        self.category = category
    }

    public var description: String {
        "refused to connect to \(address): \(category) (allow it with --allow-network \(IPNetwork.single(address)))"
    }
}

extension IPNetwork {
    /// The block holding exactly one address, as suggested in refusal messages.
    static func single(_ address: IPAddress) -> IPNetwork {
        try! IPNetwork(address.description)
    }
}
