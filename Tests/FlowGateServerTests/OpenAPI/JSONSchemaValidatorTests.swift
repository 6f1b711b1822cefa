import FlowGateCore
import Foundation
import Testing

/// The schema checker the contract tests rely on: each keyword accepts what it should, and refuses what it should
/// with the value's JSON pointer and the rule's name.
@Suite("JSONSchemaValidator")
struct JSONSchemaValidatorTests {
    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The failures of `value` against `schema` (both JSON text), as `pointer rule` pairs.
    static func failures(_ value: String, _ schema: String, root: String = "null") throws -> [String] {
        let validator = JSONSchemaValidator(root: try json(root))
        return validator.validate(try json(value), against: try json(schema)).map { "\($0.pointer) \($0.rule)" }
    }

    @Test("type: a name or a list with null; integer is a whole number; number takes integers")
    func types() throws {
        #expect(try Self.failures(#""a""#, #"{"type": "string"}"#).isEmpty)
        #expect(try Self.failures("1", #"{"type": "string"}"#) == [" type"])
        #expect(try Self.failures("null", #"{"type": ["string", "null"]}"#).isEmpty)
        #expect(try Self.failures("null", #"{"type": "string"}"#) == [" type"])
        #expect(try Self.failures("3", #"{"type": "integer"}"#).isEmpty)
        #expect(try Self.failures("3.0", #"{"type": "integer"}"#).isEmpty, "3.0 is a whole number")
        #expect(try Self.failures("3.5", #"{"type": "integer"}"#) == [" type"])
        #expect(try Self.failures("3", #"{"type": "number"}"#).isEmpty)
        #expect(try Self.failures("true", #"{"type": "number"}"#) == [" type"])
        #expect(try Self.failures("{}", #"{"type": "array"}"#) == [" type"])
        #expect(try Self.failures("[]", #"{"type": "object"}"#) == [" type"])
        #expect(try Self.failures("false", #"{"type": "boolean"}"#).isEmpty)
        #expect(try Self.failures("\"x\"", "true").isEmpty)
        #expect(try Self.failures("\"x\"", "false") == [" false"])
    }

