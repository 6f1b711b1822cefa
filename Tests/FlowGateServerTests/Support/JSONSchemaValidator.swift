import FlowGateCore
import Foundation

/// Checks a JSON value against the JSON Schema subset OpenAPI 3.1 and Swagger 2.0 documents use, with `$ref`s
/// resolved in `root` (the whole document): `type`, `properties`, `required`, `additionalProperties`, `items`,
/// `enum`, `const`, `oneOf`/`anyOf`/`allOf`, `minimum`/`maximum` (and their exclusive forms), `minLength`/`maxLength`,
/// `minItems`/`maxItems`, `format` (`date-time`, `date`, `uuid`), and `nullable`/`x-nullable`. Other keywords are
/// ignored, as a validator must ignore what it does not know.
struct JSONSchemaValidator: Sendable {
    /// One broken rule: where the value is (an RFC 6901 JSON pointer, `""` for the whole value), which keyword it
    /// breaks, where that keyword is in the document, and why.
    struct Failure: Sendable, Equatable, CustomStringConvertible {
        var pointer: String
        var rule: String
        var schemaPath: String
        var message: String

        var description: String {
            "\(pointer.isEmpty ? "(root)" : pointer): \(rule) — \(message) [schema \(schemaPath)]"
        }
    }

    /// The document `$ref`s point into.
    let root: JSONValue

    init(root: JSONValue = .null) {
        self.root = root
    }

    /// Every rule `value` breaks; empty when it is valid.
    func validate(_ value: JSONValue, against schema: JSONValue, schemaPath: String = "#") -> [Failure] {
        var failures: [Failure] = []
        var visiting: Set<String> = []
        check(value, schema, pointer: "", schemaPath: schemaPath, visiting: &visiting, into: &failures)
        return failures
    }

