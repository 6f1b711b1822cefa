import Foundation

/// A CIDR block such as `127.0.0.0/8` or `fc00::/7`.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the block (host bits are always zero).
    public let address: IPAddress
    public let prefixLength: Int

    /// Parses `address/prefix`; a bare address means that single address (`/32` or `/128`).
    /// Host bits must be zero, so a typo such as `10.1.2.3/8` is caught rather than silently widened.
    public init(_ text: String) throws(IPNetworkParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pieces = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(pieces[0])) else {
            throw IPNetworkParseError(input: text, problem: "'\(pieces[0])' is not an IPv4 or IPv6 address")
        }
        let width = address.isIPv4 ? 32 : 128
        var prefix = width
        if pieces.count == 2 {
            guard let parsed = Int(pieces[1]), pieces[1].allSatisfy(\.isASCII), (0...width).contains(parsed) else {
                throw IPNetworkParseError(input: text, problem: "the prefix length must be a number from 0 to \(width)")
            }
            prefix = parsed
        }
        let network = Self.masked(address, prefixLength: prefix)
        guard network == address else {
            throw IPNetworkParseError(
                input: text, problem: "it has host bits set; did you mean \(network)/\(prefix)?"
            )
        }
        self.address = address
        self.prefixLength = prefix
    }

    /// Whether `candidate` lies in this block; addresses of the other family never do.
    public func contains(_ candidate: IPAddress) -> Bool {
        switch (address, candidate) {
        case (.v4, .v4), (.v6, .v6): return Self.masked(candidate, prefixLength: prefixLength) == address
        default: return false
        }
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// Shifts in Swift are "smart": shifting by the full width yields 0, so `/0` needs no special case.
    private static func masked(_ address: IPAddress, prefixLength: Int) -> IPAddress {
        switch address {
        case .v4(let value): return .v4(value & (UInt32.max << (32 - prefixLength)))
        case .v6(let value): return .v6(value & (UInt128.max << (128 - prefixLength)))
        }
    }
}

/// Why a CIDR string was rejected, naming the input and the problem.
public struct IPNetworkParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let input: String
    public let problem: String

    public init(input: String, problem: String) {
        self.input = input
        self.problem = problem
    }
    public var description: String { "'\(input)' is not a network in CIDR form (such as 10.0.0.0/8 or fd00::/8): \(problem)" }
}
