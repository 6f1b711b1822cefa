import FlowGateDelivery
import Foundation
import Testing

@Suite("Network policy (SSRF guard)")
struct NetworkPolicyTests {
    @Test("Special addresses are classified; public ones are not", arguments: [
        ("127.0.0.1", SpecialAddressCategory?.some(.loopback)), ("127.255.255.254", .loopback), ("::1", .loopback),
        ("10.1.2.3", .privateNetwork), ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork), ("fd12:3456::1", .privateNetwork), ("fc00::1", .privateNetwork),
        ("169.254.169.254", .linkLocal), ("fe80::1", .linkLocal), ("febf::1", .linkLocal),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
        ("224.0.0.1", .multicast), ("239.255.255.255", .multicast), ("ff02::1", .multicast),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("::", .unspecified),
        ("255.255.255.255", .broadcast), ("240.0.0.1", .reserved), ("192.0.0.8", .reserved),
        ("198.18.0.1", .benchmarking), ("198.19.255.255", .benchmarking),
        ("192.0.2.1", .documentation), ("198.51.100.7", .documentation), ("203.0.113.9", .documentation), ("2001:db8::1", .documentation),
        // IPv4 inside IPv6 is judged as the IPv4 host it reaches.
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.1.2.3", .privateNetwork), ("::ffff:169.254.169.254", .linkLocal),
        ("64:ff9b::7f00:1", .loopback), ("2002:a01:203::1", .privateNetwork), ("::127.0.0.1", .reserved),
        // Public.
        ("8.8.8.8", nil), ("1.1.1.1", nil), ("100.128.0.1", nil), ("172.32.0.1", nil), ("192.169.0.1", nil),
        ("2606:4700:4700::1111", nil), ("::ffff:8.8.8.8", nil), ("64:ff9b::808:808", nil), ("2002:808:808::1", nil),
    ])
    func classification(address: String, expected: SpecialAddressCategory?) throws {
        #expect(SpecialAddressCategory.of(try #require(IPAddress(address))) == expected)
    }

    @Test("By default a private address is refused with a message that names it and the way to allow it")
    func refusalMessage() throws {
        let refusal = try #require(NetworkPolicy.publicOnly.refusal(for: IPAddress("10.1.2.3")!))
        #expect(refusal.category == .privateNetwork)
        #expect(refusal.description == "refused to connect to 10.1.2.3: private address (allow it with --allow-network 10.1.2.3/32)")
        #expect(NetworkPolicy.publicOnly.refusal(for: IPAddress("93.184.215.14")!) == nil)
    }

    @Test("The allow-list overrides, including for IPv4-mapped and NAT64 forms of an allowed address")
    func allowList() throws {
        let policy = try NetworkPolicy(allowing: ["10.0.0.0/8", "127.0.0.0/8", "fd00::/8"])
        for allowed in ["10.1.2.3", "127.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a01:203", "fd00::5"] {
            #expect(policy.refusal(for: IPAddress(allowed)!) == nil, "\(allowed)")
        }
        for refused in ["192.168.1.1", "::1", "169.254.169.254", "fc00::1"] {
            #expect(policy.refusal(for: IPAddress(refused)!) != nil, "\(refused)")
        }
        #expect(NetworkPolicy(allowedNetworks: NetworkPolicy.loopbackNetworks).refusal(for: IPAddress("::1")!) == nil)
    }

    @Test("A bad allow-list entry is reported, not skipped")
    func badAllowList() {
        #expect(throws: IPNetworkParseError.self) { try NetworkPolicy(allowing: ["127.0.0.0/8", "10.0.0.0/33"]) }
    }

    @Test("Literal hosts are checked early; names are left for the resolved-address check")
    func literalHosts() throws {
        let policy = NetworkPolicy.publicOnly
        for url in ["http://10.1.2.3/", "https://[::1]:8443/hook", "http://127.1/", "http://[::ffff:192.168.0.1]/", "http://2130706433/"] {
            #expect(throws: AddressRefusal.self, "\(url)") { try policy.checkLiteralHost(of: URL(string: url)!) }
        }
        for url in ["https://example.com/hook", "http://8.8.8.8/", "http://localhost:8080/"] {
            #expect(throws: Never.self, "\(url)") { try policy.checkLiteralHost(of: URL(string: url)!) }
        }
        let allowed = try NetworkPolicy(allowing: ["10.0.0.0/8"])
        #expect(throws: Never.self) { try allowed.checkLiteralHost(of: URL(string: "http://10.1.2.3/")!) }
    }
}

@Suite("Webhook URL validation")
struct WebhookURLTests {
    @Test("http and https URLs with a host are accepted")
    func accepted() throws {
        #expect(try WebhookURL.parse("https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual?sig=x").host == "prod-12.westeurope.logic.azure.com")
        #expect(try WebhookURL.parse("HTTP://example.com/hook").scheme == "HTTP")
    }

    @Test("Other schemes, credentials, missing hosts and non-URLs are refused", arguments: [
        ("ftp://example.com/x", WebhookURLError.unsupportedScheme("ftp")),
        ("file:///etc/passwd", .unsupportedScheme("file")),
        ("gopher://example.com/", .unsupportedScheme("gopher")),
        ("https://user:secret@example.com/hook", .containsCredentials),
        ("https://user@example.com/hook", .containsCredentials),
        ("http:///hook", .missingHost),
        ("/relative/path", .notAnAbsoluteURL),
        ("not a url", .notAnAbsoluteURL),
        ("https://example.com/" + String(repeating: "a", count: 5000), .tooLong(maximum: 4096)),
    ])
    func refused(text: String, expected: WebhookURLError) {
        #expect(throws: expected) { try WebhookURL.parse(text) }
    }

    @Test("With a policy, a literal private address is refused at once, with the guard's message")
    func withPolicy() throws {
        #expect(throws: WebhookURLError.refused(AddressRefusal(address: IPAddress("10.1.2.3")!, category: .privateNetwork))) {
            try WebhookURL.parse("http://10.1.2.3/hook", policy: .publicOnly)
        }
        #expect(WebhookURLError.containsCredentials.description == "the URL must not contain a user name or password")
        _ = try WebhookURL.parse("https://example.com/hook", policy: .publicOnly)
    }
}
