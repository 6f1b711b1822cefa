import FlowGateDelivery
import Foundation
import Testing

@Suite("IP addresses and CIDR networks")
struct IPNetworkTests {
    @Test("Addresses parse and print in canonical form")
    func addresses() {
        #expect(IPAddress("10.1.2.3") == .v4(0x0A01_0203))
        #expect(IPAddress("10.1.2.3")?.description == "10.1.2.3")
        #expect(IPAddress("::1") == .v6(1))
        #expect(IPAddress("2001:DB8:0:0:0:0:0:1")?.description == "2001:db8::1")
        #expect(IPAddress("::ffff:10.1.2.3")?.unmapped == IPAddress("10.1.2.3"))
        #expect(IPAddress("::ffff:10.1.2.3")?.description == "::ffff:10.1.2.3")
        #expect(IPAddress(bytes: [127, 0, 0, 1]) == IPAddress("127.0.0.1"))
        for bad in ["", "10.1.2", "10.1.2.256", "example.com", "1:2:3:4:5:6:7:8:9", "127.1"] { #expect(IPAddress(bad) == nil, "\(bad)") }
    }

    @Test("URL hosts: brackets, zones and the legacy IPv4 spellings clients accept are all addresses")
    func urlHosts() {
        let loopback = IPAddress("127.0.0.1")
        for host in ["127.0.0.1", "127.1", "127.0.1", "0x7f.0.0.1", "0x7F.1", "0177.0.0.1", "2130706433", "0x7f000001", "127.0.0.1."] {
            #expect(IPAddress(urlHost: host) == loopback, "\(host)")
        }
        #expect(IPAddress(urlHost: "0x") == IPAddress("0.0.0.0"))  // WHATWG: a bare "0x" is zero
        #expect(IPAddress(urlHost: "[::1]") == IPAddress("::1"))
        #expect(IPAddress(urlHost: "fe80::1%eth0") == IPAddress("fe80::1"))
        for name in ["example.com", "1.2.3.4.nip.io", "localhost", "256.1.1.1", "1.2.3.4.5", "0xg", "08.0.0.1"] {
            #expect(IPAddress(urlHost: name) == nil, "\(name)")
        }
    }

    @Test("CIDR strings parse; a bare address is a single-address network")
    func parsing() throws {
        #expect(try IPNetwork("127.0.0.0/8").description == "127.0.0.0/8")
        #expect(try IPNetwork("::1/128").description == "::1/128")
        #expect(try IPNetwork("fc00::/7").prefixLength == 7)
        #expect(try IPNetwork("10.1.2.3").description == "10.1.2.3/32")
        #expect(try IPNetwork(" 10.0.0.0/8 ").description == "10.0.0.0/8")
        #expect(try IPNetwork("0.0.0.0/0").prefixLength == 0)
    }

    @Test("Bad CIDR strings are refused with a message that says why", arguments: [
        ("10.0.0.0/33", "the prefix length must be a number from 0 to 32"),
        ("::/129", "the prefix length must be a number from 0 to 128"),
        ("10.0.0.0/x", "the prefix length must be a number from 0 to 32"),
        ("10.0.0.0/", "the prefix length must be a number from 0 to 32"),
        ("10.0.0/8", "'10.0.0' is not an IPv4 or IPv6 address"),
        ("intranet", "'intranet' is not an IPv4 or IPv6 address"),
        ("", "'' is not an IPv4 or IPv6 address"),
        ("10.1.2.3/8", "it has host bits set; did you mean 10.0.0.0/8?"),
        ("fd00::1/8", "it has host bits set; did you mean fd00::/8?"),
    ])
    func parseErrors(text: String, problem: String) {
        #expect(throws: IPNetworkParseError(input: text, problem: problem)) { try IPNetwork(text) }
    }

    @Test("The error message names the input and shows the expected form")
    func parseErrorMessage() {
        let error = IPNetworkParseError(input: "10.0.0.0/33", problem: "the prefix length must be a number from 0 to 32")
        #expect(error.description == "'10.0.0.0/33' is not a network in CIDR form (such as 10.0.0.0/8 or fd00::/8): the prefix length must be a number from 0 to 32")
    }

    @Test("Membership follows the prefix and never crosses address families")
    func membership() throws {
        let private172 = try IPNetwork("172.16.0.0/12")
        #expect(private172.contains(IPAddress("172.31.255.255")!))
        #expect(!private172.contains(IPAddress("172.32.0.0")!))
        #expect(!private172.contains(IPAddress("172.15.255.255")!))
        let everything4 = try IPNetwork("0.0.0.0/0")
        #expect(everything4.contains(IPAddress("8.8.8.8")!))
        #expect(!everything4.contains(IPAddress("::1")!))
        let ula = try IPNetwork("fc00::/7")
        #expect(ula.contains(IPAddress("fdff:ffff::1")!))
        #expect(!ula.contains(IPAddress("fe00::1")!))
        #expect(try IPNetwork("::1/128").contains(IPAddress("::1")!))
        #expect(!(try IPNetwork("::1/128")).contains(IPAddress("::2")!))
    }
}
