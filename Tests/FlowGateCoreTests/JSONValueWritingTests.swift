import Foundation
import Testing

@testable import FlowGateCore

@Suite struct JSONValueWritingTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let pieces = ["a", "B", "_", "é", "🙂", "/", "\"", "\\", "\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "\u{2028}", " ", "10", "9", "Z"]
    static let numbers = ["0", "-5", "1.50", "0.000001", "-987.654321", "12345678901234567890.123", "1e30", "99999999999999999.99"]

    static func string(_ random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func value(_ random: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth < 3 ? 6 : 4), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(Decimal(string: numbers.randomElement(using: &random)!)!)
        case 3: return .string(string(&random))
        case 4: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default:
            let members = (0..<Int.random(in: 0...5, using: &random)).map { _ in (string(&random), value(&random, depth: depth + 1)) }
            return .object(Dictionary(members, uniquingKeysWith: { a, _ in a }))
        }
    }

    @Test("The direct writer makes exactly the bytes of JSONEncoder with sorted keys and unescaped slashes")
    func matchesJSONEncoder() throws {
        var random = SeededGenerator(seed: 0x4A50_4E)
        for _ in 0..<2_000 {
            let value = Self.value(&random)
            let expected = try Self.encoder.encode(value)
            #expect(value.jsonBytes == Array(expected), "\(String(decoding: expected, as: UTF8.self))")
        }
    }

    @Test("What the writer makes reads back as the same value")
    func roundTrips() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let value = Self.value(&random)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(value.jsonBytes)) == value)
        }
    }
}
