import Foundation
import Testing

@testable import FlowGateCore

@Suite struct JSONValueTests {
    func decode(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    func roundTrip(_ value: JSONValue) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    @Test(
        "Decimal numbers are read exactly, never through Double",
        arguments: ["0.1", "12345678901234.56", "1234.56", "-0.01", "0.3", "99999999999999999.99", "0"]
    )
    func decimalsDecodedExactly(text: String) throws {
        #expect(try decode(text) == .number(decimal(text)))
    }

    @Test(
        "Decimal numbers survive an encode/decode round trip exactly",
        arguments: ["0.1", "12345678901234.56", "1234.56", "-987.654321", "1e-7"]
    )
    func decimalsRoundTrip(text: String) throws {
        let value = JSONValue.number(decimal(text))
        #expect(try roundTrip(value) == value)
        let json = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        #expect(!json.contains("0000000"), "no binary floating-point drift in \(json)")
    }

    @Test("0.1 + 0.2 stays 0.3 after a round trip")
    func sumStaysExact() throws {
        guard case .number(let a) = try decode("0.1"), case .number(let b) = try decode("0.2") else {
            Issue.record("not numbers")
            return
        }
        #expect(try roundTrip(.number(a + b)) == .number(decimal("0.3")))
    }

    @Test("Every kind of JSON value round-trips exactly")
    func nestedRoundTrip() throws {
        let value = JSONValue.object([
            "null": .null,
            "yes": .bool(true),
            "no": .bool(false),
            "amount": .number(decimal("12345678901234.56")),
            "name": .string("Adatum \"Corp\" ✓"),
            "empty": .array([]),
            "list": .array([.number(1), .string("1"), .bool(true), .null, .object(["x": .number(decimal("0.1"))])]),
            "nested": .object(["deeper": .object([:])]),
        ])
        #expect(try roundTrip(value) == value)
    }

    @Test("JSON types are told apart: true is not 1 and \"1\" is not 1")
    func typesToldApart() throws {
        #expect(try decode("true") == .bool(true))
        #expect(try decode("1") == .number(1))
        #expect(try decode(#""1""#) == .string("1"))
        #expect(try decode("null") == .null)
        #expect(try decode(#"{"a": [1, "b"]}"#) == .object(["a": .array([.number(1), .string("b")])]))
    }
}
