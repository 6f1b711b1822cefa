import Foundation

/// Reads typed members out of a decoded JSON object, collecting a precise error for each bad one.
///
/// Absent and `null` are told apart, which PATCH needs: absent leaves a value alone, `null` clears it.
public struct JSONObjectReader {
    public enum Member<Value> {
        case absent
        case null
        case value(Value)
    }

    public let object: [String: JSONValue]
    public let path: String
    public var problems = ValidationErrors()

    public init(_ object: [String: JSONValue], path: String = "") {
        self.object = object
        self.path = path
    }

    public func fieldName(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Reports every member not in `allowed`.
    public mutating func rejectUnknown(allowed: Set<String>, context: String) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            problems.add(fieldName(key), "unknown field for \(context)")
        }
    }

    public func has(_ key: String) -> Bool { object[key] != nil }

    public mutating func string(_ key: String) -> Member<String> {
        read(key, expected: "a string") { if case .string(let s) = $0 { s } else { nil } }
    }

    /// Business Central's decimal range. Larger inputs multiply into NaN (quantity × unit price), which compares
    /// false with every limit and then passes them all.
    public static let largestDecimal = Decimal(sign: .plus, exponent: -2, significand: 99_999_999_999_999_999)

    public mutating func decimal(_ key: String) -> Member<Decimal> {
        let member = read(key, expected: "a number") { if case .number(let n) = $0 { n } else { nil } }
        if let value = member.value, value.isNaN || abs(value) > Self.largestDecimal {
            problems.add(fieldName(key), "must be a number from -999999999999999.99 to 999999999999999.99")
            return .absent
        }
        return member
    }

    public mutating func bool(_ key: String) -> Member<Bool> {
        read(key, expected: "true or false") { if case .bool(let b) = $0 { b } else { nil } }
    }

    public mutating func int(_ key: String) -> Member<Int> {
        read(key, expected: "an integer") {
            // A whole Decimal prints without a fraction, so Int(_:) accepts exactly the integers.
            if case .number(let n) = $0, let i = Int(n.description) { i } else { nil }
        }
    }

    public mutating func object(_ key: String) -> Member<[String: JSONValue]> {
        read(key, expected: "an object") { if case .object(let o) = $0 { o } else { nil } }
    }

    public mutating func array(_ key: String) -> Member<[JSONValue]> {
        read(key, expected: "an array") { if case .array(let a) = $0 { a } else { nil } }
    }

    /// A string member whose value must be one of an enumeration's raw values.
    public mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> Member<E>
    where E.RawValue == String {
        switch string(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(let raw):
            if let value = E(rawValue: raw) ?? E.allCases.first(where: { $0.rawValue.lowercased() == raw.lowercased() }) {
                return .value(value)
            }
            let allowed = E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            problems.add(fieldName(key), "'\(raw)' is not one of \(allowed)")
            return .absent
        }
    }

    public mutating func add(_ key: String, _ message: String) {
        problems.add(fieldName(key), message)
    }

    private mutating func read<T>(_ key: String, expected: String, _ extract: (JSONValue) -> T?) -> Member<T> {
        guard let raw = object[key] else { return .absent }
        if raw == .null { return .null }
        if let value = extract(raw) { return .value(value) }
        problems.add(fieldName(key), "must be \(expected), not \(raw.typeName)")
        return .absent
    }
}

extension JSONObjectReader.Member {
    /// The value, or nil when absent or null.
    public var value: Value? {
        if case .value(let v) = self { v } else { nil }
    }
}

extension JSONObjectReader.Member: Sendable where Value: Sendable {}