    @Test("properties, required and additionalProperties name the member's pointer")
    func objects() throws {
        let schema = #"""
            {"type": "object", "required": ["id", "name"], "additionalProperties": false,
             "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "a/b": {"type": "string"}}}
            """#
        #expect(try Self.failures(#"{"id": 1, "name": "x"}"#, schema).isEmpty)
        #expect(try Self.failures(#"{"id": 1}"#, schema) == [" required"])
        #expect(try Self.failures(#"{"id": "1", "name": "x"}"#, schema) == ["/id type"])
        #expect(try Self.failures(#"{"id": 1, "name": "x", "extra": 2}"#, schema) == ["/extra additionalProperties"])
        #expect(try Self.failures(#"{"id": 1, "name": "x", "a/b": 2}"#, schema) == ["/a~1b type"], "pointer tokens escape '/'")
        let typed = #"{"type": "object", "additionalProperties": {"type": "integer"}}"#
        #expect(try Self.failures(#"{"a": 1, "b": 2}"#, typed).isEmpty)
        #expect(try Self.failures(#"{"a": 1, "b": "2"}"#, typed) == ["/b type"])
        #expect(try Self.failures(#"{"anything": true}"#, #"{"type": "object"}"#).isEmpty, "open by default")
    }

    @Test("items applies to every element, with its index in the pointer; minItems and maxItems count them")
    func arrays() throws {
        let schema = #"{"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}, "minItems": 1, "maxItems": 3}"#
        #expect(try Self.failures(#"[{"n": 1}, {"n": 2}]"#, schema).isEmpty)
        #expect(try Self.failures(#"[{"n": 1}, {"n": "two"}]"#, schema) == ["/1/n type"])
        #expect(try Self.failures("[]", schema) == [" minItems"])
        #expect(try Self.failures("[{}, {}, {}, {}]", schema) == [" maxItems"])
    }

    @Test("enum and const compare JSON values, numbers by value")
    func enumAndConst() throws {
        #expect(try Self.failures(#""Open""#, #"{"enum": ["Open", "Released"]}"#).isEmpty)
        #expect(try Self.failures(#""open""#, #"{"enum": ["Open", "Released"]}"#) == [" enum"])
        #expect(try Self.failures("null", #"{"type": ["string", "null"], "enum": ["Open", null]}"#).isEmpty)
        #expect(try Self.failures("1.0", #"{"const": 1}"#).isEmpty)
        #expect(try Self.failures(#"{"a": [1, 2]}"#, #"{"const": {"a": [1, 2]}}"#).isEmpty)
        #expect(try Self.failures(#"{"a": [2, 1]}"#, #"{"const": {"a": [1, 2]}}"#) == [" const"])
    }

    @Test("oneOf needs exactly one match, anyOf at least one, allOf all")
    func combinations() throws {
        let oneOf = #"{"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 10}]}"#
        #expect(try Self.failures("3", oneOf).isEmpty)
        #expect(try Self.failures("10.5", oneOf).isEmpty)
        #expect(try Self.failures("12", oneOf) == [" oneOf"], "12 is both")
        #expect(try Self.failures(#""x""#, oneOf) == [" oneOf"])
        let anyOf = #"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#
        #expect(try Self.failures("null", anyOf).isEmpty)
        #expect(try Self.failures("1", anyOf) == [" anyOf"])
        let allOf = #"{"allOf": [{"type": "object", "required": ["a"]}, {"required": ["b"]}]}"#
        #expect(try Self.failures(#"{"a": 1, "b": 2}"#, allOf).isEmpty)
        #expect(try Self.failures(#"{"a": 1}"#, allOf) == [" required"])
    }

    @Test("$ref resolves #/components/schemas/ and #/definitions/ in the root document; a missing target fails")
    func references() throws {
        let openAPI = ##"{"components": {"schemas": {"Id": {"type": "string", "format": "uuid"}, "Thing": {"type": "object", "required": ["id"], "properties": {"id": {"$ref": "#/components/schemas/Id"}}}}}}"##
        let thing = ##"{"$ref": "#/components/schemas/Thing"}"##
        #expect(try Self.failures(#"{"id": "6f1c1c8e-2a55-4b5e-9d63-5b7a3c1e9f00"}"#, thing, root: openAPI).isEmpty)
        #expect(try Self.failures(#"{"id": "nope"}"#, thing, root: openAPI) == ["/id format"])
        #expect(try Self.failures("{}", thing, root: openAPI) == [" required"])
        let swagger = #"{"definitions": {"Entry": {"type": "object", "properties": {"no": {"type": "integer"}}}}}"#
        #expect(try Self.failures(##"{"no": 1.5}"##, ##"{"$ref": "#/definitions/Entry"}"##, root: swagger) == ["/no type"])
        #expect(try Self.failures("1", ##"{"$ref": "#/definitions/Missing"}"##, root: swagger) == [" $ref"])
        let escaped = #"{"definitions": {"a/b": {"type": "string"}}}"#
        #expect(try Self.failures("1", ##"{"$ref": "#/definitions/a~1b"}"##, root: escaped) == [" type"])
    }

    @Test("A recursive schema validates nested data; a reference cycle that consumes nothing fails instead of looping")
    func cycles() throws {
        let root = #"""
            {"components": {"schemas": {
              "Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
              "A": {"$ref": "#/components/schemas/B"}, "B": {"allOf": [{"$ref": "#/components/schemas/A"}]}
            }}}
            """#
        let node = ##"{"$ref": "#/components/schemas/Node"}"##
        #expect(try Self.failures(#"{"children": [{"children": [{"children": []}]}]}"#, node, root: root).isEmpty)
        #expect(try Self.failures(#"{"children": [{"children": [{"children": 3}]}]}"#, node, root: root) == ["/children/0/children/0/children type"])
        #expect(try Self.failures("{}", ##"{"$ref": "#/components/schemas/A"}"##, root: root) == [" $ref"])
    }

    @Test("minimum, maximum and the exclusive bounds, in both OpenAPI 3.1's and Swagger's spelling")
    func numbers() throws {
        let range = #"{"type": "integer", "minimum": 1, "maximum": 1000}"#
        #expect(try Self.failures("1", range).isEmpty)
        #expect(try Self.failures("1000", range).isEmpty)
        #expect(try Self.failures("0", range) == [" minimum"])
        #expect(try Self.failures("1001", range) == [" maximum"])
        #expect(try Self.failures("0", #"{"exclusiveMinimum": 0}"#) == [" exclusiveMinimum"])
        #expect(try Self.failures("0", #"{"minimum": 0, "exclusiveMinimum": true}"#) == [" minimum"])
        #expect(try Self.failures("5", #"{"maximum": 5, "exclusiveMaximum": true}"#) == [" maximum"])
        #expect(try Self.failures(#""0""#, range) == [" type"], "bounds apply to numbers only")
    }

    @Test("minLength and maxLength count characters (code points)")
    func lengths() throws {
        let schema = #"{"type": "string", "minLength": 2, "maxLength": 4}"#
        #expect(try Self.failures(#""ab""#, schema).isEmpty)
        #expect(try Self.failures(#""JOSÉ""#, schema).isEmpty)
        #expect(try Self.failures(#""a""#, schema) == [" minLength"])
        #expect(try Self.failures(#""abcde""#, schema) == [" maxLength"])
    }

    @Test("format: date-time is RFC 3339, uuid the 8-4-4-4-12 form, date a calendar date; other formats pass")
    func formats() throws {
        let time = #"{"type": "string", "format": "date-time"}"#
        for valid in ["2026-01-31T10:20:30Z", "2026-01-31T10:20:30.123Z", "2026-01-31T10:20:30+02:00"] {
            #expect(try Self.failures("\"\(valid)\"", time).isEmpty, "\(valid)")
        }
        for invalid in ["2026-01-31", "2026-13-01T00:00:00Z", "2026-01-31 10:20:30Z", "yesterday", "2026-01-31T10:20:30"] {
            #expect(try Self.failures("\"\(invalid)\"", time) == [" format"], "\(invalid)")
        }
        let uuid = #"{"type": "string", "format": "uuid"}"#
        #expect(try Self.failures(#""0192d3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d""#, uuid).isEmpty)
        #expect(try Self.failures(#""0192d3c45e6f7a8b9c0d1e2f3a4b5c6d""#, uuid) == [" format"])
        #expect(try Self.failures(#""0192d3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6z""#, uuid) == [" format"])
        #expect(try Self.failures(#""2026-02-28""#, #"{"format": "date"}"#).isEmpty)
        #expect(try Self.failures(#""28.02.2026""#, #"{"format": "date"}"#) == [" format"])
        #expect(try Self.failures(#""anything""#, #"{"format": "uri"}"#).isEmpty)
    }

    @Test("Swagger's x-nullable lets null through, beside a type or a $ref")
    func xNullable() throws {
        #expect(try Self.failures("null", #"{"type": "string", "x-nullable": true}"#).isEmpty)
        #expect(try Self.failures("null", #"{"type": "string", "x-nullable": false}"#) == [" type"])
        #expect(try Self.failures("1", #"{"type": "string", "x-nullable": true}"#) == [" type"])
        let root = #"{"definitions": {"Thing": {"type": "object"}}}"#
        #expect(try Self.failures("null", ##"{"$ref": "#/definitions/Thing", "x-nullable": true}"##, root: root).isEmpty)
    }

    @Test("Unknown keywords are ignored")
    func unknownKeywords() throws {
        #expect(try Self.failures(#""x""#, #"{"type": "string", "x-ms-summary": "Name", "pattern": "^[0-9]+$", "description": "d"}"#).isEmpty)
    }

    @Test("Every broken rule is reported, each with its pointer, rule and the schema location, in a readable line")
    func reportsAll() throws {
        let root = try Self.json(
            ##"{"components": {"schemas": {"Page": {"type": "object", "required": ["value"], "properties": {"value": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}, "Item": {"type": "object", "additionalProperties": false, "properties": {"status": {"enum": ["Open"]}}}}}}"##
        )
        let validator = JSONSchemaValidator(root: root)
        let failures = validator.validate(
            try Self.json(##"{"value": [{"status": "Open"}, {"status": "Shut", "x": 1}]}"##), against: try Self.json(##"{"$ref": "#/components/schemas/Page"}"##)
        )
        #expect(failures.map(\.pointer) == ["/value/1/status", "/value/1/x"])
        #expect(failures.map(\.rule) == ["enum", "additionalProperties"])
        #expect(failures.first?.schemaPath == "#/components/schemas/Item/properties/status/enum")
        #expect(failures.first?.description.contains("/value/1/status: enum") == true, "\(failures.first?.description ?? "")")
    }
}