    /// The value a local reference (`#/components/schemas/X`, `#/definitions/X`) names in `root`.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        let pointer = String(reference.dropFirst())
        if pointer.isEmpty { return root }
        guard pointer.hasPrefix("/") else { return nil }
        var current = root
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = (String(raw).removingPercentEncoding ?? String(raw))
                .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                current = items[index]
            default: return nil
            }
        }
        return current
    }

    // MARK: - Checking

    private func check(
        _ value: JSONValue, _ schema: JSONValue, pointer: String, schemaPath: String, visiting: inout Set<String>,
        into failures: inout [Failure]
    ) {
        func fail(_ rule: String, _ message: String) {
            failures.append(Failure(pointer: pointer, rule: rule, schemaPath: "\(schemaPath)/\(rule)", message: message))
        }
        let keywords: [String: JSONValue]
        switch schema {
        case .bool(true): return
        case .bool(false):
            failures.append(Failure(pointer: pointer, rule: "false", schemaPath: schemaPath, message: "no value is allowed here"))
            return
        case .object(let members): keywords = members
        default:
            failures.append(Failure(pointer: pointer, rule: "schema", schemaPath: schemaPath, message: "the schema is not an object but \(schema.typeName)"))
            return
        }

        // Swagger's x-nullable (and OpenAPI 3.0's nullable) let null through whatever else the schema says, $ref included.
        if value == .null, keywords["x-nullable"] == .bool(true) || keywords["nullable"] == .bool(true) { return }

        if case .string(let reference)? = keywords["$ref"] {
            // A cycle is the same reference entered again for the same value: it would never end.
            let visit = "\(reference) @ \(pointer)"
            if visiting.contains(visit) {
                fail("$ref", "reference cycle through \(reference) without consuming any of the value")
            } else if let target = resolve(reference) {
                visiting.insert(visit)
                check(value, target, pointer: pointer, schemaPath: reference, visiting: &visiting, into: &failures)
                visiting.remove(visit)
            } else {
                fail("$ref", "\(reference) names nothing in the document")
            }
            // Swagger 2.0 ignores siblings of $ref; OpenAPI 3.1 applies them. The checks below apply them, which
            // both agree on for the annotations (description, ...) they are used for in practice.
        }

        if let type = keywords["type"] {
            let allowed: [String]
            switch type {
            case .string(let name): allowed = [name]
            case .array(let names): allowed = names.compactMap { if case .string(let name) = $0 { name } else { nil } }
            default: allowed = []
            }
            // A type name JSON Schema does not know (Swagger's "file") is not checked.
            let known = allowed.allSatisfy(Self.typeNames.contains)
            if known && !allowed.isEmpty && !allowed.contains(where: { Self.has(value, type: $0) }) {
                let expected = allowed.count == 1 ? allowed[0] : "one of \(allowed.joined(separator: ", "))"
                fail("type", "expected \(expected), found \(Self.describe(value))")
            }
        }

        if case .array(let options)? = keywords["enum"], !options.contains(where: { Self.same($0, value) }) {
            fail("enum", "\(Self.describe(value)) is not one of \(Self.list(options))")
        }
        if let constant = keywords["const"], !Self.same(constant, value) {
            fail("const", "\(Self.describe(value)) is not \(Self.describe(constant))")
        }

        checkNumber(value, keywords, fail: fail)
        checkString(value, keywords, fail: fail)

        if case .array(let items) = value {
            if let minimum = Self.integer(keywords["minItems"]), items.count < minimum { fail("minItems", "\(items.count) items, fewer than \(minimum)") }
            if let maximum = Self.integer(keywords["maxItems"]), items.count > maximum { fail("maxItems", "\(items.count) items, more than \(maximum)") }
            if let itemSchema = keywords["items"] {
                switch itemSchema {
                case .array(let tuple):  // Swagger's and draft 4's tuple form
                    for (index, item) in items.enumerated() where tuple.indices.contains(index) {
                        check(item, tuple[index], pointer: "\(pointer)/\(index)", schemaPath: "\(schemaPath)/items/\(index)", visiting: &visiting, into: &failures)
                    }
                default:
                    for (index, item) in items.enumerated() {
                        check(item, itemSchema, pointer: "\(pointer)/\(index)", schemaPath: "\(schemaPath)/items", visiting: &visiting, into: &failures)
                    }
                }
            }
        }

        if case .object(let members) = value {
            if case .array(let required)? = keywords["required"] {
                for case .string(let name) in required where members[name] == nil {
                    fail("required", "the member '\(name)' is missing")
                }
            }
            let properties: [String: JSONValue]
            if case .object(let declared)? = keywords["properties"] { properties = declared } else { properties = [:] }
            for name in members.keys.sorted() {
                let member = members[name] ?? .null
                let memberPointer = "\(pointer)/\(Self.escape(name))"
                if let propertySchema = properties[name] {
                    check(
                        member, propertySchema, pointer: memberPointer, schemaPath: "\(schemaPath)/properties/\(Self.escape(name))",
                        visiting: &visiting, into: &failures
                    )
                } else if let additional = keywords["additionalProperties"] {
                    if additional == .bool(false) {
                        failures.append(Failure(
                            pointer: memberPointer, rule: "additionalProperties", schemaPath: "\(schemaPath)/additionalProperties",
                            message: "the member '\(name)' is not declared"
                        ))
                    } else {
                        check(member, additional, pointer: memberPointer, schemaPath: "\(schemaPath)/additionalProperties", visiting: &visiting, into: &failures)
                    }
                }
            }
            if let minimum = Self.integer(keywords["minProperties"]), members.count < minimum {
                fail("minProperties", "\(members.count) members, fewer than \(minimum)")
            }
        }

        if case .array(let all)? = keywords["allOf"] {
            for (index, part) in all.enumerated() {
                check(value, part, pointer: pointer, schemaPath: "\(schemaPath)/allOf/\(index)", visiting: &visiting, into: &failures)
            }
        }
        if case .array(let any)? = keywords["anyOf"] {
            let results = alternatives(value, any, keyword: "anyOf", pointer: pointer, schemaPath: schemaPath, visiting: &visiting)
            if !results.contains(where: \.isEmpty) {
                fail("anyOf", "matches none of the \(any.count) schemas: \(Self.summary(results))")
            }
        }
        if case .array(let one)? = keywords["oneOf"] {
            let results = alternatives(value, one, keyword: "oneOf", pointer: pointer, schemaPath: schemaPath, visiting: &visiting)
            let matching = results.indices.filter { results[$0].isEmpty }
            if matching.isEmpty {
                fail("oneOf", "matches none of the \(one.count) schemas: \(Self.summary(results))")
            } else if matching.count > 1 {
                fail("oneOf", "matches \(matching.count) schemas (\(matching.map(String.init).joined(separator: ", "))), not exactly one")
            }
        }
    }

    private func alternatives(
        _ value: JSONValue, _ schemas: [JSONValue], keyword: String, pointer: String, schemaPath: String, visiting: inout Set<String>
    ) -> [[Failure]] {
        schemas.enumerated().map { index, schema in
            var failures: [Failure] = []
            check(value, schema, pointer: pointer, schemaPath: "\(schemaPath)/\(keyword)/\(index)", visiting: &visiting, into: &failures)
            return failures
        }
    }

    private func checkNumber(_ value: JSONValue, _ keywords: [String: JSONValue], fail: (String, String) -> Void) {
        guard case .number(let number) = value else { return }
        // OpenAPI 3.1 writes exclusive bounds as numbers; Swagger 2.0 as booleans beside minimum/maximum.
        let exclusiveMinimum = keywords["exclusiveMinimum"] == .bool(true)
        let exclusiveMaximum = keywords["exclusiveMaximum"] == .bool(true)
        if case .number(let minimum)? = keywords["minimum"] {
            if exclusiveMinimum ? number <= minimum : number < minimum {
                fail("minimum", "\(number) is \(exclusiveMinimum ? "not above" : "below") \(minimum)")
            }
        }
        if case .number(let maximum)? = keywords["maximum"] {
            if exclusiveMaximum ? number >= maximum : number > maximum {
                fail("maximum", "\(number) is \(exclusiveMaximum ? "not below" : "above") \(maximum)")
            }
        }
        if case .number(let bound)? = keywords["exclusiveMinimum"], number <= bound { fail("exclusiveMinimum", "\(number) is not above \(bound)") }
        if case .number(let bound)? = keywords["exclusiveMaximum"], number >= bound { fail("exclusiveMaximum", "\(number) is not below \(bound)") }
    }

    private func checkString(_ value: JSONValue, _ keywords: [String: JSONValue], fail: (String, String) -> Void) {
        guard case .string(let text) = value else { return }
        // JSON Schema counts characters as code points.
        let length = text.unicodeScalars.count
        if let minimum = Self.integer(keywords["minLength"]), length < minimum { fail("minLength", "\(length) characters, fewer than \(minimum)") }
        if let maximum = Self.integer(keywords["maxLength"]), length > maximum { fail("maxLength", "\(length) characters, more than \(maximum)") }
        if case .string(let format)? = keywords["format"], let valid = Self.formatCheck(format), !valid(text) {
            fail("format", "\(Self.describe(value)) is not a \(format)")
        }
    }

    // MARK: - Helpers

    /// Light checks of the formats FlowGate's documents use; `nil` for formats left unchecked.
    static func formatCheck(_ format: String) -> (@Sendable (String) -> Bool)? {
        switch format {
        case "uuid": { text in text.utf8.count == 36 && UUID(uuidString: text) != nil }
        case "date-time":
            { text in
                text.wholeMatch(
                    of: #/[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])/#
                ) != nil
            }
        case "date": { text in text.wholeMatch(of: #/[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])/#) != nil }
        default: nil
        }
    }

    static let typeNames: Set<String> = ["null", "boolean", "string", "array", "object", "number", "integer"]

    /// Whether `value` is of the JSON Schema type `name`; `integer` is a number without a fraction.
    static func has(_ value: JSONValue, type name: String) -> Bool {
        switch (name, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number): true
        case ("integer", .number(let number)): isWhole(number)
        default: false
        }
    }

    static func isWhole(_ number: Decimal) -> Bool {
        var source = number
        var rounded = Decimal()
        NSDecimalRound(&rounded, &source, 0, .plain)
        return rounded == number
    }

    /// JSON equality, numbers by value (`1` and `1.0` are the same number).
    static func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.number(let a), .number(let b)): a == b
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (.object(let a), .object(let b)): a.count == b.count && a.allSatisfy { key, item in b[key].map { same(item, $0) } ?? false }
        default: left == right
        }
    }

    private static func integer(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value else { return nil }
        return NSDecimalNumber(decimal: number).intValue
    }

    /// A JSON pointer token: `~` and `/` escaped.
    static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): "\(number)"
        case .string(let text): text.count > 60 ? "\"\(text.prefix(60))…\"" : "\"\(text)\""
        case .array(let items): "an array of \(items.count)"
        case .object(let members): "an object (\(members.keys.sorted().prefix(6).joined(separator: ", "))\(members.count > 6 ? ", …" : ""))"
        }
    }

    private static func list(_ values: [JSONValue]) -> String {
        "[" + values.map(describe).joined(separator: ", ") + "]"
    }

    private static func summary(_ results: [[Failure]]) -> String {
        results.enumerated().map { index, failures in
            "#\(index): " + failures.prefix(3).map(\.description).joined(separator: "; ") + (failures.count > 3 ? "; …" : "")
        }.joined(separator: " | ")
    }
}
