import Foundation
import Testing

@testable import FlowGateCore

/// SplitMix64: tiny, deterministic, good enough to spread test inputs; fixed seeds keep failures reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct FilterPropertyTests {
    static let iterations = 3000

    /// A filter template and the Swift comparison it must agree with for every value.
    struct IntegerLaw: Sendable, CustomTestStringConvertible {
        var name: String
        var seed: UInt64
        var text: @Sendable (Int, Int) -> String
        var law: @Sendable (_ value: Int, _ a: Int, _ b: Int) -> Bool
        var testDescription: String { name }
    }

    static let laws: [IntegerLaw] = [
        IntegerLaw(name: "a..b", seed: 1, text: { "\($0)..\($1)" }, law: { v, a, b in a <= v && v <= b }),
        IntegerLaw(name: "..b", seed: 2, text: { "..\($1)" }, law: { v, _, b in v <= b }),
        IntegerLaw(name: "a..", seed: 3, text: { a, _ in "\(a).." }, law: { v, a, _ in v >= a }),
        IntegerLaw(name: ">a", seed: 4, text: { a, _ in ">\(a)" }, law: { v, a, _ in v > a }),
        IntegerLaw(name: ">=a", seed: 5, text: { a, _ in ">=\(a)" }, law: { v, a, _ in v >= a }),
        IntegerLaw(name: "<b", seed: 6, text: { "<\($1)" }, law: { v, _, b in v < b }),
        IntegerLaw(name: "<=b", seed: 7, text: { "<=\($1)" }, law: { v, _, b in v <= b }),
        IntegerLaw(name: "a", seed: 8, text: { a, _ in "\(a)" }, law: { v, a, _ in v == a }),
        IntegerLaw(name: "<>a", seed: 9, text: { a, _ in "<>\(a)" }, law: { v, a, _ in v != a }),
        IntegerLaw(name: "a|b", seed: 10, text: { "\($0)|\($1)" }, law: { v, a, b in v == a || v == b }),
        IntegerLaw(name: ">a&<b", seed: 11, text: { ">\($0)&<\($1)" }, law: { v, a, b in v > a && v < b }),
        IntegerLaw(name: "..a|b..", seed: 12, text: { "..\($0)|\($1).." }, law: { v, a, b in v <= a || v >= b }),
    ]

    @Test("Numeric filters agree with Swift's own comparisons on random integers", arguments: laws)
    func integerLaw(_ law: IntegerLaw) throws {
        var random = SeededGenerator(seed: 0xF17E_0000 + law.seed)
        for _ in 0..<Self.iterations {
            // A narrow range makes equal values and touching bounds common.
            let a = Int.random(in: -60...60, using: &random)
            let b = Int.random(in: -60...60, using: &random)
            let v = Int.random(in: -70...70, using: &random)
            let expression = try FilterExpression(parsing: law.text(a, b))
            let expected = law.law(v, a, b)
            #expect(expression.matches(filterNumber(v), as: .decimal, in: filterToday) == expected, "\(expression) on \(v)")
            #expect(expression.matches(filterNumber(v), in: filterToday) == expected, "\(expression) on \(v), automatic")
            #expect(expression.matches(.string(" \(v) "), as: .decimal, in: filterToday) == expected, "\(expression) on \"\(v)\"")
        }
    }

    @Test("Decimal bounds with fractions compare exactly, never through Double")
    func decimalFractions() throws {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<Self.iterations {
            let a = Decimal(Int.random(in: -100_000...100_000, using: &random)) / 100
            let v = Decimal(Int.random(in: -100_000...100_000, using: &random)) / 100
            let expression = try FilterExpression(parsing: "\(a)..")
            #expect(expression.matches(.number(v), in: filterToday) == (v >= a), "\(expression) on \(v)")
        }
    }

    @Test("A|B matches exactly when A or B does, and A&B when both do")
    func connectives() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let a = Self.randomFilter(&random, depth: 2)
            let b = Self.randomFilter(&random, depth: 2)
            let left = try FilterExpression(parsing: a.canonicalText)
            let right = try FilterExpression(parsing: b.canonicalText)
            let either = try FilterExpression(parsing: "(\(a.canonicalText))|(\(b.canonicalText))")
            let both = try FilterExpression(parsing: "(\(a.canonicalText)) & (\(b.canonicalText))")
            for _ in 0..<10 {
                let value = Self.randomValue(&random)
                for kind in [FilterValueKind.text, .code, .option, .decimal] {
                    let l = left.matches(value, as: kind, in: filterToday)
                    let r = right.matches(value, as: kind, in: filterToday)
                    #expect(either.matches(value, as: kind, in: filterToday) == (l || r), "\(either) on \(value)")
                    #expect(both.matches(value, as: kind, in: filterToday) == (l && r), "\(both) on \(value)")
                }
            }
        }
    }

    @Test("<>P matches exactly the values =P does not, for patterns and literals")
    func negation() throws {
        var random = SeededGenerator(seed: 99)
        for _ in 0..<Self.iterations {
            let operand = Self.randomOperand(&random, allowPattern: true)
            // Tokens that cannot be resolved (here: no user, dates on text) make both sides false by design.
            if case .token = operand { continue }
            let ignoringCase = Bool.random(using: &random)
            let positive = FilterNode.comparison(.equal, operand, ignoringCase: ignoringCase)
            let negative = FilterNode.comparison(.notEqual, operand, ignoringCase: ignoringCase)
            let matchesPositive = try FilterExpression(parsing: positive.canonicalText)
            let matchesNegative = try FilterExpression(parsing: negative.canonicalText)
            let value = Self.randomValue(&random)
            #expect(matchesPositive.matches(value, as: .text, in: filterToday) != matchesNegative.matches(value, as: .text, in: filterToday),
                    "\(matchesPositive) vs \(matchesNegative) on \(value)")
        }
    }

    @Test("Generated filters parse back to the same tree, and parse(e.source) == e")
    func roundTrip() throws {
        var random = SeededGenerator(seed: 2026)
        for _ in 0..<Self.iterations {
            let node = Self.randomFilter(&random, depth: 3)
            let expression = try FilterExpression(parsing: node.canonicalText)
            #expect(expression.root == node, "\(node.canonicalText)")
            #expect(try FilterExpression(parsing: expression.source) == expression)
            let data = try JSONEncoder().encode(expression)
            #expect(try JSONDecoder().decode(FilterExpression.self, from: data) == expression)
        }
    }

    @Test("Calendar day numbers agree with Foundation's Gregorian calendar")
    func dayNumbers() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var random = SeededGenerator(seed: 1970)
        for _ in 0..<Self.iterations {
            // Foundation's Gregorian calendar is Julian before October 1582; FlowGate's is proleptic.
            let day = Int.random(in: -140_000...700_000, using: &random)  // years 1586 … 3886
            let date = Date(timeIntervalSince1970: Double(day) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let civil = CivilDays.civil(day)
            #expect([civil.year, civil.month, civil.day] == [parts.year, parts.month, parts.day], "day \(day)")
            #expect(CivilDays.dayNumber(year: civil.year, month: civil.month, day: civil.day) == day)
            #expect(FilterDates.day(of: date.addingTimeInterval(Double(Int.random(in: 0..<86_400, using: &random)))) == day)
        }
    }

    // MARK: - Generators

    /// Texts chosen to stress quoting: operators, quotes, dots, spaces, tokens, non-ASCII.
    static let words = [
        "A", "b", "Co", "man", "10", "100", "-5", "2.5", "J & V", "O'Brien", "a|b", "(x)", "=", "<>", "..",
        "1.", ".5", "@home", "john@example.com", "%me", "%1", " lead", "trail ", "Pending Approval", "Ünïcode",
        "Straße", "", "'", "''", "t", "2026-11-22",
    ]

    static func randomOperand(_ random: inout SeededGenerator, allowPattern: Bool) -> FilterOperand {
        switch Int.random(in: 0..<10, using: &random) {
        case 0:
            return .token(FilterToken.allCases.randomElement(using: &random)!)
        case 1...3 where allowPattern:
            var pieces: [FilterPatternPiece] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let wildcard: FilterPatternPiece = Bool.random(using: &random) ? .anyCharacters : .oneCharacter
                let word = words.randomElement(using: &random)!
                if !word.isEmpty, Bool.random(using: &random), pieces.last.map({ if case .text = $0 { false } else { true } }) ?? true {
                    pieces.append(.text(word))
                }
                if wildcard != .anyCharacters || pieces.last != .anyCharacters { pieces.append(wildcard) }
            }
            return .pattern(pieces)
        default:
            return .literal(words.randomElement(using: &random)!)
        }
    }

    static func randomFilter(_ random: inout SeededGenerator, depth: Int) -> FilterNode {
        let choice = Int.random(in: 0..<(depth > 0 ? 6 : 4), using: &random)
        let ignoringCase = Int.random(in: 0..<4, using: &random) == 0
        switch choice {
        case 0, 1:
            let comparison = FilterComparison.allCases.randomElement(using: &random)!
            let pattern = comparison == .equal || comparison == .notEqual
            return .comparison(comparison, randomOperand(&random, allowPattern: pattern), ignoringCase: ignoringCase)
        case 2, 3:
            let from = Int.random(in: 0..<3, using: &random) == 0 ? nil : randomOperand(&random, allowPattern: false)
            let to = from == nil || Bool.random(using: &random) ? randomOperand(&random, allowPattern: false) : nil
            return .range(from: from, to: to, ignoringCase: ignoringCase)
        default:
            let items = (0..<Int.random(in: 2...3, using: &random)).map { _ in randomFilter(&random, depth: depth - 1) }
            return choice == 4 ? .anyOf(items) : .allOf(items)
        }
    }

    static func randomValue(_ random: inout SeededGenerator) -> JSONValue? {
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return nil
        case 1: return filterNumber(Int.random(in: -10...200, using: &random))
        default:
            let a = words.randomElement(using: &random)!
            return .string(Bool.random(using: &random) ? a : a + words.randomElement(using: &random)!)
        }
    }
}
