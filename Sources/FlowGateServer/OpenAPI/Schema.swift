import FlowGateCore
import Foundation

/// JSON Schema (2020-12, as OpenAPI 3.1 uses it) fragments for the OpenAPI document.
///
/// Two kinds of object: a **representation** (what FlowGate answers) lists every key, all required and no
/// others, because the representations write `null` rather than leave a key out; an **input** (what a client
/// sends) requires only what the server requires and rejects unknown keys, as the server does.
enum Schema {
    static let string: JSONValue = .object(["type": "string"])
    static let integer: JSONValue = .object(["type": "integer"])
    static let number: JSONValue = .object(["type": "number"])
    static let boolean: JSONValue = .object(["type": "boolean"])
    static let uuid: JSONValue = .object(["type": "string", "format": "uuid"])
    static let dateTime: JSONValue = .object(["type": "string", "format": "date-time"])
    static let date: JSONValue = .object(["type": "string", "format": "date"])
    /// Any JSON object: record fields, a flow's payload, a record's representation in a message.
    static let anyObject: JSONValue = .object(["type": "object"])

    /// A Business Central decimal: what `JSONObjectReader.decimal` accepts.
    static func decimal(minimum: Int = -999_999_999_999_999) -> JSONValue {
        .object(["type": "number", "minimum": JSONValue(minimum), "maximum": .number(Decimal(string: "999999999999999.99") ?? 0)])
    }

    /// A code as `Code.normalize` accepts it (in a path or a body): not blank, at most `maxLength`, without '/',
    /// '?', '#' or line breaks.
    static func code(maxLength: Int = 50) -> JSONValue {
        let allowed = #"[^/?#\r\n\u000b\u000c\u0085\u2028\u2029]"#
        return .object([
            "type": "string", "minLength": JSONValue(1), "maxLength": JSONValue(maxLength),
            "pattern": .string("^\(allowed)*[^\\s/?#]\(allowed)*$"),
        ])
    }

    /// An email address as `EmailAddress.isPlausible` accepts it: one '@', a dot inside the domain, no spaces.
    static let email: JSONValue = .object(["type": "string", "pattern": #"^[^@ ]+@[^@ .][^@ ]*\.[^@ ]*[^@ .]$"#])

    /// A notification URL: http or https, printable ASCII, no '#fragment'.
    static func url(description: String) -> JSONValue {
        .object(["type": "string", "pattern": #"^[Hh][Tt][Tt][Pp][Ss]?://[!-"$-~]+$"#, "description": .string(description)])
    }

    static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    static func array(_ items: JSONValue, minItems: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "array", "items": items]
        if let minItems { schema["minItems"] = JSONValue(minItems) }
        return .object(schema)
    }

    /// The schema, or `null`: a `type` gains `"null"`; anything else (a `$ref`) becomes `anyOf` with null.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var fields) = schema, let type = fields["type"] else {
            return .object(["anyOf": .array([schema, .object(["type": "null"])])])
        }
        if case .string(let name) = type { fields["type"] = .array([.string(name), "null"]) }
        if case .array(let names) = fields["enum"] { fields["enum"] = .array(names + [.null]) }
        return .object(fields)
    }

    /// A string naming one case of a Swift enumeration, so the document lists exactly what the server accepts.
    static func oneOf<Values: CaseIterable & RawRepresentable>(_ type: Values.Type) -> JSONValue where Values.RawValue == String {
        .object(["type": "string", "enum": .array(type.allCases.map { .string($0.rawValue) })])
    }

    static func string(minLength: Int? = nil, maxLength: Int? = nil, description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "string"]
        if let minLength { schema["minLength"] = JSONValue(minLength) }
        if let maxLength { schema["maxLength"] = JSONValue(maxLength) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func integer(minimum: Int? = nil, maximum: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "integer"]
        if let minimum { schema["minimum"] = JSONValue(minimum) }
        if let maximum { schema["maximum"] = JSONValue(maximum) }
        return .object(schema)
    }

    /// What FlowGate answers: every member present (`optional` ones only in some cases), no others.
    static func representation(_ members: [String: JSONValue], optional: Set<String> = [], description: String? = nil) -> JSONValue {
        closedObject(members, required: members.keys.filter { !optional.contains($0) }.sorted(), description: description)
    }

    /// What a client sends: the `required` members, others optional, unknown members rejected (400).
    static func input(_ members: [String: JSONValue], required: [String] = [], description: String? = nil) -> JSONValue {
        closedObject(members, required: required, description: description)
    }

    /// The list answer: `{"value": [...], "nextCursor": "…" | null}`.
    static func page(of item: JSONValue) -> JSONValue {
        representation(["value": array(item), "nextCursor": nullable(string)])
    }

    /// Adds a description to a schema (beside a `$ref`, which 3.1 allows).
    static func described(_ schema: JSONValue, _ text: String) -> JSONValue {
        guard case .object(var fields) = schema else { return schema }
        fields["description"] = .string(text)
        return .object(fields)
    }

    private static func closedObject(_ members: [String: JSONValue], required: [String], description: String?) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(members), "additionalProperties": .bool(false)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }
}
